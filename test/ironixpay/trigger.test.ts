import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import { computeSignature } from '../../nodes/IronixPay/signature';
import { IRONIXPAY_TEST_WEBHOOK_SECRET as SECRET } from '../../sandbox/ironixpay/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';

function event(id: string, eventType = 'session.completed', status = 'Paid') {
	return JSON.stringify({
		id,
		event_type: eventType,
		created: Math.floor(Date.now() / 1000),
		data: { object: eventType.startsWith('payout') ? 'payout' : 'checkout_session', id: 'cs_1', status, amount: '10.5' },
	});
}

async function deliver(
	host: TriggerHost,
	body: string,
	options: { secret?: string; timestamp?: number; signature?: string | null; contentType?: string } = {},
) {
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', 'x-timestamp': timestamp };
	const signature = options.signature === undefined ? computeSignature(options.secret ?? SECRET, timestamp, body) : options.signature;
	if (signature !== null) headers['x-signature'] = signature;
	const response = await fetch(host.url, { method: 'POST', headers, body });
	return { status: response.status, body: await response.text() };
}

describe('IronixPay Trigger (real HTTP, n8n-core WebhookContext)', () => {
	let host: TriggerHost;
	const credentials = { environment: 'sandbox', secretKey: 'sk_test_unused', webhookSecret: SECRET };

	afterEach(async () => await host?.close());

	it('starts one execution for a valid delivery and acks 2xx', async () => {
		host = await startTriggerHost({
			node: new IronixPayTrigger(),
			credentialType: new IronixPayApi(),
			credentials,
			parameters: { events: ['*'] },
		});
		const response = await deliver(host, event('evt_valid1'));
		expect(response.status).toBe(200);
		expect(host.executions).toHaveLength(1);
		const [item] = host.executions[0];
		expect(item.json).toMatchObject({ id: 'evt_valid1', event_type: 'session.completed', normalizedStatus: 'paid' });
		expect((item.json.data as { amount: string }).amount).toBe('10.5');
	});

	it('ignores a redelivery of the same event id (no second execution), still acking 200', async () => {
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] } });
		const body = event('evt_dup');
		expect((await deliver(host, body)).status).toBe(200);
		expect((await deliver(host, body)).status).toBe(200);
		// A redelivery is signed again with a new timestamp: still the same event.
		expect((await deliver(host, body, { timestamp: Math.floor(Date.now() / 1000) + 1 })).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('runs redeliveries again when dedupe is switched off', async () => {
		host = await startTriggerHost({
			node: new IronixPayTrigger(),
			credentialType: new IronixPayApi(),
			credentials,
			parameters: { events: ['*'], options: { dedupe: false } },
		});
		const body = event('evt_twice');
		await deliver(host, body);
		await deliver(host, body);
		expect(host.executions).toHaveLength(2);
	});

	it.each([
		['a forged signature', { signature: 'ab'.repeat(32) }],
		['a wrong secret', { secret: SECRET.replace('ff', 'fe') }],
		['no signature header', { signature: null }],
		// Well outside the 300 s window, so a second ticking over during the request cannot matter.
		['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 310 }],
		['a future timestamp', { timestamp: Math.floor(Date.now() / 1000) + 310 }],
	])('answers 401 and starts nothing for %s', async (_name, options) => {
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] } });
		const response = await deliver(host, event('evt_bad'), options);
		expect(response.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('answers 401 for a body changed after signing', async () => {
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] } });
		const timestamp = Math.floor(Date.now() / 1000);
		const body = event('evt_tamper');
		const signature = computeSignature(SECRET, String(timestamp), body);
		const response = await deliver(host, body.replace('10.5', '1000.5'), { timestamp, signature });
		expect(response.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('fails closed with 401 when the credential has no webhook secret', async () => {
		host = await startTriggerHost({
			node: new IronixPayTrigger(),
			credentialType: new IronixPayApi(),
			credentials: { ...credentials, webhookSecret: '' },
			parameters: { events: ['*'] },
		});
		expect((await deliver(host, event('evt_nosecret'))).status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('fails closed with 401 when no credential is set at all', async () => {
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), parameters: { events: ['*'] } });
		expect((await deliver(host, event('evt_nocred'))).status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('does not let forged deliveries poison dedupe', async () => {
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] } });
		const body = event('evt_poison');
		expect((await deliver(host, body, { signature: 'cd'.repeat(32) })).status).toBe(401);
		expect((await deliver(host, body)).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('acks but does not start on events outside the filter', async () => {
		host = await startTriggerHost({
			node: new IronixPayTrigger(),
			credentialType: new IronixPayApi(),
			credentials,
			parameters: { events: ['payout.completed', 'payout.failed'] },
		});
		expect((await deliver(host, event('evt_session'))).status).toBe(200);
		expect((await deliver(host, event('evt_payout', 'payout.failed', 'Failed'))).status).toBe(200);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({ id: 'evt_payout', normalizedStatus: 'failed' });
	});

	it('rejects a validly signed body that is not an IronixPay event with 400', async () => {
		host = await startTriggerHost({ node: new IronixPayTrigger(), credentialType: new IronixPayApi(), credentials, parameters: { events: ['*'] } });
		expect((await deliver(host, 'not json')).status).toBe(400);
		expect((await deliver(host, '{"hello":"world"}')).status).toBe(400);
		expect(host.executions).toHaveLength(0);
	});
});
