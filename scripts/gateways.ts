/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * One row per gateway for the demo and the end-to-end tests: how to start its sandbox, which
 * credential and workflow templates (demo/<key>/) to import and with which values, and how the
 * sandbox is told where to deliver webhooks. Adding a gateway = one entry here + demo/<key>/ +
 * its block in test/e2e/gateways.ts.
 *
 * A listed gateway whose sandbox module or export is missing throws: nothing is skipped silently.
 */
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT } from './n8n-runtime';

/** What every sandbox returns (the gateway-specific object has more). */
export interface SandboxHandle {
	url: string;
	close(): Promise<void>;
	/** The options it was started with, extra fields included (set by startSandbox). */
	startOptions?: Record<string, unknown>;
}

export interface GatewayEntry {
	key: string;
	displayName: string;
	/** Node types inside n8n, `<package>.<name>`, as package.json lists them. */
	nodeTypes: string[];
	credentialType: string;
	/** sandbox/<dir>/server.ts and its start function. */
	sandboxModule: string;
	sandboxExport: string;
	/** Fixed loopback port for the demo (tests use random ports); the same as sandbox/cli.ts. */
	demoPort: number;
	/** Ids fixed in the imported JSON so URLs and references are stable. */
	credentialId: string;
	workflowId: string;
	webhookId: string;
	/** Path segment of the trigger's webhook (`webhooks[].path`). */
	webhookPath: string;
	/** Extra start options (e.g. generated keys); the sandbox ignores fields it does not know. */
	sandboxOptions?(): Record<string, unknown>;
	/** Template values from the running sandbox (credential fields, addresses...). */
	templateValues(sandbox: SandboxHandle, context: { webhookUrl: string }): Record<string, string>;
	/** Points the sandbox's webhook deliveries at n8n. */
	setWebhookUrl(sandbox: SandboxHandle, url: string): Promise<void>;
	/** Lines the demo prints: what to click, what to run. */
	demoSteps(sandbox: SandboxHandle, n8nUrl: string): string[];
}

async function postJson(url: string, body: unknown): Promise<unknown> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text}`);
	return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
		publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
	};
}

const option = (sandbox: SandboxHandle, name: string): string => {
	const value = sandbox.startOptions?.[name] ?? (sandbox as unknown as { options?: Record<string, unknown> }).options?.[name];
	if (typeof value !== 'string') throw new Error(`sandbox option ${name} is missing`);
	return value;
};

const PACKAGE = 'n8n-nodes-payment-gateways';

/** The demo line for "Listen for test event": the sandbox sends one signed sample event to the trigger's test URL. */
function sampleEventStep(sandboxUrl: string, n8nUrl: string, webhookId: string): string {
	const body = JSON.stringify({ url: `${n8nUrl}/webhook-test/${webhookId}/webhook` });
	return `Trigger test: in the trigger's panel click "Listen for test event", then: curl -s -X POST ${sandboxUrl}/_sandbox/sample-event -H 'Content-Type: application/json' -d '${body}'`;
}

export const GATEWAYS: GatewayEntry[] = [
	{
		key: 'ironixpay',
		displayName: 'IronixPay',
		nodeTypes: [`${PACKAGE}.ironixPay`, `${PACKAGE}.ironixPayTrigger`],
		credentialType: 'ironixPayApi',
		sandboxModule: 'sandbox/ironixpay/server',
		sandboxExport: 'startIronixPaySandbox',
		demoPort: 4101,
		credentialId: 'IrnxPaySandbox01',
		workflowId: 'IrnxPayDemoFlow1',
		webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000001',
		webhookPath: 'webhook',
		templateValues: (sandbox) => ({
			SANDBOX_URL: sandbox.url,
			SECRET_KEY: option(sandbox, 'secretKey'),
			WEBHOOK_SECRET: option(sandbox, 'webhookSecret'),
		}),
		setWebhookUrl: async (sandbox, url) => {
			await postJson(`${sandbox.url}/_sandbox/webhook-endpoint`, { url });
		},
		demoSteps: (sandbox, n8nUrl) => [
			`Open ${n8nUrl}/workflow/IrnxPayDemoFlow1 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
			'  "Create checkout session" opens a 25 USDT session in the sandbox; copy its "id" (cs_...).',
			'Pay it; the sandbox then sends a signed session.completed webhook to the published workflow:',
			`  curl -s -X POST ${sandbox.url}/_sandbox/sessions/<cs_id>/pay -H 'Content-Type: application/json' -d '{"amount":"25"}'`,
			'  -> Executions: one run; "Pay out to supplier" created a 10 USDT payout (po_...).',
			`Complete the payout (another signed webhook): curl -s -X POST ${sandbox.url}/_sandbox/payouts/<po_id>/complete`,
			`State: curl -s ${sandbox.url}/_sandbox/state   Webhooks sent: curl -s ${sandbox.url}/_sandbox/webhooks`,
			sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000001'),
		],
	},
	{
		key: 'paykka',
		displayName: 'PayKKa',
		nodeTypes: [`${PACKAGE}.payKka`, `${PACKAGE}.payKkaTrigger`],
		credentialType: 'payKkaApi',
		sandboxModule: 'sandbox/paykka/server',
		sandboxExport: 'startPayKkaSandbox',
		demoPort: 4102,
		credentialId: 'PayKkaSandbox001',
		workflowId: 'PayKkaDemoFlow01',
		webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000002',
		webhookPath: 'webhook',
		// Fresh key pairs per run: the merchant's (credential signs requests, sandbox verifies) and the
		// platform's (sandbox signs responses and notifications, the trigger verifies).
		sandboxOptions: () => {
			const merchant = rsaKeyPair();
			const platform = rsaKeyPair();
			return {
				merchantPublicKeyPem: merchant.publicKeyPem,
				merchantPrivateKeyPem: merchant.privateKeyPem,
				platformPrivateKeyPem: platform.privateKeyPem,
				platformPublicKeyPem: platform.publicKeyPem,
			};
		},
		templateValues: (sandbox) => ({
			SANDBOX_URL: sandbox.url,
			MERCHANT_ID: (sandbox as unknown as { merchantId: string }).merchantId,
			APP_ID: (sandbox as unknown as { appId: string }).appId,
			PRIVATE_KEY: option(sandbox, 'merchantPrivateKeyPem'),
			PLATFORM_PUBLIC_KEY: (sandbox as unknown as { platformPublicKeyPem: string }).platformPublicKeyPem,
		}),
		setWebhookUrl: async (sandbox, url) => {
			await postJson(`${sandbox.url}/_sandbox/webhook-endpoint`, { url });
		},
		demoSteps: (sandbox, n8nUrl) => [
			`Open ${n8nUrl}/workflow/PayKkaDemoFlow01 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
			'  "Create checkout session" opens a 12.50 EUR hosted checkout; open its session_url to see the sandbox page,',
			'  or pay it with the test card 4242 4242 4242 4242 from the command line:',
			`  curl -s -X POST ${sandbox.url}/_sandbox/sessions/<session_id>/complete -H 'Content-Type: application/json' -d '{}'`,
			'  -> the sandbox sends a signed PAYMENT.SUCCESS notification; Executions: one run of the trigger branch.',
			`State: curl -s ${sandbox.url}/_sandbox/state   Notifications: curl -s ${sandbox.url}/_sandbox/notifications`,
			sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000002'),
		],
	},
	{
		key: 'pinddpay',
		displayName: 'Pinddpay',
		nodeTypes: [`${PACKAGE}.pinddpay`, `${PACKAGE}.pinddpayTrigger`],
		credentialType: 'pinddpayApi',
		sandboxModule: 'sandbox/pinddpay/server',
		sandboxExport: 'startPinddpaySandbox',
		demoPort: 4103,
		credentialId: 'PinddpaySandbox1',
		workflowId: 'PinddpayDemoFlw1',
		webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000003',
		webhookPath: 'webhook',
		templateValues: (sandbox) => ({
			SANDBOX_URL: sandbox.url,
			APP_ID: option(sandbox, 'appId'),
			ACCESS_KEY: option(sandbox, 'accessKey'),
			SECRET: option(sandbox, 'secret'),
		}),
		setWebhookUrl: async (sandbox, url) => {
			await postJson(`${sandbox.url}/_sandbox/webhook-endpoint`, { url });
		},
		demoSteps: (sandbox, n8nUrl) => [
			`Open ${n8nUrl}/workflow/PinddpayDemoFlw1 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
			'  "Create payout" sends 1.99 USD to payee@example.com (PayPal rail) in the sandbox; copy its "id".',
			'A shopper pays an order; the sandbox sends a signed order.paid webhook (sign-token) to the published workflow,',
			'whose trigger confirms it with Pinddpay (Query Transaction) before it runs:',
			`  curl -s -X POST ${sandbox.url}/_sandbox/orders -H 'Content-Type: application/json' -d '{"pay":true,"amount":"25.00"}'`,
			'(Payout webhooks cannot be confirmed: Pinddpay has no payout query, so with Confirm With Gateway on they get 422.)',
			`State: curl -s ${sandbox.url}/_sandbox/state   Webhooks sent: curl -s ${sandbox.url}/_sandbox/webhooks`,
			sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000003'),
		],
	},
	{
		key: 'cashy',
		displayName: 'Cashy',
		nodeTypes: [`${PACKAGE}.cashy`, `${PACKAGE}.cashyTrigger`],
		credentialType: 'cashyApi',
		sandboxModule: 'sandbox/cashy/server',
		sandboxExport: 'startCashySandbox',
		demoPort: 4104,
		credentialId: 'CashySandbox0001',
		workflowId: 'CashyDemoFlow001',
		webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000004',
		webhookPath: 'webhook',
		templateValues: (sandbox, context) => ({
			SANDBOX_URL: sandbox.url,
			MERCHANT_ID: option(sandbox, 'merchantId'),
			SECRET_KEY: option(sandbox, 'apiKey'),
			NOTIFY_URL: context.webhookUrl,
		}),
		// No control endpoint: the in-process sandbox reads notifyUrlOverride on every notification.
		setWebhookUrl: async (sandbox, url) => {
			const options = (sandbox as unknown as { options?: { notifyUrlOverride?: string } }).options;
			if (!options) throw new Error('the Cashy sandbox exposes no options object to set notifyUrlOverride on');
			options.notifyUrlOverride = url;
		},
		demoSteps: (sandbox, n8nUrl) => [
			`Open ${n8nUrl}/workflow/CashyDemoFlow001 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
			'  "Create PSE pay-in" creates a 30,000.00 COP pay-in (notify URL = the trigger\'s URL); copy its "orderNo".',
			'Settle it; the sandbox sends a Sign-ed notification and the trigger answers plain SUCCESS:',
			`  curl -s -X POST ${sandbox.url}/_sandbox/payin/<orderNo>/succeed`,
			`State: curl -s ${sandbox.url}/_sandbox/state   Notifications: curl -s ${sandbox.url}/_sandbox/notifications`,
			sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000004'),
		],
	},
];

/** Starts a gateway's sandbox; a missing module or export is an error, never a skip. */
export async function startSandbox(gateway: GatewayEntry, options: Record<string, unknown>): Promise<SandboxHandle> {
	const modulePath = path.join(REPO_ROOT, gateway.sandboxModule);
	if (!fs.existsSync(`${modulePath}.ts`)) {
		throw new Error(`${gateway.displayName}: ${gateway.sandboxModule}.ts does not exist, but the gateway is listed in scripts/gateways.ts`);
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
