/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- spec test vectors and forged tokens */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import { computeSignToken, type SignTokenContent } from '../../nodes/Pinddpay/signature';
import { PinddpayTrigger } from '../../nodes/Pinddpay/PinddpayTrigger.node';
import { PINDDPAY_TEST_SECRET, startPinddpaySandbox, type PinddpaySandbox } from '../../sandbox/pinddpay/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { control, orderSessionParameters, payoutParameters, runPinddpay, sandboxCredentials } from './fixture';

const SECRET = PINDDPAY_TEST_SECRET;

/**
 * Confirm With Gateway is on by default: the events below are about a paid 2.50 USD order that
 * exists in this sandbox, so the trigger's lookup confirms them.
 */
let gateway: PinddpaySandbox;
let paidOrder: { id: string; merchantOrderNo: string; tradeNo: string };
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	gateway = await startPinddpaySandbox();
	credentials = sandboxCredentials(gateway);
	const session = await runPinddpay(gateway, orderSessionParameters({ orderId: 'TRIGGER-ORDER-1', amount: '2.50' }));
	const id = session.items[0].json.orderId as string;
	await control(gateway, `orders/${id}/pay`);
	const record = gateway.orders.get(id)!;
	paidOrder = { id, merchantOrderNo: record.merchantOrderNo, tradeNo: record.tradeNo! };
});

afterAll(async () => await gateway.close());

/** Admin.NET-style eventAt: ISO-8601 with 7 fractional digits. */
const eventAt = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/Z$/, '0000Z');

function payinEvent(eventId: string, eventName = 'order.paid', extra: IDataObject = {}) {
	return JSON.stringify({
		eventId,
		eventAt: eventAt(),
		eventName,
		appId: 'sandbox-app',
		order: { id: paidOrder.id, merchantOrderNo: paidOrder.merchantOrderNo, amount: '2.50', currency: 'USD', status: '已付款', statusEn: 'paid', rate: 0 },
		transaction: { tradeNo: paidOrder.tradeNo, capturedAmount: '2.50', currency: 'USD', error: null },
		...extra,
	});
}

async function deliver(host: TriggerHost, body: string, options: { token?: string | null; secret?: string; content?: SignTokenContent } = {}) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const token = options.token === undefined ? computeSignToken(options.secret ?? SECRET, options.content ?? 'secret', body) : options.token;
	if (token !== null) headers['sign-token'] = token;
	const response = await fetch(host.url, { method: 'POST', headers, body });
	return { status: response.status, body: await response.text() };
}

async function hostTrigger(parameters: IDataObject = {}, withCredentials: ICredentialDataDecryptedObject | null = credentials) {
	return await startTriggerHost({
		node: new PinddpayTrigger(),
		credentialType: new PinddpayApi(),
		credentials: withCredentials === null ? undefined : withCredentials,
		parameters: { events: ['*'], ...parameters },
	});
}

describe('Pinddpay Trigger (real HTTP, n8n-core WebhookContext)', () => {
	let host: TriggerHost;

	afterEach(async () => await host?.close());

	it('starts one execution for a valid delivery, acks HTTP 200, and outputs the sections', async () => {
		host = await hostTrigger();
		const response = await deliver(host, payinEvent('evt-1'));
		expect(response).toEqual({ status: 200, body: '{}' });
		expect(host.responses[0].contentType).toMatch(/application\/json/);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({
			eventId: 'evt-1',
			eventName: 'order.paid',
			category: 'payin',
			order: { statusEn: 'paid', amount: '2.50' },
			transaction: { tradeNo: paidOrder.tradeNo },
			gatewayState: { id: paidOrder.id, statusEn: 'paid' },
			dispute: null,
			refund: null,
			resource: null,
			normalizedStatus: 'paid',
		});
	});

	it('reads payout and subscription events (documented spelling "resouce"), with Confirm With Gateway off', async () => {
		// On (the default), Pinddpay cannot confirm them: test/pinddpay/confirm.test.ts.
		host = await hostTrigger({ options: { confirmWithGateway: false } });
		const payout = JSON.stringify({
			resouce: { id: '123453535363', amount: 1.99, targetAccount: 'test@test.com', currency: 'USD', status: 'CREATED', orderNo: 'order_12345' },
			eventId: 'evt-payout',
			eventAt: eventAt(),
			eventName: 'payout.paid',
			appId: 'TEST',
		});
		const subscription = JSON.stringify({
			resouce: { capture: { contractId: 'ctr_1', amount: '9.90' }, plan: { id: 'plan-1' } },
			eventId: 'evt-sub',
			eventAt: eventAt(),
			eventName: 'subscription.capture.failed',
			appId: 'TEST',
		});
		expect((await deliver(host, payout)).status).toBe(200);
		expect((await deliver(host, subscription)).status).toBe(200);
		expect(host.executions.map((execution) => execution[0].json)).toMatchObject([
			{ category: 'payout', resource: { orderNo: 'order_12345' }, normalizedStatus: 'paid' },
			{ category: 'subscription', resource: { capture: { contractId: 'ctr_1' } }, normalizedStatus: 'failed' },
		]);
	});

	it('ignores a redelivery of the same eventId, still acking 200', async () => {
		host = await hostTrigger();
		const body = payinEvent('evt-dup');
		expect((await deliver(host, body)).status).toBe(200);
		expect((await deliver(host, body)).status).toBe(200);
		expect((await deliver(host, payinEvent('evt-dup'))).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('runs redeliveries again when dedupe is off', async () => {
		host = await hostTrigger({ options: { dedupe: false } });
		const body = payinEvent('evt-twice');
		await deliver(host, body);
		await deliver(host, body);
		expect(host.executions).toHaveLength(2);
	});

	it.each([
		['a forged token', { token: 'E10ADC3949BA59ABBE56E057F20F883E' }],
		['a wrong secret', { secret: 'another-secret' }],
		['no sign-token header', { token: null }],
		['an empty sign-token', { token: '' }],
		['the body+secret token while the node expects MD5(secret)', { content: 'bodyAndSecret' as const }],
	])('answers 401 and starts nothing for %s', async (_name, options) => {
		host = await hostTrigger();
		const response = await deliver(host, payinEvent('evt-bad'), options);
		expect(response).toEqual({ status: 401, body: 'Unauthorized' });
		expect(host.executions).toHaveLength(0);
	});

	it.each([
		// The exact 300 s boundary is pinned with a fixed clock in signature.test.ts; here the clock runs,
		// so a future time 301 s ahead could be inside the window by the time the delivery is verified.
		['stale', () => eventAt(-301)],
		['future', () => eventAt(360)],
		['unreadable', () => 'string'],
	])('answers 401 for a %s eventAt', async (_name, value) => {
		host = await hostTrigger();
		expect((await deliver(host, payinEvent('evt-time', 'order.paid', { eventAt: value() }))).status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it.each(['secret', 'bodyAndSecret'] as const)(
		'answers 401 and starts nothing for a correctly signed event without eventAt (%s reading)',
		async (signTokenContent) => {
			host = await hostTrigger({ signTokenContent });
			const body = JSON.stringify({ ...(JSON.parse(payinEvent('evt-no-time')) as IDataObject), eventAt: undefined });
			expect(body).not.toContain('eventAt');
			expect((await deliver(host, body, { content: signTokenContent })).status).toBe(401);
			// A captured static token with a fresh body, new eventId and no eventAt: the replay defect 5 closes.
			const forged = JSON.stringify({ eventId: 'evt-forged', eventName: 'order.paid', order: { statusEn: 'paid', amount: '999.00' } });
			expect((await deliver(host, forged, { content: signTokenContent })).status).toBe(401);
			expect(host.executions).toHaveLength(0);
		},
	);

	const seconds = () => Math.floor(Date.now() / 1000);
	const utc = (date: Date) => date.toISOString().slice(0, 19);
	const plus8 = (date: Date) => `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
	it.each([
		['ISO 8601 with offset', () => plus8(new Date())],
		['ISO 8601 without offset (UTC)', () => utc(new Date())],
		['yyyy-MM-dd HH:mm:ss (UTC)', () => utc(new Date()).replace('T', ' ')],
		['Unix seconds', () => String(seconds())],
		['Unix milliseconds', () => String(Date.now())],
	])('accepts a correctly signed, fresh eventAt written as %s', async (name, value) => {
		host = await hostTrigger();
		expect((await deliver(host, payinEvent(`evt-form-${name}`, 'order.paid', { eventAt: value() }))).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('widens the eventAt window with the Timestamp Tolerance option', async () => {
		host = await hostTrigger({ options: { toleranceSeconds: 900 } });
		expect((await deliver(host, payinEvent('evt-wide', 'order.paid', { eventAt: eventAt(-600) }))).status).toBe(200);
		expect((await deliver(host, payinEvent('evt-too-old', 'order.paid', { eventAt: eventAt(-1000) }))).status).toBe(401);
		expect(host.executions).toHaveLength(1);
	});

	it('with "MD5 of raw body + secret", accepts the matching token and rejects a changed body', async () => {
		host = await hostTrigger({ signTokenContent: 'bodyAndSecret' });
		const body = payinEvent('evt-body');
		const token = computeSignToken(SECRET, 'bodyAndSecret', body);
		expect((await deliver(host, body.replace('2.50', '250.00'), { token })).status).toBe(401);
		expect((await deliver(host, body, { token: computeSignToken(SECRET, 'secret', '') })).status).toBe(401);
		expect((await deliver(host, body, { token })).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('with "MD5 of the secret", the static token does not protect the body: only Confirm With Gateway (default on) stops a rewritten one', async () => {
		const token = computeSignToken(SECRET, 'secret', '');
		host = await hostTrigger({ options: { confirmWithGateway: false } });
		expect((await deliver(host, payinEvent('evt-a'), { token })).status).toBe(200);
		expect((await deliver(host, payinEvent('evt-b', 'order.refunded'), { token })).status).toBe(200);
		expect(host.executions).toHaveLength(2);
		await host.close();
		host = await hostTrigger();
		expect((await deliver(host, payinEvent('evt-c'), { token })).status).toBe(200);
		// The order is paid, not refunded: Pinddpay's own state refuses the rewritten body.
		expect((await deliver(host, payinEvent('evt-d', 'order.refunded'), { token })).status).toBe(422);
		expect(host.executions).toHaveLength(1);
	});

	it('fails closed with 401 without a secret or without credentials', async () => {
		host = await hostTrigger({}, { ...credentials, secret: '' });
		expect((await deliver(host, payinEvent('evt-nosecret'), { secret: '' })).status).toBe(401);
		expect(host.executions).toHaveLength(0);
		await host.close();
		host = await hostTrigger({}, null);
		expect((await deliver(host, payinEvent('evt-nocred'))).status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('does not let a forged delivery poison dedupe', async () => {
		host = await hostTrigger();
		const body = payinEvent('evt-poison');
		expect((await deliver(host, body, { token: '0'.repeat(32) })).status).toBe(401);
		expect((await deliver(host, body)).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('acks events outside the filter without starting the workflow', async () => {
		host = await hostTrigger({ events: ['payout.paid', 'payout.failed'] });
		expect((await deliver(host, payinEvent('evt-order'))).status).toBe(200);
		expect(host.executions).toHaveLength(0);
	});

	it('answers 400 to a validly signed body that is not a Pinddpay event', async () => {
		host = await hostTrigger();
		expect((await deliver(host, 'not json')).status).toBe(400);
		expect((await deliver(host, JSON.stringify({ eventName: 'order.paid', eventAt: eventAt() }))).status).toBe(400);
		expect(host.executions).toHaveLength(0);
	});
});

describe('Sandbox -> trigger delivery', () => {
	let host: TriggerHost;
	let sandbox: PinddpaySandbox;

	afterEach(async () => {
		await sandbox?.close();
		await host?.close();
	});

	it.each(['secret', 'bodyAndSecret'] as const)(
		'delivers signed pay-in webhooks (%s) that the trigger confirms and accepts once; payout webhooks cannot be confirmed',
		async (signTokenContent) => {
			sandbox = await startPinddpaySandbox({ signTokenContent, timeScale: 0.001 });
			host = await hostTrigger({ signTokenContent }, sandboxCredentials(sandbox));
			const session = await runPinddpay(sandbox, orderSessionParameters({ orderId: `E2E-${signTokenContent}`, notifyUrl: host.url }));
			await control(sandbox, `orders/${session.items[0].json.orderId as string}/pay`);
			const payout = await runPinddpay(
				sandbox,
				payoutParameters({ orderNo: `E2E-PO-${signTokenContent}`, additionalFields: { notifyUrl: host.url } }),
			);
			await control(sandbox, `payouts/${payout.items[0].json.id as string}/pay`);
			await sandbox.dispatcher.idle();

			expect(host.executions.map((execution) => execution[0].json.eventName)).toEqual(['order.created', 'order.paid']);
			expect(host.executions[1][0].json).toMatchObject({
				order: { merchantOrderNo: `E2E-${signTokenContent}`, amount: '1.99' },
				normalizedStatus: 'paid',
				gatewayState: { merchantOrderNo: `E2E-${signTokenContent}`, statusEn: 'paid', amount: 1.99 },
			});
			const payoutEvent = sandbox.events.find((event) => event.eventName === 'payout.paid')!;
			const [created, paid] = sandbox.events.filter((event) => event.eventName !== 'payout.paid');
			for (const event of [created, paid]) {
				expect(sandbox.dispatcher.attemptsFor(event.eventId).map((attempt) => attempt.statusCode)).toEqual([200]);
			}
			// No payout lookup exists: 422 on every attempt until the sandbox gives up; nothing runs.
			expect(new Set(sandbox.dispatcher.attemptsFor(payoutEvent.eventId).map((attempt) => attempt.statusCode))).toEqual(new Set([422]));
			expect(sandbox.dispatcher.status(payoutEvent.eventId)).toBe('giving_up');

			// A resend from the sandbox is acknowledged but starts nothing new.
			sandbox.dispatcher.redeliver(paid.eventId);
			await sandbox.dispatcher.idle();
			expect(host.executions).toHaveLength(2);
			expect(sandbox.dispatcher.attemptsFor(paid.eventId)).toHaveLength(2);
		},
	);

	it('with Confirm With Gateway off, the sandbox\'s payout webhook starts the workflow (unconfirmed) and nothing is looked up', async () => {
		sandbox = await startPinddpaySandbox({ timeScale: 0.001 });
		host = await hostTrigger({ options: { confirmWithGateway: false } }, sandboxCredentials(sandbox));
		const payout = await runPinddpay(sandbox, payoutParameters({ orderNo: 'E2E-PO-OFF', additionalFields: { notifyUrl: host.url } }));
		await control(sandbox, `payouts/${payout.items[0].json.id as string}/pay`);
		await sandbox.dispatcher.idle();
		expect(host.executions.map((execution) => execution[0].json)).toMatchObject([
			{ eventName: 'payout.paid', resource: { orderNo: 'E2E-PO-OFF', amount: 1.99, status: 'PAID' } },
		]);
		expect(host.executions[0][0].json).not.toHaveProperty('gatewayState');
		expect(sandbox.requests.filter((request) => request.path === '/api/order/detail')).toEqual([]);
	});

	it('keeps retrying a delivery the trigger rejects, then gives up; nothing runs', async () => {
		sandbox = await startPinddpaySandbox({ timeScale: 0.0001 });
		host = await hostTrigger({}, sandboxCredentials(sandbox, { secret: 'a-different-secret' }));
		await runPinddpay(sandbox, orderSessionParameters({ orderId: 'E2E-REJECTED', notifyUrl: host.url }));
		await sandbox.dispatcher.idle();
		const [event] = sandbox.events;
		expect(sandbox.dispatcher.attemptsFor(event.eventId).map((attempt) => attempt.statusCode)).toEqual(Array(6).fill(401));
		expect(sandbox.dispatcher.status(event.eventId)).toBe('giving_up');
		expect(host.executions).toHaveLength(0);
	});
});
