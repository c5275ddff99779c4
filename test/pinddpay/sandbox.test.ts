/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- spec vectors */
import { readdirSync, readFileSync } from 'fs';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';

import { computeSignToken, signRequestHeaders } from '../../nodes/Pinddpay/signature';
import {
	PINDDPAY_TEST_ACCESS_KEY,
	PINDDPAY_TEST_CARDS,
	PINDDPAY_TEST_SECRET,
	startPinddpaySandbox,
	type PinddpaySandbox,
} from '../../sandbox/pinddpay/server';
import { requestSign, signToken } from '../../sandbox/pinddpay/signing';
import { control, signedRequest } from './fixture';

const sessionBody = (orderId: string, overrides: IDataObject = {}, amount = '1.99') =>
	`{"appid":"${PINDDPAY_TEST_ACCESS_KEY}","order":{"id":"${orderId}","sku":{"id":"SKU-1","currency":"USD","amount":${amount},"name":"VIP","quantity":1}},"notifyUrl":"https://example.com/callback"${Object.entries(
		overrides,
	)
		.map(([key, value]) => `,"${key}":${JSON.stringify(value)}`)
		.join('')}}`;

describe('Pinddpay sandbox: request authentication (Admin.NET order of checks)', () => {
	let sandbox: PinddpaySandbox;

	beforeAll(async () => {
		sandbox = await startPinddpaySandbox();
	});

	afterAll(async () => await sandbox.close());

	const balance = async (options: Parameters<typeof signedRequest>[3] = {}, path = '/api/payout/balance') =>
		await signedRequest(sandbox, 'GET', path, options);

	it('accepts a correctly signed request with the envelope', async () => {
		const response = await balance();
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ code: 200, type: 'success', message: '', extras: null, result: [{ currency: 'USD', balance: 1000 }] });
		expect(response.body.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
	});

	it.each([
		['accessKey', 'accessKey 不能为空'],
		['timestamp', 'timestamp 不能为空'],
		['nonce', 'nonce 不能为空'],
		['sign', 'sign 不能为空'],
	])('rejects a missing %s header with code 401 in HTTP 200', async (name, message) => {
		const response = await balance({ headers: { [name]: undefined } });
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ code: 401, type: 'error', message, result: null });
	});

	it('rejects invalid, expired and millisecond timestamps', async () => {
		expect((await balance({ headers: { timestamp: 'yesterday' } })).body.message).toBe('timestamp 值不合法');
		// Read the clock per request: on a loaded machine a second can pass between two requests, and a
		// timestamp 301 s ahead of a clock read earlier is then only 300 s ahead (inside the window).
		const now = () => Math.floor(Date.now() / 1000);
		expect((await balance({ timestamp: now() - 301 })).body.message).toBe('timestamp 值已超过允许的偏差范围');
		expect((await balance({ timestamp: now() + 302 })).body.message).toBe('timestamp 值已超过允许的偏差范围');
		expect((await balance({ timestamp: Date.now() })).body.message).toBe('timestamp 值已超过允许的偏差范围');
		expect((await balance({ timestamp: now() - 290 })).body.code).toBe(200);
	});

	it('rejects an unknown access key, a bad signature and a replayed nonce', async () => {
		expect((await balance({ headers: { accessKey: 'someone-else' } })).body).toMatchObject({ code: 401, message: 'accessKey 无效' });
		expect((await balance({ secret: 'wrong' })).body).toMatchObject({ code: 401, message: 'sign 无效的签名' });
		expect((await balance({ headers: { sign: 'AAAA' } })).body).toMatchObject({ code: 401, message: 'sign 无效的签名' });
		expect((await balance({ nonce: '9007199254740993' })).body.code).toBe(200);
		expect((await balance({ nonce: '9007199254740993' })).body).toMatchObject({ code: 401, message: '重复的请求' });
	});

	it('signs the path without the query string; a signature for another path fails', async () => {
		const detail = await signedRequest(sandbox, 'GET', '/api/order/detail?id=unknown');
		expect(detail.body).toMatchObject({ code: 400, message: 'Order unknown not found' });
		expect(detail.status).toBe(400);
		const signedForOtherPath = await signedRequest(sandbox, 'GET', '/api/merchant/Balance', {
			headers: signRequestHeaders(
				{ accessKey: PINDDPAY_TEST_ACCESS_KEY, secret: PINDDPAY_TEST_SECRET },
				{ method: 'GET', path: '/api/payout/balance' },
				Math.floor(Date.now() / 1000),
			),
		});
		expect(signedForOtherPath.body.message).toBe('sign 无效的签名');
	});

	it('checks the signature before routing, and answers 404 for unknown paths', async () => {
		const response = await fetch(`${sandbox.url}/api/unknown`);
		expect((await response.json()) as IDataObject).toMatchObject({ code: 401, message: 'accessKey 不能为空' });
		expect((await signedRequest(sandbox, 'GET', '/api/unknown')).body).toMatchObject({ code: 404 });
	});

	it('requires JSON bodies and numbers for amounts, within the currency\'s decimals', async () => {
		const post = async (body: string, headers: Record<string, string> = {}) =>
			(await signedRequest(sandbox, 'POST', '/api/gateway/createsession', { body, headers })).body;
		expect(await post(sessionBody('CT-1'), { 'Content-Type': 'text/plain' })).toMatchObject({ code: 415 });
		expect(await post('{bad json')).toMatchObject({ code: 400, message: 'Request body is not valid JSON' });
		expect(await post(sessionBody('A-1', {}, '"1.99"'))).toMatchObject({ code: 400, message: 'order.sku.amount must be a number' });
		expect(await post(sessionBody('A-2', {}, '1.999'))).toMatchObject({ code: 400, message: expect.stringContaining('more than 2 decimals') });
		expect(await post(sessionBody('A-3', {}, '0'))).toMatchObject({ code: 400, message: 'order.sku.amount must be greater than 0' });
		expect(await post(sessionBody('A-4').replace(PINDDPAY_TEST_ACCESS_KEY, 'nope'))).toMatchObject({ code: 400, message: 'appid nope is invalid' });
		expect(await post(sessionBody('A-5'))).toMatchObject({ code: 200, result: { session: expect.any(String) } });
	});
});

describe('Pinddpay sandbox: state machines and webhooks', () => {
	let sandbox: PinddpaySandbox;
	let receiver: Server;
	const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
	/** Status codes the receiver answers with, in order; 200 once exhausted. */
	let answers: number[] = [];

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(answers.shift() ?? 200).end('{}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		sandbox = await startPinddpaySandbox({ webhookUrl: notifyUrl, timeScale: 0.0001, initialBalances: { USD: '10.00' } });
	});

	afterAll(async () => {
		await sandbox.close();
		receiver.closeAllConnections();
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});

	beforeEach(() => {
		received.length = 0;
		answers = [];
	});

	const createOrder = async (orderId: string) => {
		const response = await signedRequest(sandbox, 'POST', '/api/gateway/authorization', {
			body: sessionBody(orderId, { subscription: { planId: 'plan-1', interval: 'month', intervalCount: 1, billingCycle: 2 } }),
		});
		return (response.body.result as { payments: IDataObject[] }).payments[0].id as string;
	};
	const detail = async (id: string) => (await signedRequest(sandbox, 'GET', `/api/order/detail?id=${id}`)).body.result as IDataObject;
	const eventNames = () => received.map((delivery) => (JSON.parse(delivery.body) as IDataObject).eventName);

	it('moves an order created -> failed -> paid -> refunded, with a webhook for each step', async () => {
		const id = await createOrder('SM-1');
		expect(await detail(id)).toMatchObject({ statusEn: 'created', status: '已创建', merchantOrderNo: 'SM-1', amount: 1.99, transaction: null });
		await control(sandbox, `orders/${id}/pay`, { card: PINDDPAY_TEST_CARDS.declined });
		expect(await detail(id)).toMatchObject({ statusEn: 'failed', transaction: { error: { code: 'card_declined' } } });
		await control(sandbox, `orders/${id}/pay`, { card: PINDDPAY_TEST_CARDS.success });
		expect(await detail(id)).toMatchObject({ statusEn: 'paid', status: '已付款', transaction: { capturedAmount: 1.99, error: null } });
		await expect(control(sandbox, `orders/${id}/pay`)).rejects.toThrow(/can no longer be paid/);
		await control(sandbox, `orders/${id}/refund`, { amount: '1.00' });
		expect(await detail(id)).toMatchObject({ statusEn: 'refunded' });
		await sandbox.dispatcher.idle();
		expect(eventNames()).toEqual(['order.created', 'order.failed', 'order.paid', 'subscription.capture.successful', 'order.refunded']);
		const refunded = JSON.parse(received[4].body) as IDataObject;
		expect(refunded).toMatchObject({ order: { statusEn: 'refunded', amount: '1.99' }, refund: { refundAmount: '1.00', currency: 'USD' }, dispute: null });
	});

	it('signs every delivery with sign-token (upper-case MD5) in the configured reading', async () => {
		await createOrder('SIG-1');
		await control(sandbox, 'settings', { signTokenContent: 'bodyAndSecret' });
		await createOrder('SIG-2');
		await control(sandbox, 'settings', { signTokenContent: 'secret' });
		await sandbox.dispatcher.idle();
		expect(received[0].headers['sign-token']).toBe(computeSignToken(PINDDPAY_TEST_SECRET, 'secret', ''));
		expect(received[1].headers['sign-token']).toBe(computeSignToken(PINDDPAY_TEST_SECRET, 'bodyAndSecret', received[1].body));
		expect(received[1].headers['sign-token']).toMatch(/^[0-9A-F]{32}$/);
	});

	it('retries a delivery until the receiver answers exactly HTTP 200', async () => {
		answers = [500, 204, 401];
		await createOrder('RETRY-1');
		await sandbox.dispatcher.idle();
		const event = sandbox.events[sandbox.events.length - 1];
		expect(sandbox.dispatcher.attemptsFor(event.eventId).map((attempt) => attempt.statusCode)).toEqual([500, 204, 401, 200]);
		expect(sandbox.dispatcher.status(event.eventId)).toBe('delivered');
		expect(new Set(received.map((delivery) => delivery.body)).size).toBe(1);
	});

	it('disputes a paid order and captures and cancels a subscription', async () => {
		const id = await createOrder('SUB-1');
		await control(sandbox, `orders/${id}/pay`);
		const contractId = (await detail(id)).contractId as string;
		await control(sandbox, `subscriptions/${contractId}/capture`, { fail: true });
		await control(sandbox, `subscriptions/${contractId}/capture`);
		await expect(control(sandbox, `subscriptions/${contractId}/capture`)).rejects.toThrow(/All billing cycles/);
		await control(sandbox, `orders/${id}/dispute`, { reason: 'product_not_received' });
		const cancel = async () =>
			(await signedRequest(sandbox, 'POST', '/api/subscription/cancel', { body: JSON.stringify({ contractId }) })).body;
		expect(await cancel()).toMatchObject({ code: 200, result: { status: 'cancelled', capturedCycles: 2 } });
		expect(await cancel()).toMatchObject({ code: 200, result: { status: 'cancelled' } });
		await sandbox.dispatcher.idle();
		expect(eventNames()).toEqual([
			'order.created',
			'order.paid',
			'subscription.capture.successful',
			'subscription.capture.failed',
			'subscription.capture.successful',
			'order.disputed',
			'subscription.cancelled',
		]);
		expect(JSON.parse(received[5].body)).toMatchObject({ dispute: { reason: 'product_not_received', status: 'open' }, order: { statusEn: 'disputed' } });
		expect(JSON.parse(received[2].body)).toMatchObject({ resouce: { capture: { contractId, amount: '1.99' }, plan: { id: 'plan-1', totalCycles: '2' } } });
	});

	it('debits payouts, refuses an overdraft, refunds a failed payout and reports it by webhook', async () => {
		const payout = async (orderNo: string, amount: string) =>
			(
				await signedRequest(sandbox, 'POST', '/api/payout/create', {
					body: `{"payoutAccount":"p@example.com","currency":"USD","amount":${amount},"orderNo":"${orderNo}","gateway":"paypal","country":"US "}`,
				})
			).body;
		const created = await payout('PO-1', '7.25');
		expect(created).toMatchObject({ code: 200, result: { orderNo: 'PO-1', status: 'CREATED', amount: 7.25, country: 'US' } });
		expect(sandbox.balance('USD')).toBe('2.75');
		expect(await payout('PO-2', '2.76')).toMatchObject({ code: 400, message: 'Insufficient balance: 2.75 USD available' });
		expect(await payout('PO-1', '7.25')).toMatchObject({ code: 200, result: { id: (created.result as IDataObject).id } });
		expect(sandbox.balance('USD')).toBe('2.75');
		await control(sandbox, `payouts/${(created.result as IDataObject).id as string}/fail`, { reason: 'Account closed' });
		expect(sandbox.balance('USD')).toBe('10.00');
		await sandbox.dispatcher.idle();
		expect(JSON.parse(received[received.length - 1].body)).toMatchObject({
			eventName: 'payout.failed',
			resouce: { orderNo: 'PO-1', status: 'FAILED', error: 'Account closed', amount: 7.25 },
		});
		expect(received[received.length - 1].body).toContain('"amount":7.25,');
	});

	it('serves the hosted checkout: a page for the token, and a card payment that redirects', async () => {
		const response = await signedRequest(sandbox, 'POST', '/api/gateway/createsession', {
			body: sessionBody('HOSTED-1', { redirectUrl: 'https://example.com/thanks' }),
		});
		const [id] = Buffer.from((response.body.result as IDataObject).session as string, 'base64').toString('utf8').split(':');
		const page = await fetch(`${sandbox.url}/app/v2/checkout?token=${id}`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('1.99 USD');
		const paid = await fetch(`${sandbox.url}/app/v2/checkout`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: `token=${id}&card=${PINDDPAY_TEST_CARDS.success}`,
			redirect: 'manual',
		});
		expect(paid.status).toBe(303);
		expect(paid.headers.get('location')).toBe('https://example.com/thanks');
		expect(sandbox.orders.get(id)!.status).toBe('paid');
	});
});

describe('Pinddpay sandbox: sessions and delivery targets', () => {
	it('cancels an unpaid order once its session has expired', async () => {
		const sandbox = await startPinddpaySandbox({ sessionTtlSeconds: 0 });
		try {
			const response = await signedRequest(sandbox, 'POST', '/api/gateway/createsession', { body: sessionBody('EXP-1') });
			const [id] = Buffer.from((response.body.result as IDataObject).session as string, 'base64').toString('utf8').split(':');
			await new Promise((resolve) => setTimeout(resolve, 5));
			expect(((await signedRequest(sandbox, 'GET', `/api/order/detail?id=${id}`)).body.result as IDataObject).statusEn).toBe('cancelled');
			await expect(control(sandbox, `orders/${id}/pay`)).rejects.toThrow(/cancelled/);
		} finally {
			await sandbox.close();
		}
	});

	it('does not deliver to non-loopback notify URLs unless allowed (events are still recorded)', async () => {
		const sandbox = await startPinddpaySandbox();
		try {
			await signedRequest(sandbox, 'POST', '/api/gateway/createsession', { body: sessionBody('EXT-1') });
			expect(sandbox.events).toHaveLength(1);
			expect(sandbox.events[0].url).toBeUndefined();
			expect(sandbox.dispatcher.attempts).toHaveLength(0);
		} finally {
			await sandbox.close();
		}
	});
});

describe('Pinddpay sandbox: an independent implementation of the docs', () => {
	let sandbox: PinddpaySandbox;

	beforeAll(async () => {
		sandbox = await startPinddpaySandbox({ initialBalances: { USD: '100000000000000.00' } });
	});

	afterAll(async () => await sandbox.close());

	it('imports nothing from nodes/ or credentials/', () => {
		const directory = join(__dirname, '..', '..', 'sandbox', 'pinddpay');
		for (const file of readdirSync(directory).filter((name) => name.endsWith('.ts'))) {
			const imports = [...readFileSync(join(directory, file), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
			expect({ file, outside: imports.filter((path) => /nodes\/|credentials\//.test(path)) }).toEqual({ file, outside: [] });
		}
	});

	it('signs with its own code: the spec\'s published vectors', () => {
		expect(
			requestSign('IwoScoHCG0C6cUf3N5qDJg', {
				method: 'GET',
				path: '/api/merchant/Balance',
				accessKey: 'tw58ui0z60yYhaCTyROy6g',
				timestamp: '1721916124',
				nonce: '634216',
			}),
		).toBe('4RYaNXUjiLS473r4yGizHTqRcy1rtTdETPSH9Gdhpf8=');
		expect(
			requestSign('TEST_ACCESS_SECRET', {
				method: 'post',
				path: '/api/payout/create',
				accessKey: 'TEST_ACCESS_KEY',
				timestamp: '1735689600',
				nonce: '173568960012347',
			}),
		).toBe('RjREgGWF1as2G0fGhMykoaGB2tvxXXQOsGy/l+1L/t8=');
		// The docs' sign-token example: MD5("123456") upper case (Payin webhook, http://docs.pinddpay.com/341969792e0).
		expect(signToken('123456', 'secret', 'any body')).toBe('E10ADC3949BA59ABBE56E057F20F883E');
		expect(signToken('3456', 'bodyAndSecret', '12')).toBe('E10ADC3949BA59ABBE56E057F20F883E');
	});

	const payout = async (orderNo: string, amount: string) =>
		await signedRequest(sandbox, 'POST', '/api/payout/create', {
			body: `{"payoutAccount":"payee@example.com","currency":"USD","amount":${amount},"orderNo":"${orderNo}","gateway":"paypal"}`,
		});

	it('reads JSON-number amounts from the raw bytes, exactly, beyond a float\'s precision', async () => {
		// 90071992547409.93 is not a double: JSON.parse would read 90071992547409.94.
		const response = await payout('EXACT-1', '90071992547409.93');
		expect(response.body.code).toBe(200);
		expect(sandbox.payouts.get((response.body.result as IDataObject).id as string)!.amount.minor).toBe(9007199254740993n);
		expect(sandbox.balance('USD')).toBe('9928007452590.07');
		// Written back with the same digits.
		const raw = await fetch(`${sandbox.url}/_sandbox/payouts/EXACT-1/pay`, { method: 'POST' });
		expect(await raw.text()).toContain('"amount":90071992547409.93,');
	});

	it('accepts trailing zeros within the value, refuses exponents and strings', async () => {
		expect((await payout('EXACT-2', '1.990')).body.code).toBe(200);
		expect((await payout('EXACT-3', '1e2')).body).toMatchObject({ code: 400, message: 'amount 1e2 must be a plain decimal number' });
		expect((await payout('EXACT-4', '"1.99"')).body).toMatchObject({ code: 400, message: 'amount must be a number' });
		expect((await payout('EXACT-5', '-1.00')).body).toMatchObject({ code: 400, message: 'amount must be greater than 0' });
	});

	it('answers Query a transaction by Pinddpay\'s order id only, not by the merchant order number', async () => {
		const created = await signedRequest(sandbox, 'POST', '/api/gateway/createsession', { body: sessionBody('MERCHANT-ONLY') });
		const [id] = Buffer.from((created.body.result as IDataObject).session as string, 'base64').toString('utf8').split(':');
		expect((await signedRequest(sandbox, 'GET', `/api/order/detail?id=${id}`)).body).toMatchObject({ code: 200, result: { id, merchantOrderNo: 'MERCHANT-ONLY' } });
		expect((await signedRequest(sandbox, 'GET', '/api/order/detail?id=MERCHANT-ONLY')).body).toMatchObject({ code: 400, message: 'Order MERCHANT-ONLY not found' });
	});

	it('serves no payout query (Pinddpay publishes none)', async () => {
		expect((await signedRequest(sandbox, 'GET', '/api/payout/detail?orderNo=EXACT-2')).body).toMatchObject({ code: 404 });
	});

	it('keeps a "__proto__" member as plain data', async () => {
		const body = sessionBody('PROTO-1').replace(/}$/, ',"__proto__":{"polluted":true}}');
		expect(body).toContain('"__proto__":{"polluted":true}}');
		expect((await signedRequest(sandbox, 'POST', '/api/gateway/createsession', { body })).body.code).toBe(200);
		expect(({} as IDataObject).polluted).toBeUndefined();
	});
});
