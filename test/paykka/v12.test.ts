/**
 * PayKKa API v1.2 beside v3: the v1.2 signer against a worked vector, the credential's v1.2
 * headers and body, every operation on v1.2 inside n8n-core's WorkflowExecute against the independent
 * sandbox (its v1.2 merchant), response verification, path overrides, the sandbox refusing a request
 * signed for the other version, and the trigger taking a v1.2-signed notification.
 */
import { createPrivateKey, generateKeyPairSync } from 'crypto';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PATHS } from '../../nodes/PayKka/constants';
import { PayKkaTrigger } from '../../nodes/PayKka/PayKkaTrigger.node';
import {
	parsePrivateKey,
	parsePublicKey,
	signV12,
	v12StringToSign,
	verifyV12,
	verifyV12Message,
} from '../../nodes/PayKka/signature';
import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import { startTriggerHost } from '../harness/webhook';
import { completeSession, MERCHANT_PRIVATE_KEY, MERCHANT_PUBLIC_KEY, paidOrder, RETURN_URL, runPayKka, signedPost, unique } from './fixture';


/**
 * A v1.2 worked example: the signed string of https://docs.paykka.com/payments/apis/introduction/api-certification-v1
 * over the 收银台创建 example body of https://open-aq-paykka.apifox.cn, signed with the test-only key of the v3 example.
 */
const VECTOR = {
	merchantId: '18356675194960',
	timestamp: '1700805506000',
	body: '{"merchant_id":"18356675194960","trans_id":"t202311081113","timestamp":1700805506000}',
	base64:
		'IVGoLWsI/k2tEM2n4no272Gqsde0feYqVUJCw8XcOLsnOvZF92NzggQ+TdPiskaga8PgD+A9RbK56QKr6DvTqWUcsXc8iK/JUQXBVvFXojLzEwKImifLlHjkvLBH2boGleasAsePtWzdV9NEYUCO65eZo37raUBvog1rJtmir3uw3eVUjgoGSiCCi2M7Dn5tLynQ1w+bABHTh7SDOVXKdooKIRg8/pKmxXfOxw9UN0L+xHBkWijBT4rrjPbRag+FQGfXSlXd9r2agan16VkX3Lzjlu5a/NngMw9M9a4hj4V9DXzOJmun9MjHhw+RC8MELIXQ5F9xh6fxSxKbgZQh/A==',
	header:
		'IVGoLWsI%2Fk2tEM2n4no272Gqsde0feYqVUJCw8XcOLsnOvZF92NzggQ%2BTdPiskaga8PgD%2BA9RbK56QKr6DvTqWUcsXc8iK%2FJUQXBVvFXojLzEwKImifLlHjkvLBH2boGleasAsePtWzdV9NEYUCO65eZo37raUBvog1rJtmir3uw3eVUjgoGSiCCi2M7Dn5tLynQ1w%2BbABHTh7SDOVXKdooKIRg8%2FpKmxXfOxw9UN0L%2BxHBkWijBT4rrjPbRag%2BFQGfXSlXd9r2agan16VkX3Lzjlu5a%2FNngMw9M9a4hj4V9DXzOJmun9MjHhw%2BRC8MELIXQ5F9xh6fxSxKbgZQh%2FA%3D%3D',
};

describe('v1.2 signature (worked vector)', () => {
	const parts = { merchantId: VECTOR.merchantId, timestamp: VECTOR.timestamp, body: VECTOR.body };

	it('builds merchantId=…&timestamp=…&requestBody=… byte for byte', () => {
		expect(v12StringToSign(parts).toString('utf8')).toBe(`merchantId=18356675194960&timestamp=1700805506000&requestBody=${VECTOR.body}`);
	});

	it('signs bit-exact: Base64 then URL-encoded', () => {
		const header = signV12(parsePrivateKey(MERCHANT_PRIVATE_KEY), parts);
		expect(header).toBe(VECTOR.header);
		expect(decodeURIComponent(header)).toBe(VECTOR.base64);
	});

	it('verifies the vector and refuses one changed body byte', () => {
		const key = parsePublicKey(MERCHANT_PUBLIC_KEY);
		expect(verifyV12(key, parts, VECTOR.header)).toBe(true);
		expect(verifyV12(key, parts, VECTOR.base64)).toBe(true);
		expect(verifyV12(key, { ...parts, body: VECTOR.body.replace('t2023', 't2024') }, VECTOR.header)).toBe(false);
		expect(verifyV12(key, { ...parts, merchantId: '18000000000000' }, VECTOR.header)).toBe(false);
	});

	it('fails closed on messages: missing key, signature, stale timestamp, wrong type or version', () => {
		const base = {
			publicKey: MERCHANT_PUBLIC_KEY,
			merchantId: VECTOR.merchantId,
			timestamp: VECTOR.timestamp,
			signature: VECTOR.header,
			type: 'RSA256',
			version: 'v1.2',
			rawBody: Buffer.from(VECTOR.body),
			nowMs: Number(VECTOR.timestamp) + 1000,
			toleranceSeconds: 300,
		};
		expect(verifyV12Message(base)).toEqual({ valid: true });
		expect(verifyV12Message({ ...base, publicKey: '' })).toEqual({ valid: false, reason: 'missing_secret' });
		expect(verifyV12Message({ ...base, signature: undefined })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(verifyV12Message({ ...base, nowMs: Number(VECTOR.timestamp) + 301_000 })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verifyV12Message({ ...base, type: 'RSA' })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verifyV12Message({ ...base, version: 'v3' })).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verifyV12Message({ ...base, merchantId: undefined })).toEqual({ valid: false, reason: 'missing_timestamp' });
	});
});

describe('PayKkaApi credential on v1.2', () => {
	it('signs the body with merchant_id and timestamp, sends signature / type / version and no x-paykka-* header', async () => {
		const signed = await new PayKkaApi().authenticate(
			{ apiVersion: 'v1.2', environment: 'sandbox', merchantId: VECTOR.merchantId, privateKey: MERCHANT_PRIVATE_KEY },
			{ method: 'POST', baseURL: 'https://sandbox.aq.paykka.com', url: '/payments/session', body: { merchant_id: VECTOR.merchantId, trans_id: 't202311081113', timestamp: 1700805506000 }, encoding: 'json' },
		);
		expect(signed.body).toBe(VECTOR.body);
		expect(signed.headers).toMatchObject({ signature: VECTOR.header, type: 'RSA256', version: 'v1.2' });
		expect(Object.keys(signed.headers ?? {}).filter((name) => name.startsWith('x-paykka'))).toEqual([]);
	});

	it('maps the credential test request (v3 path) to v1.2 and adds the timestamp it lacks', async () => {
		const credential = new PayKkaApi();
		const before = Date.now();
		const signed = await credential.authenticate(
			{ apiVersion: 'v1.2', environment: 'sandbox', merchantId: VECTOR.merchantId, privateKey: MERCHANT_PRIVATE_KEY },
			{ method: 'POST', url: credential.test.request.url!, body: { merchant_id: VECTOR.merchantId, trans_id: 'n8n-credential-test' }, encoding: 'json' },
		);
		expect(signed.url).toBe('/payments/query');
		const body = JSON.parse(signed.body as string) as { timestamp: number };
		expect(body.timestamp).toBeGreaterThanOrEqual(before);
		const key = parsePublicKey(MERCHANT_PUBLIC_KEY);
		expect(verifyV12(key, { merchantId: VECTOR.merchantId, timestamp: String(body.timestamp), body: signed.body as string }, String(signed.headers?.signature))).toBe(true);
	});
});

describe('every operation on v1.2 (WorkflowExecute against the sandbox\'s v1.2 merchant)', () => {
	let sandbox: PayKkaSandbox;
	let v12: Record<string, string | boolean>;

	beforeAll(async () => {
		sandbox = await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 1 });
		const merchant = sandbox.merchantOn('v1.2')!;
		v12 = { apiVersion: 'v1.2', merchantId: merchant.merchantId, appId: '', verifyResponses: true };
	});
	afterAll(async () => await sandbox.close());

	async function run(parameters: Record<string, unknown>) {
		const result = await runPayKka(sandbox, parameters, { credentials: v12 });
		expect(result.error).toBeUndefined();
		return result.items[0].json as Record<string, unknown>;
	}

	function lastRequest() {
		const request = sandbox.recordedRequests[sandbox.recordedRequests.length - 1];
		return { path: request.path, headers: request.headers, body: JSON.parse(request.rawBody) as Record<string, unknown> };
	}

	const paidV12Order = async (parameters: Record<string, unknown> = {}) => await paidOrder(sandbox, { transId: unique('v12'), ...parameters }, { credentials: v12 });

	it('the sandbox has a v1.2 merchant beside the v3 one', () => {
		expect(sandbox.apiVersion).toBe('v3');
		expect(sandbox.merchants.map((merchant) => [merchant.merchantId, merchant.apiVersion])).toEqual([
			[sandbox.merchantId, 'v3'],
			['18000000000000', 'v1.2'],
		]);
	});

	it('Checkout Session > Create sends what the v1.2 reference\'s example shows: /payments/session, v1.2 headers, merchant_id, timestamp (ms), +0800-style date-times', async () => {
		const transId = unique('seed');
		const before = Date.now();
		const session = await run({
			resource: 'checkoutSession',
			operation: 'create',
			transId,
			amount: '1250',
			amountUnit: 'minor',
			currency: 'CNY',
			returnUrl: 'https://www.example.com/returnUrl',
			options: {
				notifyUrl: 'https://www.example.com/notifyUrl',
				expireTime: '2099-11-24T11:34:37+08:00',
				displayMerchantName: 'PayKKa Merchant',
				displayLocale: 'zh-CN',
				themeId: 'theme',
				shopperReference: 'user1234567890',
				allowedPaymentMethods: ['BankCard'],
				blockedPaymentMethods: ['BankCard'],
			},
			goods: { item: [{ id: '6916003178438', name: '苹果', price: '625', quantity: 2, delivery_date: '2023-11-24T11:34:37+08:00' }] },
			customer: {
				id: 'c1',
				registration_time: '2023-11-24T11:34:37+08:00',
				first_shopping_time: '2023-11-24T11:34:37+08:00',
				last_shopping_time: '2023-11-24T11:34:37+08:00',
			},
			authentication: { challenge_indicator: 'AUTO', authentication_only: false, exemption: 'NONE' },
		});
		expect(session).toMatchObject({ trans_id: transId, status: 'PROCESSING', normalizedStatus: 'pending', amount: 1250, currency: 'CNY', merchant_id: '18000000000000' });
		expect(String(session.expire_time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
		const { path, headers, body } = lastRequest();
		expect(path).toBe('/payments/session');
		expect(headers).toMatchObject({ type: 'RSA256', version: 'v1.2' });
		expect(headers.signature).toEqual(expect.any(String));
		expect(Object.keys(headers).filter((name) => name.startsWith('x-paykka'))).toEqual([]);
		expect(body).toMatchObject({
			merchant_id: '18000000000000',
			payment_type: 'PURCHASE',
			authorisation_type: 'FINAL_AUTH',
			capture_method: 'AUTOMATIC',
			trans_id: transId,
			currency: 'CNY',
			amount: 1250,
			session_mode: 'HOSTED',
			expire_time: '2099-11-24T03:34:37+0000',
			goods: [{ id: '6916003178438', name: '苹果', price: 625, quantity: 2, delivery_date: '2023-11-24T03:34:37+0000' }],
			customer: {
				id: 'c1',
				registration_time: '2023-11-24T03:34:37+0000',
				first_shopping_time: '2023-11-24T03:34:37+0000',
				last_shopping_time: '2023-11-24T03:34:37+0000',
			},
			payment: { store_payment_method: false, shopper_reference: 'user1234567890' },
			authentication: { challenge_indicator: 'AUTO', authentication_only: false, exemption: 'NONE' },
			allowed_payment_methods: ['BankCard'],
			blocked_payment_methods: ['BankCard'],
		});
		expect(body.timestamp).toBeGreaterThanOrEqual(before);
		expect(String(body.timestamp)).toMatch(/^\d{13}$/);
		// The lookup before the create went to the v1.2 session query.
		const paths = sandbox.recordedRequests.slice(-2).map((request) => request.path);
		expect(paths).toEqual(['/payments/session/query', '/payments/session']);
	});

	it('Checkout Session > Get, Payment > Get (3 ways), Capture, Void, Refund > Create / Get, Token > Get / Delete, Recurring Agreement > Cancel', async () => {
		const order = await paidV12Order({ paymentType: 'RECURRING', options: { shopperReference: 'shopper-v12', storePaymentMethod: true } });
		expect(order.status).toBe('SUCCESS');
		const seen: string[] = [];
		const note = () => seen.push(lastRequest().path);

		const session = await run({ resource: 'checkoutSession', operation: 'get', sessionId: order.session_id });
		expect(session.status).toBe('SUCCESS');
		note();
		for (const [lookupBy, field] of [['transId', 'trans_id'], ['orderId', 'order_id'], ['sessionId', 'session_id']]) {
			const payment = await run({ resource: 'payment', operation: 'get', lookupBy, lookupValue: order[field] });
			expect(payment).toMatchObject({ order_id: order.order_id, normalizedStatus: 'paid' });
			note();
		}
		const refund = await run({ resource: 'refund', operation: 'create', refundTransId: unique('r'), orderId: order.order_id, amount: '1.00', currency: 'EUR' });
		expect(refund).toMatchObject({ status: 'SUCCESS', amount: 100, normalizedStatus: 'refunded' });
		note();
		expect(await run({ resource: 'refund', operation: 'get', lookupBy: 'refundOrderId', lookupValue: refund.refund_order_id })).toMatchObject({ refund_order_id: refund.refund_order_id });
		note();
		const tokens = await run({ resource: 'token', operation: 'get', shopperReference: 'shopper-v12' });
		expect(tokens).toMatchObject({ shopper_reference: 'shopper-v12', count: 1, tokens: [{ token: order.token, card_info: { last4: '4242' } }] });
		note();
		expect(await run({ resource: 'recurringAgreement', operation: 'cancel', recurringAgreementId: order.recurring_agreement_id })).toMatchObject({ canceled: true });
		note();
		expect(await run({ resource: 'token', operation: 'delete', token: order.token, shopperReference: 'shopper-v12' })).toMatchObject({ deleted: true });
		note();

		const manual = await paidV12Order({ captureMethod: 'MANUAL' });
		const captured = await run({ resource: 'payment', operation: 'capture', orderId: manual.order_id, amount: '5.00', currency: 'EUR' });
		expect(captured).toMatchObject({ status: 'SUCCESS', normalizedStatus: 'paid' });
		note();
		const toVoid = await paidV12Order({ captureMethod: 'MANUAL' });
		const voided = await run({ resource: 'payment', operation: 'void', orderId: toVoid.order_id });
		expect(voided).toMatchObject({ order_id: toVoid.order_id, ret_code: '000000' });
		note();

		expect(seen).toEqual([
			'/payments/session/query',
			'/payments/query',
			'/payments/query',
			'/payments/query',
			'/payments/refund',
			'/payments/refund/query',
			'/payments/token/query',
			'/payments/recurring/cancel',
			'/payments/token/remove',
			'/payments/capture',
			'/payments/void',
		]);
		const v12Paths = new Set(Object.values(PATHS['v1.2']).map((endpoint) => endpoint.path));
		for (const request of sandbox.recordedRequests) {
			expect(v12Paths.has(request.path)).toBe(true);
			const body = JSON.parse(request.rawBody) as Record<string, unknown>;
			expect(body.merchant_id).toBe('18000000000000');
			expect(String(body.timestamp)).toMatch(/^\d{13}$/);
			expect(request.headers).toMatchObject({ type: 'RSA256', version: 'v1.2' });
		}
	});

	it('a response signed with another platform key fails when Verify Response Signatures is on (v1.2 rule)', async () => {
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
		const result = await runPayKka(
			sandbox,
			{ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'nothing-here' },
			{ credentials: { ...v12, platformPublicKey: other } },
		);
		expect(result.error?.message).toMatch(/response signature check failed: signature does not verify/);
	});

	it('Path Override sends to the user\'s path; an invalid one is refused before anything is sent', async () => {
		const before = sandbox.recordedRequests.length;
		const result = await runPayKka(
			sandbox,
			{ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'x', options: { pathOverride: '/payments/query-elsewhere' } },
			{ credentials: v12, continueOnFail: true },
		);
		expect(sandbox.recordedRequests[before].path).toBe('/payments/query-elsewhere');
		expect(result.items[0].json.error).toMatch(/Invalid request/);
		const bad = await runPayKka(
			sandbox,
			{ resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'x', options: { pathOverride: 'https://evil.example.com/x' } },
			{ credentials: v12 },
		);
		expect(bad.error?.message).toMatch(/Path Override/);
		expect(sandbox.recordedRequests.length).toBe(before + 1);
	});

	it('v1.2 production has no published host: refused before sending', async () => {
		const result = await runPayKka(sandbox, { resource: 'payment', operation: 'get', lookupBy: 'transId', lookupValue: 'x' }, { credentials: { ...v12, environment: 'productionEu' } });
		expect(result.error?.message).toMatch(/no production host for API v1.2/);
	});
});

describe('the sandbox refuses a request signed for the other version', () => {
	let sandbox: PayKkaSandbox;
	beforeAll(async () => (sandbox = await startPayKkaSandbox()));
	afterAll(async () => await sandbox.close());

	function v12Post(path: string, body: Record<string, unknown>) {
		const raw = JSON.stringify(body);
		const signature = signV12(createPrivateKey(MERCHANT_PRIVATE_KEY), { merchantId: String(body.merchant_id), timestamp: String(body.timestamp), body: raw });
		return fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', signature, type: 'RSA256', version: 'v1.2' }, body: raw });
	}

	it('v1.2 merchant, v1.2 request: accepted (206024 for an unknown order)', async () => {
		const response = await v12Post('/payments/query', { merchant_id: '18000000000000', trans_id: 'none', timestamp: Date.now() });
		expect(response.status).toBe(200);
		expect(response.headers.get('version')).toBe('v1.2');
		expect(((await response.json()) as { ret_code: string }).ret_code).toBe('206024');
	});

	it('v3 merchant signing v1.2: 206001', async () => {
		const response = await v12Post('/payments/query', { merchant_id: sandbox.merchantId, trans_id: 'none', timestamp: Date.now() });
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ ret_code: '206001' });
	});

	it('v1.2 merchant signing v3 (its id as x-paykka-appid): 206001; a v1.2 signature on a v3 path: 206001', async () => {
		const v3 = await signedPost(sandbox, '/v3/payment/acq/query', { merchant_id: '18000000000000', trans_id: 'none' }, { appId: '18000000000000' });
		expect(v3.status).toBe(401);
		expect(v3.json.ret_code).toBe('206001');
		const mixed = await v12Post('/v3/payment/acq/query', { merchant_id: '18000000000000', trans_id: 'none', timestamp: Date.now() });
		expect(mixed.status).toBe(401);
		expect(await mixed.json()).toMatchObject({ ret_code: '206001' });
	});

	it('a v3 signature on a v1.2 path: 206001; a v1.2 body timestamp outside 5 minutes: 206004; a bad v1.2 signature: 206003', async () => {
		const v3OnV12 = await signedPost(sandbox, '/payments/query', { merchant_id: '18000000000000', trans_id: 'none', timestamp: Date.now() });
		expect(v3OnV12.json.ret_code).toBe('206001');
		const stale = await v12Post('/payments/query', { merchant_id: '18000000000000', trans_id: 'none', timestamp: Date.now() - 600_000 });
		expect(await stale.json()).toMatchObject({ ret_code: '206004' });
		const raw = JSON.stringify({ merchant_id: '18000000000000', trans_id: 'none', timestamp: Date.now() });
		const forged = await fetch(`${sandbox.url}/payments/query`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', signature: VECTOR.header, type: 'RSA256', version: 'v1.2' },
			body: raw,
		});
		expect(await forged.json()).toMatchObject({ ret_code: '206003' });
	});
});

describe('PayKKa Trigger with a v1.2 credential', () => {
	let sandbox: PayKkaSandbox;
	beforeAll(async () => (sandbox = await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 2 })));
	afterAll(async () => await sandbox.close());

	it('runs once for a v1.2-signed payment notification from the sandbox; a redelivery starts nothing', async () => {
		const merchantId = sandbox.merchantOn('v1.2')!.merchantId;
		const credentials = { environment: 'custom', baseUrl: sandbox.url, apiVersion: 'v1.2', merchantId, privateKey: MERCHANT_PRIVATE_KEY, platformPublicKey: sandbox.platformPublicKeyPem };
		const trigger = await startTriggerHost({ node: new PayKkaTrigger(), credentialType: new PayKkaApi(), credentials, parameters: { events: ['*'] } as never });
		try {
			sandbox.setWebhookUrl(trigger.url);
			const session = await runPayKka(sandbox, { resource: 'checkoutSession', operation: 'create', transId: 'v12-notify-1', amount: '5', currency: 'EUR', returnUrl: RETURN_URL }, { credentials });
			expect(session.error).toBeUndefined();
			await completeSession(sandbox, String(session.items[0].json.session_id));
			await sandbox.dispatcher.idle();
			const notification = sandbox.notifications.find((candidate) => candidate.type === 'PAYMENT.SUCCESS')!;
			expect(notification).toMatchObject({ apiVersion: 'v1.2', merchant_id: merchantId });
			expect(sandbox.dispatcher.attemptsFor(notification.id).map((attempt) => attempt.statusCode)).toEqual([200]);
			expect(trigger.executions).toHaveLength(1);
			expect(trigger.executions[0][0].json).toMatchObject({ notify_type: 'PAYMENT.SUCCESS', merchant_id: merchantId, trans_id: 'v12-notify-1', normalizedStatus: 'paid' });
			expect(String(trigger.executions[0][0].json.timestamp)).toMatch(/^\d{13}$/);

			await fetch(`${sandbox.url}/_sandbox/notifications/${notification.id}/redeliver`, { method: 'POST' });
			await sandbox.dispatcher.idle();
			expect(trigger.executions).toHaveLength(1);
		} finally {
			await trigger.close();
		}
	});

	it('Confirm With Gateway on v1.2: a saved-card charge\'s notification is confirmed with /payments/query, then runs once', async () => {
		const merchantId = sandbox.merchantOn('v1.2')!.merchantId;
		const credentials = { environment: 'custom', baseUrl: sandbox.url, apiVersion: 'v1.2', merchantId, privateKey: MERCHANT_PRIVATE_KEY, platformPublicKey: sandbox.platformPublicKeyPem };
		const trigger = await startTriggerHost({
			node: new PayKkaTrigger(),
			credentialType: new PayKkaApi(),
			credentials,
			parameters: { events: ['PAYMENT.SUCCESS'], options: { confirmWithGateway: true } } as never,
		});
		try {
			sandbox.setWebhookUrl(trigger.url);
			const stored = await fetch(`${sandbox.url}/_sandbox/tokens`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ merchant_id: merchantId, shopper_reference: 'v12-shopper' }),
			});
			const { token } = (await stored.json()) as { token: string };
			const before = sandbox.recordedRequests.length;
			const charge = await runPayKka(
				sandbox,
				{ resource: 'payment', operation: 'create', chargeType: 'token', token, shopperReference: 'v12-shopper', transId: 'v12-mit-notify', amount: '7.00', currency: 'EUR' },
				{ credentials },
			);
			expect(charge.items[0].json).toMatchObject({ status: 'SUCCESS' });
			await sandbox.dispatcher.idle();
			expect(trigger.executions).toHaveLength(1);
			expect(trigger.executions[0][0].json).toMatchObject({ notify_type: 'PAYMENT.SUCCESS', trans_id: 'v12-mit-notify', amount: 700 });
			expect(sandbox.recordedRequests.slice(before).map((request) => request.path)).toEqual(['/payments/query', '/payments', '/payments/query']);
		} finally {
			sandbox.setWebhookUrl(undefined);
			await trigger.close();
		}
	});

	it('fails closed (401): a v3-signed notification, a forged v1.2 one, an unsigned one', async () => {
		const credentials = { environment: 'sandbox', apiVersion: 'v1.2', merchantId: '18000000000000', privateKey: MERCHANT_PRIVATE_KEY, platformPublicKey: MERCHANT_PUBLIC_KEY };
		const trigger = await startTriggerHost({ node: new PayKkaTrigger(), credentialType: new PayKkaApi(), credentials, parameters: { events: ['*'] } as never });
		try {
			const body = JSON.stringify({ notify_type: 'PAYMENT.SUCCESS', merchant_id: '18000000000000', order_id: 'GW1', trans_id: 't1', status: 'SUCCESS', amount: 1, currency: 'EUR', timestamp: Date.now() });
			const parsed = JSON.parse(body) as { timestamp: number };
			const good = signV12(createPrivateKey(MERCHANT_PRIVATE_KEY), { merchantId: '18000000000000', timestamp: String(parsed.timestamp), body });
			const forged = signV12(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { merchantId: '18000000000000', timestamp: String(parsed.timestamp), body });
			const send = (headers: Record<string, string>) => fetch(trigger.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
			expect((await send({ signature: forged, type: 'RSA256', version: 'v1.2' })).status).toBe(401);
			expect((await send({})).status).toBe(401);
			expect((await send({ 'x-paykka-sign': good, 'x-paykka-timestamp': String(parsed.timestamp), 'x-paykka-nonce': '1234567890' })).status).toBe(401);
			expect((await send({ signature: good, type: 'RSA256', version: 'v1' })).status).toBe(401);
			expect(trigger.executions).toHaveLength(0);
			expect((await send({ signature: good, type: 'RSA256', version: 'v1.2' })).status).toBe(200);
			expect(trigger.executions).toHaveLength(1);
		} finally {
			await trigger.close();
		}
	});
});
