/**
 * Confirm With Gateway on the IronixPay Trigger, over real HTTP: the trigger served like n8n 2.41
 * serves it, looking events up in the independent sandbox. Events are the sandbox's own envelopes
 * (or rewrites of them), signed with the sandbox's signing code.
 */
import type { INodeParameters } from 'n8n-workflow';

import { IronixPayApi } from '../../credentials/IronixPayApi.credentials';
import { IronixPayTrigger } from '../../nodes/IronixPay/IronixPayTrigger.node';
import type { IronixPaySandbox, WebhookEnvelope } from '../../sandbox/ironixpay/server';
import { webhookHeaders } from '../../sandbox/ironixpay/signing';
import { checkRequests, loadConformanceTable } from '../conformance/check';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { sandboxCredentials, startSandbox } from './fixture';

const ACK = '{"received":true}';
const TRON_ADDRESS = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';

let sandbox: IronixPaySandbox;
let host: TriggerHost;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
afterEach(async () => {
	await host?.close();
	await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
});

async function startHost(options: INodeParameters = { confirmWithGateway: true }): Promise<TriggerHost> {
	host = await startTriggerHost({
		node: new IronixPayTrigger(),
		credentialType: new IronixPayApi(),
		credentials: sandboxCredentials(sandbox),
		parameters: { events: ['*'], options },
	});
	return host;
}

async function api(method: string, path: string, body?: object, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${sandbox.options.secretKey}`, 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	expect(response.status).toBeLessThan(300);
	return (await response.json()) as Record<string, unknown>;
}

const control = async (path: string, body: object = {}) => await api('POST', `/_sandbox${path}`, body);

let references = 0;
async function createSession(amount = '10.5', headers: Record<string, string> = {}): Promise<string> {
	const session = await api(
		'POST',
		'/v1/checkout/sessions',
		{ pricing_amount: amount, pricing_currency: 'USDT', currency: 'USDT', network: 'TRON', client_reference_id: `confirm-${++references}` },
		headers,
	);
	return session.id as string;
}

/** The newest envelope the sandbox emitted for the object. */
function envelopeOf(objectId: string, eventType: string): WebhookEnvelope {
	const envelope = [...sandbox.events].reverse().find((event) => event.data.id === objectId && event.event_type === eventType);
	if (!envelope) throw new Error(`no ${eventType} for ${objectId}`);
	return envelope;
}

async function paidSessionEvent(): Promise<WebhookEnvelope> {
	const id = await createSession('10.5');
	await control(`/sessions/${id}/pay`, { amount: '10.5' });
	return envelopeOf(id, 'session.completed');
}

async function completedPayoutEvent(): Promise<WebhookEnvelope> {
	const payout = await api(
		'POST',
		'/v1/payouts',
		{ amount: '25', currency: 'USDT', network: 'TRON', to_address: TRON_ADDRESS },
		{ 'idempotency-key': `confirm-payout-${++references}` },
	);
	await control(`/payouts/${payout.id as string}/complete`);
	return envelopeOf(payout.id as string, 'payout.completed');
}

/** A rewrite of a genuine envelope, signed validly (as with a leaked secret): new event id so dedupe does not hide it. */
function rewrite(envelope: WebhookEnvelope, data: Record<string, unknown>, eventType = envelope.event_type): string {
	return JSON.stringify({ ...envelope, id: `${envelope.id}x${++references}`, event_type: eventType, data: { ...envelope.data, ...data } });
}

async function deliver(body: string) {
	const response = await fetch(host.url, { method: 'POST', headers: webhookHeaders(sandbox.options.webhookSecret, Math.floor(Date.now() / 1000), body), body });
	return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

const lookups = () => sandbox.requests.filter((request) => request.method === 'GET' && /^\/v1\/(checkout\/sessions|payouts)\/[^/]+$/.test(request.path));
const clearRequests = async () => await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });

describe('IronixPay Trigger, Confirm With Gateway', () => {
	it('a confirmed session.completed starts one execution with IronixPay\'s session beside the event', async () => {
		await startHost();
		const envelope = await paidSessionEvent();
		await clearRequests();
		expect(await deliver(JSON.stringify(envelope))).toMatchObject({ status: 200, body: ACK });
		expect(host.executions).toHaveLength(1);
		const item = host.executions[0][0].json;
		expect(item).toMatchObject({ id: envelope.id, event_type: 'session.completed', normalizedStatus: 'paid' });
		expect(item.gatewayState).toMatchObject({ id: envelope.data.id, status: 'Paid', amount: '10.5', currency: 'USDT', normalizedStatus: 'paid' });
		// The read by id carries the transactions: IronixPay's state, not the event's copy.
		expect((item.gatewayState as { transactions: unknown[] }).transactions).toHaveLength(1);
		expect(lookups().map((request) => request.path)).toEqual([`/v1/checkout/sessions/${envelope.data.id as string}`]);
		// The lookup is the Get operation's request, as documented.
		expect(checkRequests(loadConformanceTable('ironixpay'), sandbox.requests)).toEqual([]);
		// Secrets never reach the item.
		const text = JSON.stringify(host.executions);
		expect(text).not.toContain(sandbox.options.secretKey);
		expect(text).not.toContain(sandbox.options.webhookSecret);
	});

	it('a confirmed payout.completed starts one execution with IronixPay\'s payout', async () => {
		await startHost();
		const envelope = await completedPayoutEvent();
		expect(await deliver(JSON.stringify(envelope))).toMatchObject({ status: 200, body: ACK });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json.gatewayState).toMatchObject({ id: envelope.data.id, status: 'Completed', amount: '25', normalizedStatus: 'paid' });
	});

	it('confirms every documented event type the sandbox emits (expired, blocked, resolved, failed)', async () => {
		await startHost();
		const expired = await createSession();
		await control(`/sessions/${expired}/expire`);
		const blocked = await createSession();
		await control(`/sessions/${blocked}/block`);
		const resolved = await createSession('20');
		await control(`/sessions/${resolved}/pay`, { amount: '5' });
		await control(`/sessions/${resolved}/resolve`);
		const payout = await api('POST', '/v1/payouts', { amount: '3', currency: 'USDT', network: 'TRON', to_address: TRON_ADDRESS }, { 'idempotency-key': 'confirm-failed' });
		await control(`/payouts/${payout.id as string}/fail`, { reason: 'Broadcast failed' });
		const events = [
			envelopeOf(expired, 'session.expired'),
			envelopeOf(blocked, 'session.blocked'),
			envelopeOf(resolved, 'session.resolved'),
			envelopeOf(payout.id as string, 'payout.failed'),
		];
		for (const envelope of events) expect(await deliver(JSON.stringify(envelope))).toMatchObject({ status: 200, body: ACK });
		expect(host.executions.map(([item]) => (item.json.gatewayState as { status: string }).status)).toEqual(['Expired', 'Blocked', 'Paid', 'Failed']);
	});

	it('a sub-merchant\'s session (webhook sent to the parent) is confirmed with the parent\'s key', async () => {
		await startHost();
		await api('POST', '/v1/sub-merchants', { sub_merchant_code: 'confirm_shop', display_name: 'Confirm Shop' });
		const id = await createSession('12', { 'x-sub-merchant-code': 'confirm_shop' });
		await control(`/sessions/${id}/pay`, { amount: '12' });
		const envelope = envelopeOf(id, 'session.completed');
		expect(envelope.data.sub_merchant_code).toBe('confirm_shop');
		expect(await deliver(JSON.stringify(envelope))).toMatchObject({ status: 200, body: ACK });
		expect(host.executions[0][0].json.gatewayState).toMatchObject({ id, sub_merchant_code: 'confirm_shop' });
	});

	it.each([
		['a session', { id: 'cs_0123456789abcdef0123456789abcdef' }, 'session.completed'],
		['a payout', { id: 'po_0123456789abcdef0123456789abcdef' }, 'payout.completed'],
	])('%s IronixPay does not have: 422, nothing starts', async (_name, data, eventType) => {
		await startHost();
		const genuine = eventType.startsWith('payout') ? await completedPayoutEvent() : await paidSessionEvent();
		expect((await deliver(rewrite(genuine, data))).status).toBe(422);
		expect(host.executions).toHaveLength(0);
	});

	it.each([
		['amount', { amount: '1000.5', amount_received: '1000.5' }],
		['currency', { currency: 'USDC' }],
		['amount received', { amount_received: '99' }],
	])('a validly signed event with a rewritten %s: 422, nothing starts', async (_name, data) => {
		await startHost();
		const genuine = await paidSessionEvent();
		expect((await deliver(rewrite(genuine, data))).status).toBe(422);
		expect(host.executions).toHaveLength(0);
		// The genuine event still goes through.
		expect((await deliver(JSON.stringify(genuine))).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('a payout amount rewritten: 422', async () => {
		await startHost();
		const genuine = await completedPayoutEvent();
		expect((await deliver(rewrite(genuine, { amount: '2500' }))).status).toBe(422);
		expect(host.executions).toHaveLength(0);
	});

	it.each([
		['payout.failed for a completed payout', 'payout', { status: 'Failed' }, 'payout.failed'],
		['session.completed for an expired session', 'expired', { status: 'Paid' }, 'session.completed'],
		['session.completed for a pending session', 'pending', { status: 'Paid', amount_received: '0' }, 'session.completed'],
	])('a status IronixPay does not show (%s): 422, nothing starts', async (_name, kind, data, eventType) => {
		await startHost();
		let genuine: WebhookEnvelope;
		if (kind === 'payout') genuine = await completedPayoutEvent();
		else {
			const id = await createSession();
			await control(`/sessions/${id}/expire`);
			genuine = envelopeOf(id, 'session.expired');
			if (kind === 'pending') genuine = { ...genuine, data: { ...genuine.data, id: await createSession() } };
		}
		expect((await deliver(rewrite(genuine, data, eventType))).status).toBe(422);
		expect(host.executions).toHaveLength(0);
	});

	it('a late session.expired for a session since accepted in the Resolution Center: 422 (session.resolved carries the news)', async () => {
		await startHost();
		const id = await createSession('20');
		await control(`/sessions/${id}/pay`, { amount: '5' });
		await control(`/sessions/${id}/expire`);
		await control(`/sessions/${id}/resolve`);
		expect((await deliver(JSON.stringify(envelopeOf(id, 'session.expired')))).status).toBe(422);
		expect((await deliver(JSON.stringify(envelopeOf(id, 'session.resolved')))).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('an event type without a lookup API fails closed with 422 and sends no request', async () => {
		await startHost();
		await clearRequests();
		const body = JSON.stringify({ id: `evt_wd_${++references}`, event_type: 'withdrawal.completed', created: Math.floor(Date.now() / 1000), data: { id: 'wd_1', amount: '5' } });
		expect((await deliver(body)).status).toBe(422);
		expect(host.executions).toHaveLength(0);
		expect(lookups()).toHaveLength(0);
	});

	it('IronixPay lookup down: 503 + Retry-After and nothing starts; after recovery the redelivery gets the exact ack and runs once', async () => {
		await startHost();
		const envelope = await paidSessionEvent();
		const path = `/v1/checkout/sessions/${envelope.data.id as string}`;
		await fetch(`${sandbox.url}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ method: 'GET', path, kind: 'status', status: 500, times: 10 }),
		});
		await clearRequests();
		const body = JSON.stringify(envelope);
		const first = await deliver(body);
		expect(first).toMatchObject({ status: 503, retryAfter: '5' });
		expect(first.body).not.toContain(sandbox.options.secretKey);
		expect(host.executions).toHaveLength(0);
		// The short confirmation policy: one retry, not the actions' three attempts.
		expect(lookups()).toHaveLength(2);
		await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
		expect(await deliver(body)).toMatchObject({ status: 200, body: ACK });
		expect(await deliver(body)).toMatchObject({ status: 200, body: ACK });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json.gatewayState).toMatchObject({ status: 'Paid' });
	});

	it('a 404 that is not IronixPay\'s resource_missing (e.g. a proxy) is not proof of absence: 503', async () => {
		await startHost();
		const envelope = await paidSessionEvent();
		await fetch(`${sandbox.url}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ method: 'GET', path: `/v1/checkout/sessions/${envelope.data.id as string}`, kind: 'status', status: 404, times: 1 }),
		});
		expect((await deliver(JSON.stringify(envelope))).status).toBe(503);
		expect(host.executions).toHaveLength(0);
	});

	it.each([
		['off by default', {}],
		['switched off', { confirmWithGateway: false }],
	])('%s: no lookup request is sent and the event starts as delivered', async (_name, options) => {
		await startHost(options);
		const envelope = await paidSessionEvent();
		await clearRequests();
		expect(await deliver(rewrite(envelope, { amount: '1000.5' }))).toMatchObject({ status: 200, body: ACK });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).not.toHaveProperty('gatewayState');
		expect(sandbox.requests).toHaveLength(0);
	});
});
