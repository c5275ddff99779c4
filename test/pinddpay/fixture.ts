/** The Pinddpay tests' fixture: one sandbox per test file, its credentials, running the node against it, and wire-level calls. */
import type { IDataObject, INodeType } from 'n8n-workflow';

import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { signRequestHeaders } from '../../nodes/Pinddpay/signature';
import { PINDDPAY_TEST_ACCESS_KEY, PINDDPAY_TEST_SECRET, startPinddpaySandbox, type PinddpaySandbox } from '../../sandbox/pinddpay/server';
import { runNode, type NodeRunResult } from '../harness/workflow';

/**
 * Starts a sandbox before the calling file's tests (beforeAll) and closes it after them (afterAll).
 * The returned object stands for that sandbox: it forwards to it once started, so tests use it
 * like the sandbox itself.
 */
export function sandboxForThisFile(options?: Parameters<typeof startPinddpaySandbox>[0]): PinddpaySandbox {
	let started: PinddpaySandbox | undefined;
	beforeAll(async () => {
		started = await startPinddpaySandbox(options);
	});
	afterAll(async () => await started?.close());
	return new Proxy({} as PinddpaySandbox, {
		get(_, property) {
			if (!started) throw new Error('The sandbox is used before beforeAll started it');
			const value = Reflect.get(started, property) as unknown;
			return typeof value === 'function' ? value.bind(started) : value;
		},
	});
}

let counter = 0;
/** A merchant number or event id no other test of this file uses. */
export const unique = (prefix: string) => `${prefix}-${Date.now()}-${++counter}`;

export function sandboxCredentials(sandbox: PinddpaySandbox, overrides: IDataObject = {}) {
	return {
		environment: 'custom',
		baseUrl: sandbox.url,
		appId: '',
		accessKey: PINDDPAY_TEST_ACCESS_KEY,
		secret: PINDDPAY_TEST_SECRET,
		...overrides,
	};
}

/** Runs the Pinddpay action node through WorkflowExecute against the sandbox. */
export async function runPinddpay(
	sandbox: PinddpaySandbox,
	parameters: IDataObject,
	options: { items?: IDataObject[]; continueOnFail?: boolean; retryOnFail?: boolean; credentials?: IDataObject; node?: INodeType } = {},
): Promise<NodeRunResult> {
	return await runNode({
		node: options.node ?? new Pinddpay(),
		credentialType: new PinddpayApi(),
		credentials: sandboxCredentials(sandbox, options.credentials),
		parameters: parameters as never,
		items: options.items,
		continueOnFail: options.continueOnFail,
		retryOnFail: options.retryOnFail,
	});
}

export function orderSessionParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'payIn',
		operation: 'createOrderSession',
		orderId: 'ORDER_123456',
		currency: 'USD',
		amount: '1.99',
		productName: 'VIP',
		quantity: 1,
		notifyUrl: 'https://example.com/callback',
		...overrides,
	};
}

export function payoutParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'payout',
		operation: 'create',
		orderNo: 'PAYOUT-0001',
		amount: '1.99',
		currency: 'USD',
		payoutAccount: 'payee@example.com',
		gateway: 'paypal',
		...overrides,
	};
}

/** A signed call straight to the sandbox, for wire-level checks; `headers` overrides the signed ones. */
export async function signedRequest(
	sandbox: PinddpaySandbox,
	method: string,
	pathAndQuery: string,
	options: { body?: string; headers?: Record<string, string | undefined>; secret?: string; timestamp?: number; nonce?: string } = {},
): Promise<{ status: number; body: IDataObject }> {
	const path = pathAndQuery.split('?')[0];
	const signed = signRequestHeaders(
		{ accessKey: PINDDPAY_TEST_ACCESS_KEY, secret: options.secret ?? PINDDPAY_TEST_SECRET },
		{ method, path },
		options.timestamp ?? Math.floor(Date.now() / 1000),
		options.nonce,
	);
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	for (const [name, value] of Object.entries({ ...signed, ...options.headers })) {
		if (value !== undefined) headers[name] = value;
	}
	const response = await fetch(`${sandbox.url}${pathAndQuery}`, { method, headers, body: options.body });
	return { status: response.status, body: (await response.json()) as IDataObject };
}

/** A test-only sandbox control (no signature). */
export async function control(sandbox: PinddpaySandbox, path: string, body: IDataObject = {}): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const envelope = (await response.json()) as IDataObject;
	if (envelope.code !== 200) throw new Error(`Control ${path} failed: ${String(envelope.message)}`);
	return envelope.result as IDataObject;
}
