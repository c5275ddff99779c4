/**
 * Setup shared by the IronixPay tests that run the node in n8n-core's WorkflowExecute against the
 * local IronixPay sandbox: the sandbox's options, an account's credentials on it, and one run.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPay } from '../../nodes/IronixPay/IronixPay.node';
import { startIronixPaySandbox, type IronixPaySandbox, type IronixPaySandboxOptions } from '../../sandbox/ironixpay/server';
import { runNode, type NodeRunResult } from '../harness/workflow';

/** A rate limit no test reaches (a test of the limiter passes its own). */
export const NO_RATE_LIMIT = { rateLimitPerMinute: 60_000, rateLimitBurst: 1_000 } as const;

/** Starts a sandbox without a reachable rate limit; `options` adds to or overrides that. */
export async function startSandbox(options: IronixPaySandboxOptions = {}): Promise<IronixPaySandbox> {
	return await startIronixPaySandbox({ ...NO_RATE_LIMIT, ...options });
}

/** The credentials of the sandbox's merchant (environment "custom" pointing at the sandbox). */
export function sandboxCredentials(sandbox: IronixPaySandbox, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		baseUrl: sandbox.url,
		secretKey: sandbox.options.secretKey,
		webhookSecret: sandbox.options.webhookSecret,
		...overrides,
	};
}

export interface RunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** The sandbox merchant's credentials unless given. */
	credentials?: ICredentialDataDecryptedObject;
	/** A new IronixPay node unless given (e.g. one with a changed description). */
	node?: INodeType;
}

/** Runs the IronixPay node once with `parameters` against `sandbox`. */
export async function runIronixPay(sandbox: IronixPaySandbox, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeRunResult> {
	return await runNode({
		node: options.node ?? new IronixPay(),
		credentialType: new IronixPayApi(),
		credentials: options.credentials ?? sandboxCredentials(sandbox),
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}

let sequence = 0;
/** A reference no other run of this test file used. */
export const unique = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;
