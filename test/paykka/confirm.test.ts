/**
 * Confirm With Gateway on the PayKKa Trigger, over real HTTP (n8n-core WebhookContext, harness
 * answering like n8n 2.41) against the independent sandbox: the notification's order, refund or
 * disputed payment is queried with the trigger's credential before anything starts.
 */
import { generateKeyPairSync } from 'crypto';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PayKkaTrigger } from '../../nodes/PayKka/PayKkaTrigger.node';
import { newNonce, signParts } from '../../nodes/PayKka/signature';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { MERCHANT_PRIVATE_KEY, paidOrder, runPayKka, sandboxCredentials, unique } from './fixture';

const ACK = '{"ret_code":"000000","ret_msg":"Success"}';
const QUERY = '/v3/payment/acq/query';
const REFUND_QUERY = '/v3/payment/acq/refund/query';

/** The sandbox signs notifications with this pair, so a test can also sign rewritten bodies validly. */
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PLATFORM_PRIVATE_KEY = platform.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

let sandbox: PayKkaSandbox;
let trigger: TriggerHost | undefined;

beforeAll(async () => {
	sandbox = await startPayKkaSandbox({ platformPrivateKeyPem: PLATFORM_PRIVATE_KEY, timeScale: 0.00001 });
});
afterAll(async () => await sandbox.close());
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
	await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
});

async function host(options: Record<string, unknown> = { confirmWithGateway: true }) {
	trigger = await startTriggerHost({
		node: new PayKkaTrigger(),
		credentialType: new PayKkaApi(),
		credentials: sandboxCredentials(sandbox),
		parameters: { events: ['*'], options } as never,
	});
	return trigger;
}

/** Signed by the platform key afresh, as PayKKa signs every attempt. */
async function deliver(target: TriggerHost, payload: Record<string, unknown>) {
	const body = JSON.stringify(payload);
	const timestamp = String(Date.now());
	const nonce = newNonce();
	const signature = signParts(platform.privateKey, { method: 'POST', path: new URL(target.url).pathname, timestamp, nonce, body });
	const response = await fetch(target.url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-paykka-appid': sandbox.appId,
			'x-paykka-timestamp': timestamp,
			'x-paykka-nonce': nonce,
			'x-paykka-sign-alg': 'SHA256_WITH_RSA',
			'x-paykka-sign': signature,
		},
		body,
	});
	return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

/** A paid (or declined, or authorised-only) order in the sandbox, through a hosted session. */
async function order(options: { card?: string; captureMethod?: 'AUTOMATIC' | 'MANUAL'; amount?: string; notifyUrl?: string } = {}) {
	return await paidOrder(
		sandbox,
		{ amount: options.amount ?? '1.99', captureMethod: options.captureMethod ?? 'AUTOMATIC', options: options.notifyUrl ? { notifyUrl: options.notifyUrl } : {} },
		{ card: options.card },
	);
}

async function refundOf(orderId: string, amount = '0.50') {
	const result = await runPayKka(sandbox, { resource: 'refund', operation: 'create', refundTransId: unique('refund'), orderId, amount, currency: 'EUR' });
	expect(result.error).toBeUndefined();
	return result.items[0].json;
}

/** The payment result notification for an order (v3 example of the notify-webhook page). */
const paymentNotification = (paid: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
	notify_type: 'PAYMENT.SUCCESS',
	merchant_id: sandbox.merchantId,
	trans_id: paid.trans_id,
	order_id: paid.order_id,
	status: 'SUCCESS',
	amount: paid.amount,
	currency: paid.currency,
	session_id: paid.session_id,
	...overrides,
});

const refundNotification = (refund: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
	notify_type: 'REFUND.SUCCESS',
	merchant_id: sandbox.merchantId,
	trans_id: refund.refund_trans_id,
	order_id: refund.ori_order_id,
	refund_order_id: refund.refund_order_id,
	status: 'SUCCESS',
	amount: refund.amount,
	currency: refund.currency,
	...overrides,
});

const disputeNotification = (paid: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
	event_type: 'DISPUTE',
	merchant_id: sandbox.merchantId,
	trans_id: paid.trans_id,
	order_id: paid.order_id,
	dispute_id: unique('DG'),
	dispute_stage: 'DISPUTE_CREATED',
	dispute_amount: paid.amount,
	dispute_currency: paid.currency,
	order_amount: paid.amount,
	order_currency: paid.currency,
	...overrides,
});

const hits = (path: string) => sandbox.recordedRequests.filter((request) => request.path === path).length;

describe('PayKKa Trigger: Confirm With Gateway', () => {
	it('is off by default (RSA-signed notifications), with the option described', () => {
		const options = new PayKkaTrigger().description.properties.find((property) => property.name === 'options')?.options ?? [];
		const confirm = options.find((option) => 'name' in option && option.name === 'confirmWithGateway') as { default: unknown; description: string };
		expect(confirm.default).toBe(false);
		expect(confirm.description).toMatch(/transaction query by order_id/);
		expect(confirm.description).toMatch(/no dispute query/);
	});

	it('the sandbox\'s own payment, refund and dispute notifications: each confirmed, 1 execution with gatewayState', async () => {
		const target = await host();
		const paid = await order({ notifyUrl: target.url });
		await sandbox.dispatcher.idle();
		await refundOf(String(paid.order_id));
		await sandbox.dispatcher.idle();
		await fetch(`${sandbox.url}/_sandbox/orders/${String(paid.order_id)}/dispute`, { method: 'POST' });
		await sandbox.dispatcher.idle();
		expect(target.responses.map((response) => [response.status, response.body])).toEqual([
			[200, ACK],
			[200, ACK],
			[200, ACK],
		]);
		const items = target.executions.map((execution) => execution[0].json);
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({
			notify_type: 'PAYMENT.SUCCESS',
			order_id: paid.order_id,
			gatewayState: { order_id: paid.order_id, status: 'SUCCESS', amount: 199, currency: 'EUR', normalizedStatus: 'paid' },
		});
		expect(items[1]).toMatchObject({
			notify_type: 'REFUND.SUCCESS',
			gatewayState: { ori_order_id: paid.order_id, status: 'SUCCESS', amount: 50, normalizedStatus: 'refunded' },
		});
		// Disputes: the disputed payment is what PayKKa can show (partially refunded by now: a later state, fine).
		expect(items[2]).toMatchObject({ event_type: 'DISPUTE', gatewayState: { order_id: paid.order_id, status: 'PARTIALLY_REFUNDED' } });
		const text = JSON.stringify(items);
		expect(text).not.toContain('PRIVATE KEY');
		expect(text).not.toContain(MERCHANT_PRIVATE_KEY.split('\n')[1]);
	});

	it('a payment notification confirmed by the query: 200 exact ack, 1 execution, one query by order_id', async () => {
		const paid = await order();
		const target = await host();
		const before = sandbox.recordedRequests.length;
		expect(await deliver(target, paymentNotification(paid))).toMatchObject({ status: 200, body: ACK });
		expect(target.executions).toHaveLength(1);
		expect(target.executions[0][0].json.gatewayState).toMatchObject({ order_id: paid.order_id, status: 'SUCCESS', amount: 199 });
		const sent = sandbox.recordedRequests.slice(before);
		expect(sent.map((request) => request.path)).toEqual([QUERY]);
		expect(JSON.parse(sent[0].rawBody)).toEqual({ merchant_id: sandbox.merchantId, order_id: paid.order_id });
	});

	it('an order PayKKa does not have: 422, nothing starts', async () => {
		const paid = await order();
		const target = await host();
		const response = await deliver(target, paymentNotification(paid, { order_id: 'GW00000000000000000', trans_id: unique('unknown') }));
		expect(response.status).toBe(422);
		expect(response.body).not.toContain('000000');
		expect(target.executions).toHaveLength(0);
	});

	it.each([
		['amount', { amount: 1 }],
		['currency', { currency: 'USD' }],
	])('a validly signed notification with the %s rewritten: 422, nothing starts', async (_field, rewrite) => {
		const paid = await order();
		const target = await host();
		expect((await deliver(target, paymentNotification(paid, rewrite))).status).toBe(422);
		expect(target.executions).toHaveLength(0);
		// The key was released: the true notification still runs.
		expect(await deliver(target, paymentNotification(paid))).toMatchObject({ status: 200, body: ACK });
		expect(target.executions).toHaveLength(1);
	});

	it('PAYMENT.SUCCESS for a declined order (PayKKa: FAILURE) or an authorised-only one (AUTHORIZED): 422', async () => {
		const declined = await order({ card: '4000000000000002' });
		const authorised = await order({ captureMethod: 'MANUAL' });
		expect(declined.status).toBe('FAILURE');
		expect(authorised.status).toBe('AUTHORIZED');
		const target = await host();
		expect((await deliver(target, paymentNotification(declined))).status).toBe(422);
		expect((await deliver(target, paymentNotification(authorised))).status).toBe(422);
		expect(target.executions).toHaveLength(0);
	});

	it('PAYMENT.FAILURE for the declined order is confirmed (error_code 2099 is the order\'s state, not a failed query)', async () => {
		const declined = await order({ card: '4000000000000002' });
		const target = await host();
		const response = await deliver(target, paymentNotification(declined, { notify_type: 'PAYMENT.FAILURE', status: 'FAILURE', error_code: '2099' }));
		expect(response).toMatchObject({ status: 200, body: ACK });
		expect(target.executions[0][0].json.gatewayState).toMatchObject({ status: 'FAILURE', error_code: '2099', normalizedStatus: 'failed' });
	});

	it('PAYMENT.AUTHORIZATION after PayKKa captured the order (a later state): delivered with PayKKa\'s SUCCESS', async () => {
		const authorised = await order({ captureMethod: 'MANUAL' });
		const capture = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: authorised.order_id });
		expect(capture.error).toBeUndefined();
		const target = await host();
		const response = await deliver(target, paymentNotification(authorised, { notify_type: 'PAYMENT.AUTHORIZATION', status: 'AUTHORIZED' }));
		expect(response).toMatchObject({ status: 200, body: ACK });
		expect(target.executions[0][0].json).toMatchObject({ status: 'AUTHORIZED', gatewayState: { status: 'SUCCESS' } });
	});

	it('refund results: confirmed by the refund query; unknown refund, rewritten amount or REFUND.FAILURE for a successful refund: 422', async () => {
		const paid = await order();
		const refund = await refundOf(String(paid.order_id));
		const target = await host();
		expect((await deliver(target, refundNotification(refund, { refund_order_id: 'RG00000000000000000' }))).status).toBe(422);
		expect((await deliver(target, refundNotification(refund, { amount: 199 }))).status).toBe(422);
		expect((await deliver(target, refundNotification(refund, { notify_type: 'REFUND.FAILURE', status: 'FAILURE' }))).status).toBe(422);
		expect(target.executions).toHaveLength(0);
		const before = hits(REFUND_QUERY);
		expect(await deliver(target, refundNotification(refund))).toMatchObject({ status: 200, body: ACK });
		expect(hits(REFUND_QUERY)).toBe(before + 1);
		expect(target.executions[0][0].json.gatewayState).toMatchObject({ refund_order_id: refund.refund_order_id, status: 'SUCCESS' });
	});

	it('disputes: the disputed payment is looked up; unknown payment, rewritten order amount or an uncaptured payment: 422', async () => {
		const paid = await order();
		const declined = await order({ card: '4000000000000002' });
		const target = await host();
		expect((await deliver(target, disputeNotification(paid, { order_id: 'GW00000000000000000', trans_id: unique('unknown') }))).status).toBe(422);
		expect((await deliver(target, disputeNotification(paid, { order_amount: 1 }))).status).toBe(422);
		expect((await deliver(target, disputeNotification(declined))).status).toBe(422);
		expect(target.executions).toHaveLength(0);
		expect(await deliver(target, disputeNotification(paid))).toMatchObject({ status: 200, body: ACK });
		expect(target.executions[0][0].json.gatewayState).toMatchObject({ order_id: paid.order_id, status: 'SUCCESS' });
	});

	it('the query fails (HTTP 500 on every attempt): 503 + Retry-After, nothing starts; the redelivery after recovery runs once', async () => {
		const paid = await order();
		const target = await host();
		const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ method: 'POST', path: QUERY, kind: 'status', status: 500, times: 10 }),
		});
		expect(fault.status).toBe(201);
		const before = hits(QUERY);
		const down = await deliver(target, paymentNotification(paid));
		expect(down).toMatchObject({ status: 503, retryAfter: '5' });
		expect(down.body).not.toContain('000000');
		// CONFIRMATION_RETRY_POLICY: two attempts while PayKKa waits for the answer.
		expect(hits(QUERY) - before).toBe(2);
		expect(target.executions).toHaveLength(0);

		await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
		expect(await deliver(target, paymentNotification(paid))).toMatchObject({ status: 200, body: ACK });
		expect(await deliver(target, paymentNotification(paid))).toMatchObject({ status: 200, body: ACK });
		expect(target.executions).toHaveLength(1);
	});

	it.each([
		['by default', {}],
		['when turned off', { confirmWithGateway: false }],
	])('%s no query is sent, and a notification for an unknown order starts the workflow', async (_name, options) => {
		const target = await host(options);
		const before = sandbox.recordedRequests.length;
		const response = await deliver(target, paymentNotification({ trans_id: unique('unknown'), order_id: unique('GW'), amount: 199, currency: 'EUR' }));
		expect(response).toMatchObject({ status: 200, body: ACK });
		expect(sandbox.recordedRequests.length).toBe(before);
		expect(target.executions).toHaveLength(1);
		expect(target.executions[0][0].json).not.toHaveProperty('gatewayState');
	});
});
