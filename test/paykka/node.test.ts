import { generateKeyPairSync } from 'crypto';
import type { NodeApiError } from 'n8n-workflow';

import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { runNode } from '../harness/workflow';
import { completeSession, paidOrder, RETURN_URL, runPayKka, sandboxCredentials, sessionParameters, unique } from './fixture';

let sandbox: PayKkaSandbox;

beforeAll(async () => (sandbox = await startPayKkaSandbox()));
afterAll(async () => await sandbox.close());

function lastRequestBody(): Record<string, unknown> {
	return JSON.parse(sandbox.requests[sandbox.requests.length - 1].body) as Record<string, unknown>;
}

async function createSession(parameters: Record<string, unknown> = {}) {
	const result = await runPayKka(sandbox, sessionParameters(parameters));
	expect(result.error).toBeUndefined();
	return result.items[0].json as Record<string, string>;
}

describe('Checkout Session', () => {
	it('creates a hosted session: amount converted exactly, returns session_url', async () => {
		const transId = unique('order');
		const result = await runPayKka(sandbox, {
			resource: 'checkoutSession',
			operation: 'create',
			transId,
			amount: '12.50',
			currency: 'EUR',
			returnUrl: RETURN_URL,
			captureMethod: 'MANUAL',
			options: { notifyUrl: 'https://n8n.example.com/webhook/x/webhook', displayLocale: 'en-US', expireTime: '2099-01-01T10:00:00Z' },
		});
		expect(result.error).toBeUndefined();
		const session = result.items[0].json;
		expect(session).toMatchObject({ trans_id: transId, status: 'PROCESSING', normalizedStatus: 'pending', amount: 1250, currency: 'EUR' });
		expect(session.session_id).toMatch(/^CS\d+$/);
		expect(session.session_url).toBe(`${sandbox.url}/checkout/${String(session.session_id)}`);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(lastRequestBody()).toEqual({
			merchant_id: sandbox.merchantId,
			payment_type: 'PURCHASE',
			authorisation_type: 'FINAL_AUTH',
			capture_method: 'MANUAL',
			trans_id: transId,
			currency: 'EUR',
			amount: 1250,
			return_url: RETURN_URL,
			session_mode: 'HOSTED',
			notify_url: 'https://n8n.example.com/webhook/x/webhook',
			expire_time: '2099-01-01T10:00:00+00:00',
			display_locale: 'en-US',
		});
		const page = await fetch(String(session.session_url));
		expect(page.status).toBe(200);
	});

	it.each([
		['major', '19.99', 'USD', 1999],
		['major', '1500', 'JPY', 1500],
		['major', '1.234', 'KWD', 1234],
		['major', 0.1, 'EUR', 10],
		['minor', '1999', 'USD', 1999],
		['minor', 1500, 'JPY', 1500],
	])('converts %s-unit amount %p %s to %i minor units', async (amountUnit, amount, currency, minor) => {
		await createSession({ amountUnit, amount, currency });
		expect(lastRequestBody().amount).toBe(minor);
	});

	it('sends goods, bill, shipping and customer collections', async () => {
		await createSession({
			amount: '12.50',
			goods: { item: [{ id: 'SKU-1', name: 'Apple', price: '6.25', quantity: 2, brand: '' }] },
			bill: { first_name: 'Ada', country: 'hk', billing_address_collection: 'REQUIRED', email: '' },
			shipping: { city: 'Hong Kong', postal_code: '999077' },
			customer: { id: 'cust-1', email: 'ada@example.com', past_transactions: 3 },
			options: { storePaymentMethod: true, shopperReference: 'cust-1', tokenUsage: 'SUBSCRIPTION' },
		});
		const body = lastRequestBody();
		expect(body.goods).toEqual([{ id: 'SKU-1', name: 'Apple', price: 625, quantity: 2 }]);
		expect(body.bill).toEqual({ first_name: 'Ada', country: 'HK', billing_address_collection: 'REQUIRED' });
		expect(body.shipping).toEqual({ city: 'Hong Kong', postal_code: '999077' });
		expect(body.customer).toEqual({ id: 'cust-1', email: 'ada@example.com', past_transactions: 3 });
		expect(body.payment).toEqual({ store_payment_method: true, token_usage: 'SUBSCRIPTION', shopper_reference: 'cust-1' });
	});

	it('is idempotent on the merchant order number: the same item twice gives one session', async () => {
		const transId = unique('order');
		const parameters = { resource: 'checkoutSession', operation: 'create', transId, amount: '12.50', currency: 'EUR', returnUrl: RETURN_URL };
		const first = await runPayKka(sandbox, parameters);
		const second = await runPayKka(sandbox, parameters, { items: [{}, {}] });
		expect(second.error).toBeUndefined();
		const ids = [first, second].flatMap((result) => result.items.map((item) => item.json.session_id));
		expect(new Set(ids).size).toBe(1);
		expect([...sandbox.sessions.values()].filter((session) => session.trans_id === transId)).toHaveLength(1);
	});

	it('refuses a reused order number with another amount before sending a second create', async () => {
		const transId = unique('order');
		await createSession({ transId, amount: '12.50' });
		const before = sandbox.requests.length;
		const result = await runPayKka(sandbox, { resource: 'checkoutSession', operation: 'create', transId, amount: '13.00', currency: 'EUR', returnUrl: RETURN_URL });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`Merchant Order Number "${transId}" already has a checkout session for 1250 EUR (minor units), not 1300 EUR`);
		// Only the lookup went out.
		expect(sandbox.requests.slice(before).map((request) => request.path)).toEqual(['/v3/payment/acq/session/query']);
	});

	it('gets a session and follows it to SUCCESS once paid', async () => {
		const session = await createSession();
		const before = await runPayKka(sandbox, { resource: 'checkoutSession', operation: 'get', sessionId: session.session_id });
		expect(before.items[0].json).toMatchObject({ session_id: session.session_id, status: 'PROCESSING', normalizedStatus: 'pending' });
		await completeSession(sandbox, session.session_id);
		const after = await runPayKka(sandbox, { resource: 'checkoutSession', operation: 'get', sessionId: session.session_id });
		expect(after.items[0].json).toMatchObject({ status: 'SUCCESS', normalizedStatus: 'paid' });
		expect(lastRequestBody()).toEqual({ merchant_id: sandbox.merchantId, session_id: session.session_id });
	});
});

describe('Payment', () => {
	it.each([
		['transId', 'trans_id'],
		['orderId', 'order_id'],
		['sessionId', 'session_id'],
	])('gets a payment by %s', async (lookupBy, field) => {
		const order = await paidOrder(sandbox, );
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy, lookupValue: order[field] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			order_id: order.order_id,
			status: 'SUCCESS',
			normalizedStatus: 'paid',
			amount: 1250,
			card_info: { bin: '424242', last4: '4242', card_brand: 'VISA' },
			balances: { captured_amount: 1250, able_to_refund_amount: 1250 },
		});
		expect(lastRequestBody()).toEqual({ merchant_id: sandbox.merchantId, [field]: order[field] });
	});

	it('captures part of an authorised payment once: a re-run returns the captured order without a second capture', async () => {
		const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
		expect(order.status).toBe('AUTHORIZED');
		const capture = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: order.order_id, amount: '5.00', currency: 'EUR' });
		expect(capture.error).toBeUndefined();
		expect(lastRequestBody()).toEqual({ merchant_id: sandbox.merchantId, order_id: order.order_id, amount: 500, currency: 'EUR' });
		expect(capture.items[0].json).toMatchObject({ status: 'SUCCESS', normalizedStatus: 'paid', balances: { captured_amount: 500, able_to_refund_amount: 500 } });

		const before = sandbox.requests.length;
		const again = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: order.order_id, amount: '5.00', currency: 'EUR' });
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({ order_id: order.order_id, status: 'SUCCESS', balances: { captured_amount: 500 } });
		expect(sandbox.requests.slice(before).map((request) => request.path)).toEqual(['/v3/payment/acq/query']);

		const otherAmount = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: order.order_id, amount: '6.00', currency: 'EUR' });
		expect(otherAmount.error?.name).toBe('NodeOperationError');
		expect(otherAmount.error?.message).toBe(`Order ${order.order_id} is already captured for 500 (minor units), not 600`);
	});

	it('sends a capture PayKKa refuses (order not authorised) and reports the business error in HTTP 200', async () => {
		const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
		await runPayKka(sandbox, { resource: 'payment', operation: 'void', orderId: order.order_id });
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: order.order_id });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^PayKKa error 010000: Order GW\d+ is CANCELED; only AUTHORIZED orders can be captured/);
		expect((result.error as unknown as NodeApiError).httpCode).toBe('200');
	});

	it('captures the full amount when no amount is given', async () => {
		const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
		const capture = await runPayKka(sandbox, { resource: 'payment', operation: 'capture', orderId: order.order_id });
		expect(lastRequestBody()).toEqual({ merchant_id: sandbox.merchantId, order_id: order.order_id });
		expect(capture.items[0].json).toMatchObject({ status: 'SUCCESS', balances: { captured_amount: 1250 } });
	});

	it('voids an authorised payment with a reason', async () => {
		const order = await paidOrder(sandbox, { captureMethod: 'MANUAL' });
		const voided = await runPayKka(sandbox, { resource: 'payment', operation: 'void', orderId: order.order_id, reason: 'FRAUDULENT' });
		expect(voided.error).toBeUndefined();
		expect(voided.items[0].json).toEqual({ order_id: order.order_id, reason: 'FRAUDULENT', ret_code: '000000', ret_msg: 'Success' });
		expect(lastRequestBody()).toEqual({ merchant_id: sandbox.merchantId, order_id: order.order_id, reason: 'FRAUDULENT' });
		const payment = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
		expect(payment.items[0].json).toMatchObject({ status: 'CANCELED', normalizedStatus: 'canceled', balances: { voided_amount: 1250 } });
	});

	it('surfaces ret_code inside HTTP 200 as NodeApiError with PayKKa\'s code', async () => {
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: 'GW000000000' });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe("PayKKa error 206024: The order doesn't exist");
		expect((result.error as unknown as NodeApiError).httpCode).toBe('200');
		expect((result.error as unknown as NodeApiError).description).toMatch(/No order matches/);
	});

	it('surfaces data.error_code of a declined payment as NodeApiError', async () => {
		const order = await paidOrder(sandbox, {}, { card: '4000000000000002' });
		expect(order).toMatchObject({ status: 'FAILURE', error_code: '2099' });
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('PayKKa error 2099: Invalid Card');
	});

	it('keeps a 3-D Secure payment in PROCESSING with its authentication URL until the shopper authenticates', async () => {
		const order = await paidOrder(sandbox, {}, { card: '4000000000003220' });
		const pending = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
		expect(pending.items[0].json).toMatchObject({ status: 'PROCESSING', normalizedStatus: 'processing' });
		expect((pending.items[0].json.authentication_result as { authentication_url: string }).authentication_url).toMatch(/\/3ds\/GW/);
		await fetch(`${sandbox.url}/_sandbox/orders/${String(order.order_id)}/authenticate`, { method: 'POST' });
		const done = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
		expect(done.items[0].json).toMatchObject({ status: 'SUCCESS', normalizedStatus: 'paid' });
	});
});

describe('Refund', () => {
	const refundParameters = (orderId: string, refundTransId: string, amount: string) => ({
		resource: 'refund',
		operation: 'create',
		refundTransId,
		orderId,
		amount,
		currency: 'EUR',
		reason: 'REQUESTED_BY_CUSTOMER',
	});

	it('refunds partially, then the rest, moving the order to PARTIALLY_REFUNDED and REFUNDED', async () => {
		const order = await paidOrder(sandbox, );
		const first = await runPayKka(sandbox, refundParameters(order.order_id, unique('refund'), '4.00'));
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ status: 'SUCCESS', normalizedStatus: 'refunded', amount: 400 });
		expect(first.items[0].json.refund_order_id).toMatch(/^RG\d+$/);
		expect(lastRequestBody()).toMatchObject({ ori_order_id: order.order_id, refund_amount: 400, currency: 'EUR', reason: 'REQUESTED_BY_CUSTOMER' });
		let payment = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
		expect(payment.items[0].json).toMatchObject({ status: 'PARTIALLY_REFUNDED', normalizedStatus: 'partially_refunded', balances: { refunded_amount: 400, able_to_refund_amount: 850 } });

		// Major units: "850" EUR is far above the 8.50 left.
		const tooMuch = await runPayKka(sandbox, refundParameters(order.order_id, unique('refund'), '850'));
		expect(tooMuch.error?.message).toMatch(/exceeds the refundable amount 8\.50 EUR/);
		const rest = await runPayKka(sandbox, { ...refundParameters(order.order_id, unique('refund'), '850'), amountUnit: 'minor' });
		expect(rest.error).toBeUndefined();
		payment = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id });
		expect(payment.items[0].json).toMatchObject({ status: 'REFUNDED', normalizedStatus: 'refunded', balances: { able_to_refund_amount: 0 } });
	});

	it('is refused clearly above the refundable amount, and nothing is refunded', async () => {
		const order = await paidOrder(sandbox, );
		const refundsBefore = sandbox.refunds.size;
		const result = await runPayKka(sandbox, refundParameters(order.order_id, unique('refund'), '12.51'));
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'PayKKa error 010000: refund_amount 12.51 EUR exceeds the refundable amount 12.50 EUR (able_to_refund_amount 1250)',
		);
		expect(sandbox.refunds.size).toBe(refundsBefore);
	});

	it('is idempotent on the merchant refund number: the same item twice refunds once', async () => {
		const order = await paidOrder(sandbox, );
		const refundTransId = unique('refund');
		const first = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId, '5.00'));
		const second = await runPayKka(sandbox, refundParameters(order.order_id, refundTransId, '5.00'), { items: [{}, {}] });
		expect(second.error).toBeUndefined();
		const ids = [first, second].flatMap((result) => result.items.map((item) => item.json.refund_order_id));
		expect(new Set(ids).size).toBe(1);
		expect([...sandbox.refunds.values()].filter((refund) => refund.refund_trans_id === refundTransId)).toHaveLength(1);
		expect(sandbox.orders.get(order.order_id)?.balances.refunded).toBe(500);
	});

	it.each([
		['refundTransId', 'refund_trans_id'],
		['refundOrderId', 'refund_order_id'],
	])('gets a refund by %s', async (lookupBy, field) => {
		const order = await paidOrder(sandbox, );
		const created = await runPayKka(sandbox, refundParameters(order.order_id, unique('refund'), '1.00'));
		const refund = created.items[0].json;
		const result = await runPayKka(sandbox, { resource: 'refund', operation: 'get', lookupBy, lookupValue: refund[field] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ refund_order_id: refund.refund_order_id, status: 'SUCCESS', normalizedStatus: 'refunded' });
		expect(lastRequestBody()).toEqual({ merchant_id: sandbox.merchantId, [field]: refund[field] });
	});
});

describe('Token and recurring agreement', () => {
	it('deletes a stored card token once', async () => {
		const order = await paidOrder(sandbox, { options: { storePaymentMethod: true, shopperReference: 'shopper-1' } });
		expect(order.token).toMatch(/^TK\d+$/);
		const parameters = { resource: 'token', operation: 'delete', token: order.token, shopperReference: 'shopper-1' };
		const deleted = await runPayKka(sandbox, parameters);
		expect(deleted.error).toBeUndefined();
		expect(deleted.items[0].json).toMatchObject({ token: order.token, deleted: true, ret_code: '000000' });
		const body = lastRequestBody();
		expect(body).toMatchObject({ merchant_id: sandbox.merchantId, token: order.token, shopper_reference: 'shopper-1' });
		expect(typeof body.timestamp).toBe('number');
		const again = await runPayKka(sandbox, parameters);
		expect(again.error?.message).toMatch(/^PayKKa error 010000: Token TK\d+ does not exist/);
	});

	it('cancels a recurring agreement once', async () => {
		const order = await paidOrder(sandbox, { paymentType: 'RECURRING', options: { storePaymentMethod: true, shopperReference: 'shopper-2' } });
		const parameters = { resource: 'recurringAgreement', operation: 'cancel', recurringAgreementId: order.recurring_agreement_id };
		const canceled = await runPayKka(sandbox, parameters);
		expect(canceled.error).toBeUndefined();
		expect(canceled.items[0].json).toMatchObject({ recurring_agreement_id: order.recurring_agreement_id, canceled: true });
		expect(lastRequestBody()).toMatchObject({ recurring_agreement_id: order.recurring_agreement_id });
		const again = await runPayKka(sandbox, parameters);
		expect(again.error?.name).toBe('NodeApiError');
		expect(again.error?.message).toBe('PayKKa error 2016: Recurring payment agreement is not active');
	});
});

describe('input validation, continueOnFail and credentials', () => {
	it.each([
		[{ amount: '12.345' }, 'Amount: "12.345" has more than 2 decimal places (item 0)'],
		[{ amount: '10.5', currency: 'JPY' }, 'Amount: "10.5" has decimals, but this currency has none (item 0)'],
		[{ amount: 'ten' }, 'Amount: "ten" is not a decimal amount such as "10.50" (item 0)'],
		[{ amount: '0' }, 'Amount: must be greater than 0 (item 0)'],
		[{ amountUnit: 'minor', amount: '12.5' }, 'Amount: "12.5" is not a whole number of minor units (item 0)'],
		[{ transId: '={{ $json.missing }}' }, 'Merchant Order Number: is required (item 0)'],
		[{ transId: 'has space' }, 'Merchant Order Number: "has space" must be 1-64 visible ASCII characters without spaces (item 0)'],
		[{ returnUrl: 'shop.example.com' }, 'Return URL: "shop.example.com" is not an http(s) URL (item 0)'],
		[{ currency: 'EURO' }, 'Currency: "EURO" is not an ISO 4217 currency code (item 0)'],
		[{ options: { storePaymentMethod: true } }, 'Shopper Reference: is required when Store Payment Method is on (item 0)'],
		[{ goods: { item: [{ name: 'x', price: '1.001', quantity: 1 }] } }, 'Goods 1 Price: "1.001" has more than 2 decimal places (item 0)'],
		[{ shipping: { country: 'Hong Kong' } }, 'Shipping Country: "HONG KONG" is not an ISO 3166 alpha-2 code (item 0)'],
	])('rejects %p before any request', async (change, message) => {
		const before = sandbox.requests.length;
		const result = await runPayKka(sandbox, {
			resource: 'checkoutSession',
			operation: 'create',
			transId: unique('order'),
			amount: '12.50',
			currency: 'EUR',
			returnUrl: RETURN_URL,
			...change,
		});
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(sandbox.requests.length).toBe(before);
	});

	it('rejects a refund without a merchant refund number before any request', async () => {
		const before = sandbox.requests.length;
		const result = await runPayKka(sandbox, { resource: 'refund', operation: 'create', refundTransId: '={{ "" }}', orderId: 'GW1', amount: '1', currency: 'EUR' });
		expect(result.error?.message).toBe('Merchant Refund Number: is required (item 0)');
		expect(sandbox.requests.length).toBe(before);
	});

	it('keeps pairedItem with continueOnFail: a bad item becomes an error item, the others run', async () => {
		const result = await runPayKka(
			sandbox,
			{
				resource: 'checkoutSession',
				operation: 'create',
				transId: '={{ $json.order }}',
				amount: '={{ $json.amount }}',
				currency: 'EUR',
				returnUrl: RETURN_URL,
			},
			{ items: [{ order: unique('order'), amount: '1.00' }, { order: unique('order'), amount: '1.001' }, { order: unique('order'), amount: 2.5 }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.amount).toBe(100);
		expect(result.items[1].json.error).toBe('Amount: "1.001" has more than 2 decimal places (item 1)');
		expect(result.items[2].json.amount).toBe(250);
	});

	it('reports an unparsable private key in words and sends nothing', async () => {
		const before = sandbox.requests.length;
		const result = await runPayKka(
			sandbox,
			{ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'x' },
			{ credentials: { privateKey: 'not a key' } },
		);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^PayKKa credentials: The merchant private key cannot be parsed/);
		expect(sandbox.requests.length).toBe(before);
	});

	it('reports PayKKa\'s 206003 for a key PayKKa does not know', async () => {
		const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		const result = await runPayKka(
			sandbox,
			{ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'x' },
			{ credentials: { privateKey: otherKey } },
		);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('PayKKa error 206003: Signature error');
		expect((result.error as unknown as NodeApiError).httpCode).toBe('401');
		expect((result.error as unknown as NodeApiError).description).toMatch(/private key does not match/);
	});

	it('verifies answers only when Verify Response Signatures is on, and then says what failed', async () => {
		const otherPublicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
		const order = await paidOrder(sandbox, );
		const get = { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id };
		const off = await runPayKka(sandbox, get, { credentials: { platformPublicKey: otherPublicKey } });
		expect(off.error).toBeUndefined();
		expect(off.items[0].json.order_id).toBe(order.order_id);

		const on = await runPayKka(sandbox, get, { credentials: { platformPublicKey: otherPublicKey, verifyResponses: true } });
		expect(on.error?.name).toBe('NodeApiError');
		expect(on.error?.message).toBe(
			'PayKKa response signature check failed: x-paykka-sign does not verify with the PayKKa Platform Public Key over "POST\\n/v3/payment/acq/query\\n{x-paykka-timestamp}\\n{x-paykka-nonce}\\n{response body}"',
		);
		expect((on.error as unknown as NodeApiError).description).toMatch(/turn off "Verify Response Signatures"/);
		expect((on.error as unknown as NodeApiError).description).toMatch(/PayKKa Trigger keeps verifying notifications/);

		const right = await runPayKka(sandbox, get, { credentials: { verifyResponses: true } });
		expect(right.error).toBeUndefined();
	});

	it('accepts unsigned answers from PayKKa while the platform key is set and verification is off (the default)', async () => {
		const unsigned = await startPayKkaSandbox({ signResponses: false });
		try {
			const result = await runNode({
				node: new PayKka(),
				credentialType: new PayKkaApi(),
				credentials: sandboxCredentials(unsigned),
				parameters: { resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'missing' } as never,
			});
			// PayKKa's own answer (order not found) reaches the user, not a signature complaint.
			expect(result.error?.message).toBe("PayKKa error 206024: The order doesn't exist");
			const on = await runNode({
				node: new PayKka(),
				credentialType: new PayKkaApi(),
				credentials: sandboxCredentials(unsigned, { verifyResponses: true }),
				parameters: { resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'missing' } as never,
			});
			expect(on.error?.message).toBe('PayKKa response signature check failed: the response has no x-paykka-sign header');
		} finally {
			await unsigned.close();
		}
	});

	it('skips response verification when no platform key is configured', async () => {
		const order = await paidOrder(sandbox, );
		const result = await runPayKka(
			sandbox,
			{ resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: order.order_id },
			{ credentials: { platformPublicKey: '' } },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.order_id).toBe(order.order_id);
	});
});
