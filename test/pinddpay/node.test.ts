import type { IDataObject } from 'n8n-workflow';

import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import * as payIn from '../../nodes/Pinddpay/actions/payIn/PayIn.resource';
import * as payout from '../../nodes/Pinddpay/actions/payout/Payout.resource';
import { RESOURCES } from '../../nodes/Pinddpay/actions/router';
import { Pinddpay } from '../../nodes/Pinddpay/Pinddpay.node';
import { decimalToMinor, minorToDecimal } from '../../nodes/shared/money';
import type { HandlersFor, ResourceTable } from '../../nodes/shared/router';
import { PINDDPAY_TEST_ACCESS_KEY, PINDDPAY_TEST_CARDS, PINDDPAY_TEST_SECRET } from '../../sandbox/pinddpay/server';
import { control, orderSessionParameters, payoutParameters, runPinddpay, sandboxForThisFile, unique } from './fixture';

const sandbox = sandboxForThisFile({ initialBalances: { USD: '100.00', JPY: '50000' } });

function lastRequest() {
	return sandbox.requests[sandbox.requests.length - 1];
}

function expectApiError(error: unknown, code: string, message: RegExp | string) {
	const details = error as { name: string; message: string; httpCode?: string; description?: string };
	expect(details.name).toBe('NodeApiError');
	expect(details.message).toContain(`Pinddpay error ${code}: `);
	expect(details.message).toMatch(message);
	expect(JSON.stringify(error)).not.toContain(PINDDPAY_TEST_SECRET);
	return details;
}

function expectInputError(error: unknown, field: string) {
	const details = error as { name: string; message: string };
	expect(details.name).toBe('NodeOperationError');
	expect(details.message).toContain(`${field}:`);
	expect(details.message).toContain('(item 0)');
}

describe('Pinddpay node description', () => {
	it('is usable as a tool and offers the operations of the issue', () => {
		const { description } = new Pinddpay();
		expect(description.usableAsTool).toBe(true);
		const operations = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options as Array<{ value: string; action: string }>).map((option) => option.value));
		expect(operations.sort()).toEqual(['cancel', 'create', 'createOrderSession', 'createTransaction', 'getBalance', 'getTransaction'].sort());
	});

	it('has exactly one handler per listed operation and one operation table per listed resource (checked by `npm run typecheck`)', () => {
		const { createOrderSession, createTransaction } = payIn.operations;
		// @ts-expect-error "getTransaction" is listed but has no handler
		const missing: HandlersFor<typeof payIn.OPERATIONS> = { createOrderSession, createTransaction };
		// @ts-expect-error "refund" is not a listed pay-in operation
		const extra: HandlersFor<typeof payIn.OPERATIONS> = { ...payIn.operations, refund: payIn.operations.getTransaction };
		// @ts-expect-error the resource "subscription" is listed but has no operation table
		const resources: ResourceTable<typeof RESOURCES> = { payIn: payIn.operations, payout: payout.operations };
		expect([missing, extra, resources]).toHaveLength(3);
		expect(new Pinddpay().description.properties[0].options).toEqual(RESOURCES);
	});
});

describe('Credential test request', () => {
	it('is signed by authenticate() and flags Pinddpay\'s code 401 (sent in HTTP 200)', async () => {
		const credential = new PinddpayApi();
		const { request, rules } = credential.test;
		expect(request).toMatchObject({ url: '/api/payout/balance', method: 'GET' });
		expect(rules).toEqual([expect.objectContaining({ type: 'responseSuccessBody', properties: expect.objectContaining({ key: 'code', value: 401 }) })]);
		const url = request.url as string;
		const call = async (secret: string) => {
			const signed = await credential.authenticate(
				{ environment: 'custom', baseUrl: sandbox.url, accessKey: PINDDPAY_TEST_ACCESS_KEY, secret },
				{ baseURL: sandbox.url, url, method: 'GET' },
			);
			const response = await fetch(`${sandbox.url}${url}`, { headers: signed.headers as Record<string, string> });
			return (await response.json()) as IDataObject;
		};
		expect((await call(PINDDPAY_TEST_SECRET)).code).toBe(200);
		expect((await call('wrong')).code).toBe(401);
	});
});

describe('Pay-in: Create Order Session', () => {
	it('sends a signed request with the exact decimal and returns the session for the SDK', async () => {
		const orderId = unique('ORDER');
		const { items, error } = await runPinddpay(
			sandbox,
			orderSessionParameters({
				orderId,
				customer: { id: 'user-123', country: 'us', ip: '127.0.0.1', name: 'JAMES', email: 'james@tesg.com' },
				additionalFields: { paymentMethod: 'paypal', redirectUrl: 'https://example.com/redirect', website: 'https://yourwebsite.com' },
			}),
		);
		expect(error).toBeUndefined();
		const request = lastRequest();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/gateway/createsession');
		expect(request.headers.accesskey).toBe(PINDDPAY_TEST_ACCESS_KEY);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.rawBody).toContain('"amount":1.99,');
		expect(JSON.parse(request.rawBody)).toEqual({
			appid: PINDDPAY_TEST_ACCESS_KEY,
			order: { id: orderId, sku: { id: orderId, currency: 'USD', amount: 1.99, name: 'VIP', quantity: 1 } },
			customer: { id: 'user-123', country: 'US', ip: '127.0.0.1', name: 'JAMES', email: 'james@tesg.com' },
			notifyUrl: 'https://example.com/callback',
			redirectUrl: 'https://example.com/redirect',
			options: { paymentMethod: 'paypal' },
			website: 'https://yourwebsite.com',
		});

		expect(items).toHaveLength(1);
		const output = items[0].json;
		const order = [...sandbox.orders.values()].find((candidate) => candidate.merchantOrderNo === orderId)!;
		expect(output).toMatchObject({
			session: Buffer.from(`${order.id}:${sandbox.url}`).toString('base64'),
			merchantOrderNo: orderId,
			orderId: order.id,
			checkoutUrl: `${sandbox.url}/app/v2/checkout?token=${order.id}`,
		});
		expect(Date.parse(output.expiredAt as string)).toBeGreaterThan(Date.now());
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(order.status).toBe('created');
	});

	it.each([
		['2.50', 'USD', '"amount":2.50,'],
		['1500', 'JPY', '"amount":1500,'],
		['0.125', 'KWD', '"amount":0.125,'],
	])('sends amount %s %s with exactly those digits', async (amount, currency, literal) => {
		await runPinddpay(sandbox, orderSessionParameters({ orderId: unique('ORDER'), amount, currency }));
		expect(lastRequest().rawBody).toContain(literal);
	});

	it('takes a number from an expression as its decimal text, and the App ID of the credential', async () => {
		const { error } = await runPinddpay(
			sandbox,
			orderSessionParameters({ orderId: '={{ $json.orderId }}', amount: '={{ $json.price }}' }),
			{ items: [{ orderId: unique('EXPR'), price: 19.99 }], credentials: { appId: 'sandbox-app' } },
		);
		expect(error).toBeUndefined();
		expect(lastRequest().rawBody).toContain('"appid":"sandbox-app"');
		expect(lastRequest().rawBody).toContain('"amount":19.99,');
	});

	it.each([
		['Amount', { amount: '1.999' }],
		['Amount', { amount: '1,99' }],
		['Amount', { amount: '-1' }],
		['Amount', { amount: '0.00' }],
		['Amount', { amount: '10.5', currency: 'JPY' }],
		['Currency', { currency: 'DOLLAR' }],
		// Empty required fields from an expression (n8n itself stops literal empty ones).
		['Merchant Order ID', { orderId: '={{ "" }}' }],
		['Merchant Order ID', { orderId: 'has space' }],
		['Product Name', { productName: '={{ "  " }}' }],
		['Quantity', { quantity: 0 }],
		['Notify URL', { notifyUrl: 'not a url' }],
		['Customer Country', { customer: { country: 'USA' } }],
		['Customer Email', { customer: { email: 'nope' } }],
		// One email rule for every gateway (nodes/shared/validation.ts): the domain needs a dot.
		['Customer Email', { customer: { email: 'a@b' } }],
		['Redirect URL', { additionalFields: { redirectUrl: 'ftp://x' } }],
	])('rejects a bad %s before any request', async (field, overrides) => {
		const before = sandbox.requests.length;
		const { error } = await runPinddpay(sandbox, orderSessionParameters({ orderId: unique('BAD'), ...overrides }));
		expectInputError(error, field);
		expect(sandbox.requests.length).toBe(before);
	});

	it('turns an auth failure inside HTTP 200 into a NodeApiError with Pinddpay\'s code', async () => {
		const { error } = await runPinddpay(sandbox, orderSessionParameters({ orderId: unique('AUTH') }), {
			credentials: { secret: 'not-the-secret' },
		});
		const details = expectApiError(error, '401', 'sign 无效的签名');
		expect(details.httpCode).toBe('200');
		expect(details.description).toMatch(/access key and secret/);
	});

	it('reports a business error (HTTP 400) with Pinddpay\'s code and message', async () => {
		const orderId = unique('DUP');
		await runPinddpay(sandbox, orderSessionParameters({ orderId }));
		const { error } = await runPinddpay(sandbox, orderSessionParameters({ orderId, amount: '2.00' }));
		expectApiError(error, '400', /already used with a different amount/);
	});
});

describe('Pay-in: Create Transaction and Query Transaction', () => {
	it('creates a transaction with subscription and billing, and returns the payment link', async () => {
		const orderId = unique('TX');
		const { items, error } = await runPinddpay(sandbox, {
			...orderSessionParameters({ orderId, amount: '9.90' }),
			operation: 'createTransaction',
			additionalFields: { cancelUrl: 'https://example.com/cancel', redirectionCountdown: 5 },
			subscription: { planId: 'plan-123456', description: 'test subscription', interval: 'month', intervalCount: 1, billingCycle: 12 },
			billing: { firstName: 'zhang', lastName: 'san', country: 'cn', city: 'Beijing' },
		});
		expect(error).toBeUndefined();
		const body = JSON.parse(lastRequest().rawBody) as IDataObject;
		expect(lastRequest().path).toBe('/api/gateway/authorization');
		expect(lastRequest().rawBody).toContain('"amount":9.90,');
		expect(body).toMatchObject({
			cancelUrl: 'https://example.com/cancel',
			options: { orderType: 'checkout', redirectionCountdown: 5 },
			subscription: { planId: 'plan-123456', interval: 'month', intervalCount: 1, billingCycle: 12, description: 'test subscription' },
			billing: { firstName: 'zhang', lastName: 'san', country: 'CN', city: 'Beijing' },
		});
		const order = sandbox.orders.get(items[0].json.id as string)!;
		expect(order.merchantOrderNo).toBe(orderId);
		expect(items[0].json).toMatchObject({ paylink: `${sandbox.url}/app/v2/checkout?token=${order.id}`, merchantOrderNo: orderId });
		expect(sandbox.subscriptions.get(order.contractId!)).toMatchObject({ planId: 'plan-123456', status: 'pending' });
	});

	it.each([
		[PINDDPAY_TEST_CARDS.success, 'paid', 'paid', '已付款'],
		[PINDDPAY_TEST_CARDS.declined, 'failed', 'failed', '支付失败'],
	])('queries the order after paying with card %s: %s', async (card, statusEn, normalizedStatus, label) => {
		const created = await runPinddpay(sandbox, orderSessionParameters({ orderId: unique('Q'), amount: '2.50' }));
		const id = created.items[0].json.orderId as string;
		await control(sandbox, `orders/${id}/pay`, { card });
		const { items, error } = await runPinddpay(sandbox, { resource: 'payIn', operation: 'getTransaction', id });
		expect(error).toBeUndefined();
		expect(lastRequest().method).toBe('GET');
		expect(lastRequest().query).toEqual({ id });
		expect(items[0].json).toMatchObject({ id, statusEn, status: label, normalizedStatus, amount: 2.5, currency: 'USD' });
		expect((items[0].json.transaction as IDataObject).tradeNo).toMatch(/^int_/);
	});

	it('reports an unknown order as a NodeApiError', async () => {
		const { error } = await runPinddpay(sandbox, { resource: 'payIn', operation: 'getTransaction', id: '999' });
		const details = expectApiError(error, '400', 'Order 999 not found');
		expect(details.httpCode).toBe('400');
	});
});

describe('Payout: Create Payout and Query Balance', () => {
	it('creates a payout, debits the balance once, and replaying the same number pays nothing more', async () => {
		const orderNo = unique('PO');
		const before = sandbox.balance('USD');
		const parameters = payoutParameters({
			orderNo,
			amount: '3.10',
			additionalFields: { country: 'us', platform: 'ios', userName: 'user_1', email: 'test@test.com' },
		});
		const first = await runPinddpay(sandbox, parameters);
		expect(first.error).toBeUndefined();
		expect(lastRequest().path).toBe('/api/payout/create');
		expect(lastRequest().rawBody).toContain('"amount":3.10,');
		expect(JSON.parse(lastRequest().rawBody)).toMatchObject({ orderNo, payoutAccount: 'payee@example.com', gateway: 'paypal', country: 'US', platform: 'ios' });
		expect(first.items[0].json).toMatchObject({ orderNo, status: 'CREATED', normalizedStatus: 'pending', amount: 3.1 });

		const replay = await runPinddpay(sandbox, parameters);
		expect(replay.error).toBeUndefined();
		expect(replay.items[0].json.id).toBe(first.items[0].json.id);
		expect([...sandbox.payouts.values()].filter((payout) => payout.orderNo === orderNo)).toHaveLength(1);
		expect(sandbox.balance('USD')).toBe(minorToDecimal(decimalToMinor(before, 2) - 310n, 2));
	});

	it('refuses the same payout number with other details', async () => {
		const orderNo = unique('PO');
		await runPinddpay(sandbox, payoutParameters({ orderNo, amount: '1.00' }));
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo, amount: '2.00' }));
		expectApiError(error, '400', /already exists/);
	});

	it('reports insufficient balance without debiting', async () => {
		const before = sandbox.balance('USD');
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: unique('PO'), amount: '100000.00' }));
		expectApiError(error, '400', /Insufficient balance/);
		expect(sandbox.balance('USD')).toBe(before);
	});

	it.each([
		['Amount', { amount: '1.001' }],
		['Payout Order Number', { orderNo: '={{ "" }}' }],
		['Payout Account', { payoutAccount: '={{ $json.missing }}' }],
		['Notify URL', { additionalFields: { notifyUrl: 'nope' } }],
	])('rejects a bad %s before any request', async (field, overrides) => {
		const before = sandbox.requests.length;
		const { error } = await runPinddpay(sandbox, payoutParameters({ orderNo: unique('PO'), ...overrides }));
		expectInputError(error, field);
		expect(sandbox.requests.length).toBe(before);
	});

	it('queries the balance, one item per currency, at the default or a configured path', async () => {
		const byDefault = await runPinddpay(sandbox, { resource: 'payout', operation: 'getBalance' });
		expect(lastRequest().path).toBe('/api/payout/balance');
		expect(byDefault.items.map((item) => item.json.currency)).toEqual(['JPY', 'USD']);
		expect(byDefault.items[0].json.balance).toBe(50000);
		const configured = await runPinddpay(sandbox, { resource: 'payout', operation: 'getBalance', options: { path: '/api/merchant/Balance' } });
		expect(lastRequest().path).toBe('/api/merchant/Balance');
		expect(configured.items).toHaveLength(2);
		const missing = await runPinddpay(sandbox, { resource: 'payout', operation: 'getBalance', options: { path: '/api/nowhere' } });
		expectApiError(missing.error, '404', /not found/);
	});
});

describe('Subscription: Cancel Subscription', () => {
	it('cancels an active subscription; an unknown one is a NodeApiError', async () => {
		const created = await runPinddpay(sandbox, {
			...orderSessionParameters({ orderId: unique('SUB') }),
			operation: 'createTransaction',
			subscription: { planId: 'plan-9', interval: 'month', intervalCount: 1, billingCycle: 3 },
		});
		const order = sandbox.orders.get(created.items[0].json.id as string)!;
		await control(sandbox, `orders/${order.id}/pay`);
		expect(sandbox.subscriptions.get(order.contractId!)!.status).toBe('active');

		const { items, error } = await runPinddpay(sandbox, { resource: 'subscription', operation: 'cancel', contractId: order.contractId, planId: 'plan-9' });
		expect(error).toBeUndefined();
		expect(lastRequest().path).toBe('/api/subscription/cancel');
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ contractId: order.contractId, planId: 'plan-9' });
		expect(items[0].json).toMatchObject({ contractId: order.contractId, status: 'cancelled', normalizedStatus: 'canceled' });
		expect(sandbox.subscriptions.get(order.contractId!)!.status).toBe('cancelled');

		const unknown = await runPinddpay(sandbox, { resource: 'subscription', operation: 'cancel', contractId: 'ctr_unknown' });
		expectApiError(unknown.error, '400', 'Subscription ctr_unknown not found');
	});
});

describe('Items, continueOnFail and envelope variants', () => {
	it('runs every item with its own expressions and pairs outputs', async () => {
		const numbers = [unique('M'), unique('M'), unique('M')];
		const { items, error } = await runPinddpay(sandbox, payoutParameters({ orderNo: '={{ $json.no }}', amount: '={{ $json.amount }}' }), {
			items: numbers.map((no, index) => ({ no, amount: `0.0${index + 1}` })),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.orderNo, item.pairedItem])).toEqual(numbers.map((no, index) => [no, { item: index }]));
	});

	it('with continueOnFail, keeps going and pairs error items (input and API errors)', async () => {
		const good = unique('C');
		const { items, error } = await runPinddpay(
			sandbox,
			payoutParameters({ orderNo: '={{ $json.no }}', amount: '={{ $json.amount }}' }),
			{
				continueOnFail: true,
				items: [
					{ no: unique('C'), amount: 'ten' },
					{ no: good, amount: '0.50' },
					{ no: unique('C'), amount: '999999.00' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ pairedItem: { item: 0 }, json: { error: expect.stringContaining('Amount:') } });
		expect(items[1]).toMatchObject({ pairedItem: { item: 1 }, json: { orderNo: good, status: 'CREATED' } });
		expect(items[2]).toMatchObject({ pairedItem: { item: 2 }, json: { error: expect.stringContaining('Insufficient balance') } });
	});

	it.each([0, '200'])('accepts success code %p as the docs\' samples show it', async (successCode) => {
		await control(sandbox, 'settings', { successCode });
		try {
			const { items, error } = await runPinddpay(sandbox, { resource: 'payout', operation: 'getBalance' });
			expect(error).toBeUndefined();
			expect(items.length).toBeGreaterThan(0);
		} finally {
			await control(sandbox, 'settings', { successCode: 200 });
		}
	});
});
