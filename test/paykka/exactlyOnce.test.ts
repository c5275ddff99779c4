/**
 * Exactly-once money movement without an idempotency key: PayKKa's refund, capture, void and
 * checkout session writes are looked up by their merchant reference (or the order) before they
 * are sent, and after a lost answer or a 5xx, through the sandbox's injected faults.
 */
import type { NodeApiError } from 'n8n-workflow';

import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { paidOrder, RETURN_URL, runPayKka, unique } from './fixture';

const PATHS = {
	session: '/v3/payment/acq/session',
	sessionQuery: '/v3/payment/acq/session/query',
	query: '/v3/payment/acq/query',
	capture: '/v3/payment/acq/capture',
	void: '/v3/payment/acq/void',
	refund: '/v3/payment/acq/refund',
	refundQuery: '/v3/payment/acq/refund/query',
};

let sandbox: PayKkaSandbox;

beforeAll(async () => (sandbox = await startPayKkaSandbox()));
afterAll(async () => await sandbox.close());
afterEach(async () => await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' }));

async function fault(path: string, kind: 'drop_after_commit' | 'status', extra: Record<string, unknown> = {}) {
	const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ method: 'POST', path, kind, times: 1, ...extra }),
	});
	expect(response.status).toBe(201);
}

/** The API paths the sandbox answered since `before` (requests cut off by a fault are not logged). */
const pathsSince = (before: number) => sandbox.requests.slice(before).map((request) => request.path);
const hits = (path: string) => sandbox.recordedRequests.filter((request) => request.path === path).length;

const refundParameters = (orderId: string, refundTransId: string, amount = '5.00') => ({
	resource: 'refund',
	operation: 'create',
	refundTransId,
	orderId,
	amount,
	currency: 'EUR',
});

describe('Refund > Create', () => {
	it('looks the refund number up first and sends the refund once', async () => {
		const order = await paidOrder(sandbox, );
		const before = sandbox.requests.length;
		const result = await runPayKka(sandbox, refundParameters(order.order_id, unique('refund')));
		expect(result.error).toBeUndefined();
		expect(pathsSince(before)).toEqual([PATHS.refundQuery, PATHS.refund]);
		expect(sandbox.requests[before]).toMatchObject({ ret_code: '206024' });
	});

	it('returns the refund an earlier, lost answer created (connection cut after commit): one refund', async () => {
		const order = await paidOrder(sandbox, );
		const refundTransId = unique('refund');
		const refundsBefore = hits(PATHS.refund);
		await fault(PATHS.refund, 'drop_after_commit');
		const result = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ refund_trans_id: refundTransId, amount: 500, normalizedStatus: 'refunded' });
		expect(hits(PATHS.refund) - refundsBefore).toBe(1);
		expect([...sandbox.refunds.values()].filter((refund) => refund.refund_trans_id === refundTransId)).toHaveLength(1);
		expect(sandbox.orders.get(order.order_id)?.balances.refunded).toBe(500);
	});

	it('sends again after a 5xx only because the lookup proved nothing was refunded', async () => {
		const order = await paidOrder(sandbox, );
		const refundTransId = unique('refund');
		const refundsBefore = hits(PATHS.refund);
		await fault(PATHS.refund, 'status', { status: 503 });
		const result = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId));
		expect(result.error).toBeUndefined();
		expect(hits(PATHS.refund) - refundsBefore).toBe(2);
		expect(sandbox.orders.get(order.order_id)?.balances.refunded).toBe(500);
	});

	it('a manual re-run (same refund number) sends no second refund', async () => {
		const order = await paidOrder(sandbox, );
		const refundTransId = unique('refund');
		const first = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId));
		const before = sandbox.requests.length;
		const again = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId));
		expect(again.items[0].json.refund_order_id).toBe(first.items[0].json.refund_order_id);
		expect(pathsSince(before)).toEqual([PATHS.refundQuery]);
	});

	it('refuses a reused refund number with another amount, sending nothing new', async () => {
		const order = await paidOrder(sandbox, );
		const refundTransId = unique('refund');
		await runPayKka(sandbox, refundParameters(order.order_id, refundTransId, '5.00'));
		const result = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId, '6.00'));
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(
			`Merchant Refund Number "${refundTransId}" already refunded 500 (minor units) of order ${order.order_id}, not 600 of ${order.order_id}`,
		);
	});

	it('does not send the refund when the lookup cannot tell (the query itself fails)', async () => {
		const order = await paidOrder(sandbox, );
		const refundsBefore = hits(PATHS.refund);
		// A read is retried (3 attempts), so all of them fail.
		await fault(PATHS.refundQuery, 'status', { status: 500, times: 3 });
		const result = await runPayKka(sandbox, refundParameters(order.order_id, unique('refund')));
		expect(result.error?.name).toBe('NodeApiError');
		expect(hits(PATHS.refund) - refundsBefore).toBe(0);
	});
});

describe('Payment > Capture and Void', () => {
	it('returns the capture a lost answer committed, and never captures twice', async () => {
		const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
		const capturesBefore = hits(PATHS.capture);
		await fault(PATHS.capture, 'drop_after_commit');
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: order.order_id });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ order_id: order.order_id, status: 'SUCCESS', balances: { captured_amount: 1250 } });
		expect(hits(PATHS.capture) - capturesBefore).toBe(1);
	});

	it('returns an already voided order on a re-run without a second void', async () => {
		const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
		const voidsBefore = hits(PATHS.void);
		await fault(PATHS.void, 'drop_after_commit');
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'void', orderId: order.order_id });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ order_id: order.order_id, status: 'CANCELED', normalizedStatus: 'canceled' });
		const again = await runPayKka(sandbox, { resource: 'payment', operation: 'void', orderId: order.order_id });
		expect(again.items[0].json).toMatchObject({ status: 'CANCELED' });
		expect(hits(PATHS.void) - voidsBefore).toBe(1);
	});
});

describe('Checkout Session > Create', () => {
	it('returns the session a lost answer created: one payable session per order number', async () => {
		const transId = unique('order');
		const createsBefore = hits(PATHS.session);
		await fault(PATHS.session, 'drop_after_commit');
		const result = await runPayKka(sandbox, {
			resource: 'checkoutSession',
			operation: 'create',
			transId,
			amount: '12.50',
			currency: 'EUR',
			returnUrl: RETURN_URL,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ trans_id: transId, status: 'PROCESSING' });
		expect(hits(PATHS.session) - createsBefore).toBe(1);
		expect([...sandbox.sessions.values()].filter((session) => session.trans_id === transId)).toHaveLength(1);
	});
});

describe('batches', () => {
	it('validates every item before sending any', async () => {
		const order = await paidOrder(sandbox, );
		const before = sandbox.recordedRequests.length;
		const result = await runPayKka(
			sandbox,
			{ ...refundParameters(order.order_id, '={{ $json.number }}'), amount: '={{ $json.amount }}' },
			{ items: [{ number: unique('refund'), amount: '1.00' }, { number: unique('refund'), amount: '1.001' }] },
		);
		expect(result.error?.message).toBe('Amount: "1.001" has more than 2 decimal places (item 1)');
		expect(sandbox.recordedRequests.length).toBe(before);
	});

	it('names the items already refunded, with their refund order ids, when a later item fails', async () => {
		const order = await paidOrder(sandbox, );
		const result = await runPayKka(
			sandbox,
			{ ...refundParameters(order.order_id, '={{ $json.number }}'), amount: '={{ $json.amount }}' },
			{ items: [{ number: unique('refund'), amount: '10.00' }, { number: unique('refund'), amount: '5.00' }] },
		);
		expect(result.error?.message).toMatch(/^PayKKa error 010000: refund_amount 5\.00 EUR exceeds the refundable amount 2\.50 EUR/);
		expect((result.error as unknown as NodeApiError).description).toMatch(
			/Already sent and accepted by the gateway before this failure: item 0 \(refund_order_id RG\d+\)\./,
		);
	});
});
