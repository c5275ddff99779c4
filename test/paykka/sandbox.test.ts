import { generateKeyPairSync } from 'crypto';

import { parsePrivateKey, signParts, verifySignedMessage } from '../../nodes/PayKka/signature';
import { numberTexts } from '../../sandbox/paykka/amounts';
import { PAYKKA_PATHS, PAYKKA_TEST_CARDS, startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { completeSession, MERCHANT_PRIVATE_KEY, MERCHANT_PUBLIC_KEY, signedPost, unique } from './fixture';

/** The sandbox's own paths (independent of the node's). */
const PATHS = PAYKKA_PATHS.v3;
const SESSION = PATHS.sessionCreate;
const QUERY = PATHS.paymentQuery;
let sandbox: PayKkaSandbox;

beforeAll(async () => (sandbox = await startPayKkaSandbox({ merchantPublicKeyPem: MERCHANT_PUBLIC_KEY })));
afterAll(async () => await sandbox.close());

const sessionBody = (transId: string, extra: Record<string, unknown> = {}) => ({
	payment_type: 'PURCHASE',
	trans_id: transId,
	currency: 'EUR',
	amount: 1250,
	return_url: 'https://shop.example.com/return',
	session_mode: 'HOSTED',
	...extra,
});

async function paidOrderId(extra: Record<string, unknown> = {}, card?: string): Promise<string> {
	const created = await signedPost(sandbox, SESSION, sessionBody(unique('order'), extra));
	const completed = await completeSession(sandbox, created.json.data.session_id, card);
	return completed.json.order_id as string;
}

describe('request signatures (https://docs.paykka.com/payments/apis/introduction/api-certification)', () => {
	const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
	it.each([
		['206002', 'no x-paykka-sign', { sign: null }, 'Signature not found'],
		['206003', 'a signature by another key', { privateKey: otherKey }, 'Signature error'],
		['206003', 'a garbage signature', { sign: 'abc' }, 'Signature error'],
		['206004', 'a timestamp older than 5 minutes', { timestamp: String(Date.now() - 301_000) }, 'Signature expired'],
		['206004', 'a seconds timestamp', { timestamp: String(Math.floor(Date.now() / 1000)) }, 'Signature expired'],
		['206005', 'an unknown app id', { appId: '000' }, 'Merchant does not exist'],
	])('answers 401 + %s for %s', async (retCode, _name, options, message) => {
		const response = await signedPost(sandbox, QUERY, { trans_id: 'x' }, options);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ ret_code: retCode, ret_msg: message });
	});

	it('rejects a body changed after signing', async () => {
		const body = JSON.stringify({ merchant_id: sandbox.merchantId, trans_id: 'a' });
		const valid = await signedPost(sandbox, QUERY, body);
		expect(valid.status).toBe(200);
		const timestamp = String(Date.now());
		const sign = signParts(parsePrivateKey(MERCHANT_PRIVATE_KEY), { method: 'POST', path: QUERY, timestamp, nonce: 'nonce-tamper-1', body });
		const tampered = await signedPost(sandbox, QUERY, body.replace('"a"', '"b"'), { timestamp, nonce: 'nonce-tamper-1', sign });
		expect(tampered.status).toBe(401);
		expect(tampered.json.ret_code).toBe('206003');
	});

	it('refuses a replayed nonce', async () => {
		const options = { nonce: `nonce-${Date.now()}`, timestamp: String(Date.now()) };
		expect((await signedPost(sandbox, QUERY, { trans_id: 'x' }, options)).status).toBe(200);
		const replay = await signedPost(sandbox, QUERY, { trans_id: 'x' }, options);
		expect(replay.status).toBe(401);
		expect(replay.json.ret_code).toBe('206003');
	});

	it('signs every response (errors included) with the platform key over the request path', async () => {
		for (const options of [{}, { sign: null }]) {
			const response = await signedPost(sandbox, QUERY, { trans_id: 'x' }, options);
			const verification = verifySignedMessage({
				publicKey: sandbox.platformPublicKeyPem,
				method: 'POST',
				paths: [QUERY],
				timestamp: response.headers.get('x-paykka-timestamp') ?? undefined,
				nonce: response.headers.get('x-paykka-nonce') ?? undefined,
				signature: response.headers.get('x-paykka-sign') ?? undefined,
				rawBody: Buffer.from(response.text),
				nowMs: Date.now(),
				toleranceSeconds: 300,
			});
			expect(verification).toEqual({ valid: true });
		}
	});

	it('answers envelope errors for unknown paths, bad JSON and another merchant', async () => {
		expect((await signedPost(sandbox, '/v3/payment/acq/unknown', {})).json).toEqual({ ret_code: '010000', ret_msg: 'Invalid request' });
		const malformed = await signedPost(sandbox, QUERY, '{"merchant_id":');
		expect(malformed.status).toBe(400);
		expect(malformed.json.ret_code).toBe('010000');
		const otherMerchant = await signedPost(sandbox, QUERY, JSON.stringify({ merchant_id: '1', trans_id: 'x' }));
		expect(otherMerchant.status).toBe(200);
		expect(otherMerchant.json).toEqual({ ret_code: '206005', ret_msg: 'Merchant does not exist' });
	});

	it('leaves answers unsigned when started with signResponses: false', async () => {
		const own = await startPayKkaSandbox({ signResponses: false });
		try {
			const response = await signedPost(own, QUERY, { trans_id: 'x' });
			expect(response.json.ret_code).toBe('206024');
			expect(response.headers.get('x-paykka-sign')).toBeNull();
		} finally {
			await own.close();
		}
	});

	it('accepts a platform key pair passed in options and exposes its public key', async () => {
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const own = await startPayKkaSandbox({ platformPrivateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
		try {
			expect(own.platformPublicKeyPem).toBe(pair.publicKey.export({ type: 'spki', format: 'pem' }));
			const keys = (await (await fetch(`${own.url}/_sandbox/keys`)).json()) as { platform_public_key: string };
			expect(keys.platform_public_key).toBe(own.platformPublicKeyPem);
		} finally {
			await own.close();
		}
	});
});

describe('sessions and orders', () => {
	it('dedupes trans_id: the same business body (any body timestamp) returns the same session', async () => {
		const transId = unique('order');
		const first = await signedPost(sandbox, SESSION, sessionBody(transId, { timestamp: 1 }));
		const second = await signedPost(sandbox, SESSION, sessionBody(transId, { timestamp: 2 }));
		expect(second.json.data.session_id).toBe(first.json.data.session_id);
		const conflict = await signedPost(sandbox, SESSION, sessionBody(transId, { amount: 1251 }));
		expect(conflict.json.ret_code).toBe('010000');
		expect([...sandbox.sessions.values()].filter((session) => session.trans_id === transId)).toHaveLength(1);
	});

	it.each([
		['1250.0', 'a fraction'],
		['1.25e3', 'an exponent'],
		['9007199254740993', 'more than a JS number holds exactly'],
		['-1250', 'a negative amount'],
	])('reads the amount\'s exact text: refuses %s (%s) with 400 010000', async (amount) => {
		const body = JSON.stringify({ merchant_id: sandbox.merchantId, ...sessionBody(unique('order')) }).replace('"amount":1250', `"amount":${amount}`);
		const response = await signedPost(sandbox, SESSION, body);
		expect(response.status).toBe(400);
		expect(response.json.ret_msg).toMatch(/amount must be a positive integer in the currency's minor unit/);
	});

	it('reads each goods price by its position', async () => {
		const goods = [{ name: 'a', price: 625, quantity: 1 }, { name: 'b', quantity: 1 }, { name: 'c', price: 1.5, quantity: 1 }];
		const response = await signedPost(sandbox, SESSION, sessionBody(unique('order'), { goods }));
		expect(response.status).toBe(400);
		expect(response.json.ret_msg).toMatch(/price must be a positive integer/);
		expect((await signedPost(sandbox, SESSION, sessionBody(unique('order'), { goods: goods.slice(0, 2) }))).status).toBe(200);
	});

	it('finds a session by trans_id, and answers 206011 for an unknown one', async () => {
		const transId = unique('order');
		const created = await signedPost(sandbox, SESSION, sessionBody(transId));
		const found = await signedPost(sandbox, PATHS.sessionQuery, { trans_id: transId });
		expect(found.json.data.session_id).toBe(created.json.data.session_id);
		const missing = await signedPost(sandbox, PATHS.sessionQuery, { trans_id: unique('none') });
		expect(missing.status).toBe(200);
		expect(missing.json).toEqual({ ret_code: '206011', ret_msg: 'The session does not exist' });
	});

	it('answers 206024 for an unknown refund number', async () => {
		const missing = await signedPost(sandbox, PATHS.refundQuery, { refund_trans_id: unique('none') });
		expect(missing.json).toEqual({ ret_code: '206024', ret_msg: "The order doesn't exist" });
	});

	it.each([
		[{ amount: 12.5 }, /amount must be a positive integer/],
		[{ amount: '1250' }, /amount must be a positive integer/],
		[{ session_mode: undefined }, /session_mode is required/],
		[{ return_url: 'nope' }, /return_url must be an http\(s\) URL/],
		[{ currency: 'eur' }, /currency must be an ISO 4217 code/],
	])('rejects a bad session request %p with 400 010000', async (change, message) => {
		const response = await signedPost(sandbox, SESSION, sessionBody(unique('order'), change));
		expect(response.status).toBe(400);
		expect(response.json.ret_code).toBe('010000');
		expect(response.json.ret_msg).toMatch(message);
	});

	it('serves the hosted page and completes a session with the success card (AUTOMATIC -> SUCCESS)', async () => {
		const created = await signedPost(sandbox, SESSION, sessionBody(unique('order')));
		const page = await fetch(created.json.data.session_url as string);
		expect(await page.text()).toContain('12.50 EUR');
		const completed = await completeSession(sandbox, created.json.data.session_id, PAYKKA_TEST_CARDS.success);
		expect(completed.json).toMatchObject({
			status: 'SUCCESS',
			balances: { authed_amount: 1250, captured_amount: 1250, able_to_capture_amount: 0, able_to_void_amount: 0, able_to_refund_amount: 1250 },
		});
		expect((await completeSession(sandbox, created.json.data.session_id)).status).toBe(409);
	});

	it('authorises with MANUAL capture, refuses refunds before capture and voids to CANCELED', async () => {
		const orderId = await paidOrderId({ capture_method: 'MANUAL' });
		expect(sandbox.orders.get(orderId)?.status).toBe('AUTHORIZED');
		const refund = await signedPost(sandbox, PATHS.refundCreate, { refund_trans_id: unique('r'), ori_order_id: orderId, refund_amount: 1, currency: 'EUR' });
		expect(refund.json.ret_msg).toMatch(/only captured orders can be refunded/);
		const voided = await signedPost(sandbox, PATHS.paymentVoid, { order_id: orderId, reason: 'OTHER' });
		expect(voided.json).toEqual({ ret_code: '000000', ret_msg: 'Success' });
		expect(sandbox.orders.get(orderId)).toMatchObject({ status: 'CANCELED', balances: { voided: 1250 } });
		const capture = await signedPost(sandbox, PATHS.paymentCapture, { order_id: orderId });
		expect(capture.json.ret_msg).toMatch(/only AUTHORIZED orders can be captured/);
	});

	it('declines the decline card with FAILURE / 2099', async () => {
		const orderId = await paidOrderId({}, PAYKKA_TEST_CARDS.decline);
		const query = await signedPost(sandbox, QUERY, { order_id: orderId });
		expect(query.json).toMatchObject({ ret_code: '000000', data: { status: 'FAILURE', error_code: '2099', error_description: 'Invalid Card' } });
	});

	it('expires a session and refuses to pay it', async () => {
		const created = await signedPost(sandbox, SESSION, sessionBody(unique('order')));
		const sessionId = created.json.data.session_id as string;
		expect((await fetch(`${sandbox.url}/_sandbox/sessions/${sessionId}/expire`, { method: 'POST' })).status).toBe(200);
		const query = await signedPost(sandbox, PATHS.sessionQuery, { session_id: sessionId });
		expect(query.json.data.status).toBe('EXPIRED');
		expect((await completeSession(sandbox, sessionId)).status).toBe(409);
	});

	it('refunds down to REFUNDED and keeps balances consistent', async () => {
		const orderId = await paidOrderId();
		const refund = (amount: number) =>
			signedPost(sandbox, PATHS.refundCreate, { refund_trans_id: unique('r'), ori_order_id: orderId, refund_amount: amount, currency: 'EUR' });
		expect((await refund(250)).json.data).toMatchObject({ status: 'SUCCESS', amount: 250 });
		expect(sandbox.orders.get(orderId)?.status).toBe('PARTIALLY_REFUNDED');
		expect((await refund(1001)).json.ret_msg).toMatch(/exceeds the refundable amount 10\.00 EUR/);
		await refund(1000);
		const query = await signedPost(sandbox, QUERY, { order_id: orderId });
		expect(query.json.data).toMatchObject({ status: 'REFUNDED', balances: { refunded_amount: 1250, able_to_refund_amount: 0 } });
		expect(sandbox.notifications.filter((notification) => notification.type === 'REFUND.SUCCESS' && notification.body.includes(orderId))).toHaveLength(2);
	});

	it('emits a dispute notification from the control endpoint', async () => {
		const orderId = await paidOrderId();
		const response = await fetch(`${sandbox.url}/_sandbox/orders/${orderId}/dispute`, { method: 'POST' });
		expect(response.status).toBe(200);
		const notification = sandbox.notifications[sandbox.notifications.length - 1];
		expect(notification.type).toBe('DISPUTE');
		expect(JSON.parse(notification.body)).toMatchObject({ event_type: 'DISPUTE', order_id: orderId, dispute_stage: 'DISPUTE_CREATED' });
	});

	it('sends to the order\'s notify_url unless an override endpoint is set', async () => {
		const own = await startPayKkaSandbox({ maxWebhookAttempts: 1 });
		try {
			const pay = async () => {
				const created = await signedPost(own, SESSION, sessionBody(unique('order'), { notify_url: 'http://127.0.0.1:9/order-notify' }));
				await completeSession(own, created.json.data.session_id);
				return own.notifications[own.notifications.length - 1];
			};
			expect((await pay()).url).toBe('http://127.0.0.1:9/order-notify');
			const override = await fetch(`${own.url}/_sandbox/webhook-endpoint`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ url: 'http://127.0.0.1:9/override' }),
			});
			expect(override.status).toBe(200);
			expect((await pay()).url).toBe('http://127.0.0.1:9/override');
			await own.dispatcher.idle();
			expect(own.dispatcher.attempts.map((attempt) => attempt.acknowledged)).toEqual([false, false]);
		} finally {
			await own.close();
		}
	});
});

describe('sandbox amount reading (raw JSON text, no floats)', () => {
	it('finds every number token with its path, through strings, escapes and nesting', () => {
		const raw = '{ "a": "x\\"}1", "b": [1, {"c": 2.50}, [3]], "d": -1e3, "e": {"f": null, "g": true, "h": 9007199254740993} }';
		expect(Object.fromEntries(numberTexts(raw))).toEqual({ 'b[0]': '1', 'b[1].c': '2.50', 'b[2][0]': '3', d: '-1e3', 'e.h': '9007199254740993' });
	});
});
