/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * When the gateway gets its 2xx (shared receiver, shown with the IronixPay Trigger): only after
 * n8n stored the execution, or after the workflow succeeded; a delivery n8n could not store or
 * run is answered non-2xx and its redelivery runs.
 */
import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { computeSignature } from '../../nodes/IronixPay/signature';
import { IRONIXPAY_TEST_WEBHOOK_SECRET as SECRET } from '../../sandbox/ironixpay/server';
import { startTriggerHost, type TriggerHost, type TriggerHostOptions } from '../harness/webhook';

const credentials = { environment: 'sandbox', secretKey: 'sk_test_unused', webhookSecret: SECRET };
const ACK = '{"received":true}';

function event(id: string) {
	return JSON.stringify({
		id,
		event_type: 'payout.completed',
		created: Math.floor(Date.now() / 1000),
		data: { object: 'payout', id: 'po_1', status: 'Completed', amount: '10' },
	});
}

async function deliver(host: TriggerHost, body: string) {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const response = await fetch(host.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': computeSignature(SECRET, timestamp, body) },
		body,
	});
	return { status: response.status, body: await response.text(), type: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after') };
}

const unique = (name: string) => `evt_${name}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

describe('acknowledge only what n8n has stored (IronixPay Trigger)', () => {
	let host: TriggerHost;
	afterEach(async () => await host?.close());
	const start = async (extra: Partial<TriggerHostOptions> = {}, options = {}) =>
		(host = await startTriggerHost({
			node: new IronixPayTrigger(),
			credentialType: new IronixPayApi(),
			credentials,
			parameters: { events: ['*'], options },
			...extra,
		}));

	it('the exact ack comes from n8n after it stored the execution', async () => {
		await start();
		const answer = await deliver(host, event(unique('stored')));
		expect(answer).toMatchObject({ status: 200, body: ACK });
		expect(answer.type).toMatch(/^application\/json/);
		expect(host.executions).toHaveLength(1);
	});

	it('n8n could not store the execution: the gateway sees 500, and its redelivery runs exactly once', async () => {
		let failures = 1;
		await start({ storeFails: () => failures-- > 0 });
		const body = event(unique('store-fails'));
		expect((await deliver(host, body)).status).toBe(500);
		expect(host.executions).toHaveLength(0);
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: ACK });
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: ACK });
		expect(host.executions).toHaveLength(1);
	});

	it('a redelivery while the first delivery is still being stored gets 503 + Retry-After, then the ack', async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let first = true;
		await start({
			storeFails: async () => {
				if (first) {
					first = false;
					await held;
				}
				return false;
			},
		});
		const body = event(unique('in-flight'));
		const original = deliver(host, body);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const duplicate = await deliver(host, body);
		expect(duplicate).toMatchObject({ status: 503, retryAfter: '5' });
		release();
		expect(await original).toMatchObject({ status: 200, body: ACK });
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: ACK });
		expect(host.executions).toHaveLength(1);
	});

	it('Acknowledge "After the Workflow Succeeds": a failed run answers 500, the redelivery runs and gets the exact ack', async () => {
		let failures = 1;
		await start({ runFails: () => failures-- > 0 }, { acknowledge: 'lastNode' });
		const body = event(unique('after-success'));
		expect((await deliver(host, body)).status).toBe(500);
		const second = await deliver(host, body);
		expect(second).toMatchObject({ status: 200, body: ACK });
		expect(second.type).toMatch(/^application\/json/);
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: ACK });
		// Two runs started (the failed one and the successful one); one succeeded.
		expect(host.executions).toHaveLength(2);
	});
});
