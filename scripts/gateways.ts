/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The gateway-neutral machinery of the demo and the end-to-end tests: start a gateway's sandbox,
 * fill its credential and workflow templates (demo/<key>/), build its webhook URL. What each
 * gateway is (sandbox module, template values, demo steps...) lives in its descriptor,
 * test/gateways/<gateway>.ts; GATEWAYS is their demo entries, in the order of test/gateways/index.ts.
 *
 * A listed gateway whose sandbox module or export is missing throws: nothing is skipped silently.
 */
import * as fs from 'fs';
import * as path from 'path';

import { GATEWAY_DESCRIPTORS, type GatewayEntry, type SandboxHandle } from '../test/gateways';
import { REPO_ROOT } from './n8n-runtime';

export type { GatewayEntry, SandboxHandle };

export const GATEWAYS: GatewayEntry[] = GATEWAY_DESCRIPTORS.map((descriptor) => descriptor.demo);

/** Starts a gateway's sandbox; a missing module or export is an error, never a skip. */
export async function startSandbox(gateway: GatewayEntry, options: Record<string, unknown>): Promise<SandboxHandle> {
	const modulePath = path.join(REPO_ROOT, gateway.sandboxModule);
	if (!fs.existsSync(`${modulePath}.ts`)) {
		throw new Error(`${gateway.displayName}: ${gateway.sandboxModule}.ts does not exist, but the gateway is listed in test/gateways/index.ts`);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(modulePath) as Record<string, unknown>;
	const start = loaded[gateway.sandboxExport];
	if (typeof start !== 'function') {
		throw new Error(`${gateway.displayName}: ${gateway.sandboxModule}.ts does not export ${gateway.sandboxExport}()`);
	}
	const startOptions = { ...(gateway.sandboxOptions?.() ?? {}), ...options };
	const sandbox = await (start as (options: Record<string, unknown>) => Promise<SandboxHandle>)(startOptions);
	sandbox.startOptions = startOptions;
	return sandbox;
}

function fillTemplate(text: string, values: Record<string, string>): string {
	const filled = text.replace(/__([A-Z0-9_]+)__/g, (match, name: string) => {
		if (!(name in values)) throw new Error(`template value ${name} is missing`);
		// JSON-escape the value without its quotes, so any string is safe inside a JSON string.
		return JSON.stringify(values[name]).slice(1, -1);
	});
	JSON.parse(filled);
	return filled;
}

/** Writes the filled credential and workflow JSON for one gateway into `outDir`; returns both paths. */
export function renderTemplates(
	gateway: GatewayEntry,
	sandbox: SandboxHandle,
	outDir: string,
	context: { webhookUrl: string },
): { credentials: string; workflow: string } {
	const values: Record<string, string> = {
		...gateway.templateValues(sandbox, context),
		CREDENTIAL_ID: gateway.credentialId,
		WORKFLOW_ID: gateway.workflowId,
		WEBHOOK_ID: gateway.webhookId,
	};
	const templateDir = path.join(REPO_ROOT, 'demo', gateway.key);
	fs.mkdirSync(outDir, { recursive: true });
	const credentials = path.join(outDir, `${gateway.key}.credentials.json`);
	const workflow = path.join(outDir, `${gateway.key}.workflow.json`);
	fs.writeFileSync(credentials, fillTemplate(fs.readFileSync(path.join(templateDir, 'credentials.json'), 'utf8'), values));
	fs.writeFileSync(workflow, fillTemplate(fs.readFileSync(path.join(templateDir, 'workflow.json'), 'utf8'), values));
	return { credentials, workflow };
}

export function webhookUrl(gateway: GatewayEntry, n8nBaseUrl: string): string {
	return `${n8nBaseUrl}/webhook/${gateway.webhookId}/${gateway.webhookPath}`;
}

/** Node types the package declares (package.json `n8n.nodes` -> `<package>.<name>`), for the "no gateway left out" check. */
export function declaredNodeFiles(): string[] {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[] } };
	return pkg.n8n?.nodes ?? [];
}
