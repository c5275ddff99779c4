/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * `POST /_sandbox/sample-event` ("Listen for test event" in the demo): each sandbox builds a real
 * event of its gateway, signs it as it signs its webhooks and POSTs it once to the given URL. Here
 * the URL is a trigger host serving the gateway's real trigger node with credentials for that
 * sandbox, Confirm With Gateway on, so the event must verify and its object must exist there.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, ICredentialType, INodeType } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import { CashyTrigger } from '../../nodes/Cashy/CashyTrigger.node';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { PayKkaTrigger } from '../../nodes/PayKka/PayKkaTrigger.node';
import { PinddpayTrigger } from '../../nodes/Pinddpay/PinddpayTrigger.node';
import { CASHY_TEST_API_KEY, startCashySandbox } from '../../sandbox/cashy/server';
import { startIronixPaySandbox } from '../../sandbox/ironixpay/server';
import { startPayKkaSandbox } from '../../sandbox/paykka/server';
import { startPinddpaySandbox } from '../../sandbox/pinddpay/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { sandboxCredentials as paykkaCredentials } from '../paykka/fixture';
import { sandboxCredentials as pinddpayCredentials } from '../pinddpay/fixture';

interface Gateway {
	name: string;
	start(): Promise<{ url: string; close(): Promise<void>; credentials: ICredentialDataDecryptedObject }>;
	node(): INodeType;
	credentialType(): ICredentialType;
	/** The answer's fields (Pinddpay wraps control answers in its `result` envelope). */
	unwrap(json: Record<string, unknown>): Record<string, unknown>;
	/** What the execution must carry for the event the sandbox says it sent. */
	idInExecution(eventId: string, sandboxUrl: string): Promise<string>;
}

const direct = (json: Record<string, unknown>) => json;

const gateways: Gateway[] = [
	{
		name: 'IronixPay',
		start: async () => {
			const sandbox = await startIronixPaySandbox();
			const credentials = { environment: 'custom', baseUrl: sandbox.url, secretKey: sandbox.options.secretKey, webhookSecret: sandbox.options.webhookSecret };
			return { url: sandbox.url, close: sandbox.close, credentials };
		},
		node: () => new IronixPayTrigger(),
		credentialType: () => new IronixPayApi(),
		unwrap: direct,
		idInExecution: async (eventId) => eventId,
	},
	{
		name: 'PayKKa',
		start: async () => {
			const sandbox = await startPayKkaSandbox();
			return { url: sandbox.url, close: sandbox.close, credentials: paykkaCredentials(sandbox) };
		},
		node: () => new PayKkaTrigger(),
		credentialType: () => new PayKkaApi(),
		unwrap: direct,
		// The notification id is the sandbox's; the notification itself names the paid order.
		idInExecution: async (eventId, sandboxUrl) => {
			const listed = (await (await fetch(`${sandboxUrl}/_sandbox/notifications`)).json()) as { notifications: Array<{ id: string; body: string }> };
			const sent = listed.notifications.find((notification) => notification.id === eventId);
			return (JSON.parse(sent!.body) as { order_id: string }).order_id;
		},
	},
	{
		name: 'Pinddpay',
		start: async () => {
			const sandbox = await startPinddpaySandbox();
			return { url: sandbox.url, close: sandbox.close, credentials: pinddpayCredentials(sandbox) };
		},
		node: () => new PinddpayTrigger(),
		credentialType: () => new PinddpayApi(),
		unwrap: (json) => json.result as Record<string, unknown>,
		idInExecution: async (eventId) => eventId,
	},
	{
		name: 'Cashy',
		start: async () => {
			const sandbox = await startCashySandbox({ merchantId: '100001', apiKey: CASHY_TEST_API_KEY });
			return { url: sandbox.url, close: sandbox.close, credentials: { environment: 'custom', baseUrl: sandbox.url, merchantId: '100001', secretKey: CASHY_TEST_API_KEY } };
		},
		node: () => new CashyTrigger(),
		credentialType: () => new CashyApi(),
		unwrap: direct,
		// Cashy notifications carry no event id: the sandbox names them <orderNo>:<status>.
		idInExecution: async (eventId) => eventId.split(':')[0],
	},
];

async function sampleEvent(sandboxUrl: string, url: string) {
	const response = await fetch(`${sandboxUrl}/_sandbox/sample-event`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ url }),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A local port nothing listens on any more. */
async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}/webhook-test/x/webhook`;
}

describe.each(gateways)('$name sandbox: POST /_sandbox/sample-event', (gateway) => {
	let sandbox: Awaited<ReturnType<Gateway['start']>>;
	let host: TriggerHost | undefined;
	beforeAll(async () => {
		sandbox = await gateway.start();
	});
	afterAll(async () => await sandbox.close());
	afterEach(async () => {
		await host?.close();
		host = undefined;
	});

	it('sends one signed event the real trigger (Confirm With Gateway on) accepts and runs once', async () => {
		host = await startTriggerHost({
			node: gateway.node(),
			credentialType: gateway.credentialType(),
			credentials: sandbox.credentials,
			parameters: { events: ['*'], options: { confirmWithGateway: true } } as never,
		});
		const answer = await sampleEvent(sandbox.url, host.url);
		expect(answer.status).toBe(200);
		const { status, eventId } = gateway.unwrap(answer.json);
		expect(status).toBe(200);
		expect(typeof eventId).toBe('string');
		expect(host.executions).toHaveLength(1);
		expect(JSON.stringify(host.executions[0])).toContain(`"${await gateway.idInExecution(eventId as string, sandbox.url)}"`);
		// Sent once, not through the retry dispatcher: nothing arrives later.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(host.executions).toHaveLength(1);
		expect(host.responses).toHaveLength(1);
	});

	it('refuses a URL that is not on this machine (400) and sends nothing', async () => {
		const answer = await sampleEvent(sandbox.url, 'https://example.com/webhook-test/x/webhook');
		expect(answer.status).toBe(400);
		expect(JSON.stringify(answer.json)).toMatch(/127\.0\.0\.1 or localhost/);
		expect((await sampleEvent(sandbox.url, 'ftp://127.0.0.1/x')).status).toBe(400);
	});

	it('answers 502 with the reason when nothing answers at the URL', async () => {
		const answer = await sampleEvent(sandbox.url, await closedPortUrl());
		expect(answer.status).toBe(502);
		expect(JSON.stringify(answer.json)).toMatch(/failed: .*ECONNREFUSED/);
	});
});

describe('sample-event leaves the configured webhook endpoint alone', () => {
	it('IronixPay: the endpoint stays as configured and gets nothing queued', async () => {
		const sandbox = await startIronixPaySandbox({ webhookUrl: 'http://127.0.0.1:9/configured' });
		const receiver = createServer((_req, res) => res.end('{}'));
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		try {
			const answer = await sampleEvent(sandbox.url, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
			expect(answer.json).toMatchObject({ status: 200 });
			expect(sandbox.options.webhookUrl).toBe('http://127.0.0.1:9/configured');
			expect(sandbox.dispatcher.pending).toBe(0);
			expect(sandbox.events.at(-1)).toMatchObject({ id: answer.json.eventId, event_type: 'session.completed' });
		} finally {
			await new Promise<void>((resolve) => receiver.close(() => resolve()));
			await sandbox.close();
		}
	});
});
