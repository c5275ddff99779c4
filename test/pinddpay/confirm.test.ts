/**
 * Confirm With Gateway on the Pinddpay Trigger (default on): pay-in events are looked up with
 * Query a transaction against the independent sandbox, over real HTTP through the trigger harness;
 * payout and subscription events, which Pinddpay cannot look up, are refused.
 */
import type { IDataObject } from 'n8n-workflow';

import { PinddpayApi } from '../../credentials/PinddpayApi.credentials';
import { checkOrderEvent, compareDecimals, decimalOf, stateAgrees, unconfirmableReason } from '../../nodes/Pinddpay/confirm';
import { numberLiteral, parseJsonKeepingNumbers } from '../../nodes/Pinddpay/exactJson';
import { computeSignToken, type SignTokenContent } from '../../nodes/Pinddpay/signature';
import { PinddpayTrigger } from '../../nodes/Pinddpay/PinddpayTrigger.node';
import { PINDDPAY_TEST_SECRET, type OrderRecord } from '../../sandbox/pinddpay/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { control, orderSessionParameters, runPinddpay, sandboxCredentials, sandboxForThisFile, signedRequest, unique } from './fixture';

const SECRET = PINDDPAY_TEST_SECRET;
const eventAt = () => new Date().toISOString().replace(/Z$/, '0000Z');

const sandbox = sandboxForThisFile({ initialBalances: { USD: '100.00', JPY: '10000000000000000' } });
let host: TriggerHost | undefined;

afterEach(async () => {
	await host?.close();
	host = undefined;
	await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
});

/** A sandbox order created through the node (notify URL off-host: the sandbox sends no webhooks for it). */
async function order(amount = '2.50', currency = 'USD', then: Array<'pay' | 'refund' | 'dispute'> = ['pay']): Promise<OrderRecord> {
	const created = await runPinddpay(sandbox, orderSessionParameters({ orderId: unique('CONF'), amount, currency }));
	expect(created.error).toBeUndefined();
	const id = created.items[0].json.orderId as string;
	for (const step of then) await control(sandbox, `orders/${id}/${step}`);
	return sandbox.orders.get(id)!;
}

/**
 * The pay-in event Pinddpay would send for `record` (Payin webhook, http://docs.pinddpay.com/341969792e0),
 * with `changes` applied to its sections.
 */
function payinEvent(record: OrderRecord, eventName: string, changes: { order?: IDataObject; transaction?: IDataObject; top?: IDataObject } = {}) {
	const amount = `${record.amount.minor / 10n ** BigInt(record.amount.exponent)}${
		record.amount.exponent ? `.${(record.amount.minor % 10n ** BigInt(record.amount.exponent)).toString().padStart(record.amount.exponent, '0')}` : ''
	}`;
	return JSON.stringify({
		eventId: unique('evt'),
		eventAt: eventAt(),
		eventName,
		appId: 'sandbox-app',
		order: {
			id: record.id,
			merchantOrderNo: record.merchantOrderNo,
			amount,
			currency: record.amount.currency,
			statusEn: record.status,
			rate: 0,
			...changes.order,
		},
		transaction: record.tradeNo ? { tradeNo: record.tradeNo, capturedAmount: amount, currency: record.amount.currency, error: null, ...changes.transaction } : null,
		...changes.top,
	});
}

async function deliver(body: string, content: SignTokenContent = 'secret') {
	const response = await fetch(host!.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'sign-token': computeSignToken(SECRET, content, body) },
		body,
	});
	return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

async function start(parameters: IDataObject = {}) {
	host = await startTriggerHost({
		node: new PinddpayTrigger(),
		credentialType: new PinddpayApi(),
		credentials: sandboxCredentials(sandbox),
		parameters: { events: ['*'], ...parameters },
	});
	return host;
}

const lookups = () => sandbox.requests.filter((request) => request.method === 'GET' && request.path === '/api/order/detail');

describe('Pinddpay Trigger: Confirm With Gateway (default on), against the sandbox over HTTP', () => {
	it('a confirmed order.paid starts one execution with the order as Pinddpay shows it in gatewayState', async () => {
		const paid = await order();
		await start();
		const before = lookups().length;
		expect(await deliver(payinEvent(paid, 'order.paid'))).toMatchObject({ status: 200, body: '{}' });
		expect(host!.executions).toHaveLength(1);
		expect(host!.executions[0][0].json).toMatchObject({
			eventName: 'order.paid',
			order: { id: paid.id, amount: '2.50' },
			gatewayState: { id: paid.id, merchantOrderNo: paid.merchantOrderNo, statusEn: 'paid', currency: 'USD', normalizedStatus: 'paid' },
		});
		const gatewayState = host!.executions[0][0].json.gatewayState as IDataObject;
		expect(gatewayState.amount).toBe(2.5);
		expect(lookups().slice(before).map((request) => request.query)).toEqual([{ id: paid.id }]);
		// The lookup is signed like every request of the credential; no secret reaches the item.
		expect(lookups().at(-1)!.headers).toHaveProperty('sign');
		expect(JSON.stringify(host!.executions)).not.toContain(SECRET);
	});

	it('an order Pinddpay does not have: 422, nothing starts', async () => {
		const paid = await order();
		await start();
		const answer = await deliver(payinEvent({ ...paid, id: '650999999999999' }, 'order.paid'));
		expect(answer.status).toBe(422);
		expect(host!.executions).toHaveLength(0);
	});

	it.each([
		['the amount', { order: { amount: '250.00' } }],
		['the amount by one cent', { order: { amount: '2.51' } }],
		['the currency', { order: { currency: 'EUR' } }],
		['the merchant order number', { order: { merchantOrderNo: 'SOMEONE-ELSE' } }],
		['the captured amount', { transaction: { capturedAmount: '25.00' } }],
		['the trade number', { transaction: { tradeNo: 'int_forged' } }],
		['no amount at all', { order: { amount: undefined } }],
	])('a validly signed body with %s rewritten: 422, nothing starts', async (_name, changes) => {
		const paid = await order();
		await start();
		expect((await deliver(payinEvent(paid, 'order.paid', changes))).status).toBe(422);
		expect(host!.executions).toHaveLength(0);
	});

	it('reads amounts as decimals: 2.5, "2.500" and the JSON number 2.50 are the order\'s 2.50', async () => {
		const paid = await order();
		await start();
		expect((await deliver(payinEvent(paid, 'order.paid', { order: { amount: '2.5' }, transaction: { capturedAmount: '2.500' } }))).status).toBe(200);
		const asNumber = payinEvent(paid, 'order.paid').replace('"amount":"2.50"', '"amount":2.50');
		expect(asNumber).toContain('"amount":2.50');
		expect((await deliver(asNumber)).status).toBe(200);
		expect(host!.executions).toHaveLength(2);
	});

	it('never compares amounts as floats: 9007199254740992 JPY is not the order\'s 9007199254740993 JPY', async () => {
		// 2^53 + 1 has no float of its own: as floats both amounts are 9007199254740992.
		const created = await signedRequest(sandbox, 'POST', '/api/gateway/createsession', {
			body: `{"appid":"sandbox-app","order":{"id":"${unique('BIG')}","sku":{"id":"s","currency":"JPY","amount":9007199254740993,"name":"VIP","quantity":1}},"notifyUrl":"https://example.com/n"}`,
		});
		expect(created.body.code).toBe(200);
		const id = Buffer.from((created.body.result as IDataObject).session as string, 'base64').toString('utf8').split(':')[0];
		const big = sandbox.orders.get(id)!;
		await start();
		expect((await deliver(payinEvent(big, 'order.created', { order: { amount: '9007199254740992' } }))).status).toBe(422);
		expect((await deliver(payinEvent(big, 'order.created'))).status).toBe(200);
		expect(host!.executions).toHaveLength(1);
	});

	it.each([
		['order.paid for an order not paid yet', [] as Array<'pay' | 'refund' | 'dispute'>, 'order.paid', {}],
		['order.refunded for a paid order', ['pay'], 'order.refunded', {}],
		['order.disputed for a paid order', ['pay'], 'order.disputed', {}],
		['order.failed for a paid order (a failure Pinddpay does not show)', ['pay'], 'order.failed', { order: { statusEn: 'failed' } }],
		['order.created whose statusEn claims paid, for an unpaid order', [], 'order.created', { order: { statusEn: 'paid' } }],
	] as const)('status contradicting Pinddpay: %s -> 422, nothing starts', async (_name, steps, eventName, changes) => {
		const record = await order('2.50', 'USD', [...steps]);
		await start();
		const body = payinEvent(record, eventName, { ...changes, order: { statusEn: eventName.slice(6), ...(changes as { order?: IDataObject }).order } });
		expect((await deliver(body)).status).toBe(422);
		expect(host!.executions).toHaveLength(0);
	});

	it('an order that has moved on since the event is delivered, with the later state in gatewayState', async () => {
		const record = await order('2.50', 'USD', []);
		const created = payinEvent(record, 'order.created');
		await control(sandbox, `orders/${record.id}/pay`);
		const paid = payinEvent(record, 'order.paid');
		await control(sandbox, `orders/${record.id}/refund`);
		await start();
		expect((await deliver(created)).status).toBe(200);
		expect((await deliver(paid)).status).toBe(200);
		expect((await deliver(payinEvent(record, 'order.refunded', { top: { refund: { id: 'rf', refundAmount: '2.50', currency: 'USD' } } }))).status).toBe(200);
		expect(host!.executions.map((execution) => (execution[0].json.gatewayState as IDataObject).statusEn)).toEqual(['refunded', 'refunded', 'refunded']);
		// A refund larger than the order is not Pinddpay's.
		expect((await deliver(payinEvent(record, 'order.refunded', { top: { refund: { id: 'rf', refundAmount: '3.00', currency: 'USD' } } }))).status).toBe(422);
		expect(host!.executions).toHaveLength(3);
	});

	it('the lookup fails (HTTP 500): 503 + Retry-After, nothing starts; the redelivery after recovery gets the exact ack and runs once', async () => {
		const paid = await order();
		await start();
		const body = payinEvent(paid, 'order.paid');
		await fetch(`${sandbox.url}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ method: 'GET', path: '/api/order/detail', kind: 'status', status: 500, times: 2 }),
		});
		expect(await deliver(body)).toMatchObject({ status: 503, retryAfter: '5' });
		expect(host!.executions).toHaveLength(0);
		await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
		expect(await deliver(body)).toMatchObject({ status: 200, body: '{}' });
		expect(await deliver(body)).toMatchObject({ status: 200, body: '{}' });
		expect(host!.executions).toHaveLength(1);
	});

	it('a lookup Pinddpay refuses (wrong credential: code 401 in HTTP 200) is a failed lookup: 503, not 422', async () => {
		const paid = await order();
		host = await startTriggerHost({
			node: new PinddpayTrigger(),
			credentialType: new PinddpayApi(),
			credentials: sandboxCredentials(sandbox, { accessKey: 'not-the-key' }),
			parameters: { events: ['*'] },
		});
		expect((await deliver(payinEvent(paid, 'order.paid'))).status).toBe(503);
		expect(host.executions).toHaveLength(0);
	});

	it('with the option off, no lookup is sent and a rewritten body starts a run (the static token\'s limit)', async () => {
		const paid = await order();
		await start({ options: { confirmWithGateway: false } });
		const before = lookups().length;
		expect((await deliver(payinEvent(paid, 'order.paid', { order: { amount: '250.00' } }))).status).toBe(200);
		expect(host!.executions).toHaveLength(1);
		expect(host!.executions[0][0].json).not.toHaveProperty('gatewayState');
		expect(lookups().length).toBe(before);
	});

	it('with "MD5 of raw body + secret" the option is still on by default and confirms', async () => {
		const paid = await order();
		await start({ signTokenContent: 'bodyAndSecret' });
		expect((await deliver(payinEvent(paid, 'order.paid'), 'bodyAndSecret')).status).toBe(200);
		expect((await deliver(payinEvent(paid, 'order.refunded'), 'bodyAndSecret')).status).toBe(422);
		expect(host!.executions).toHaveLength(1);
		expect(host!.executions[0][0].json).toHaveProperty('gatewayState.statusEn', 'paid');
	});

	it.each([
		['payout.paid', { resouce: { id: '123453535363', amount: 1.99, currency: 'USD', status: 'PAID', orderNo: 'order_12345' } }],
		['payout.failed', { resouce: { id: '123453535364', amount: 1.99, currency: 'USD', status: 'FAILED', orderNo: 'order_12346' } }],
		['subscription.capture.successful', { resouce: { capture: { contractId: 'ctr_1', amount: '9.90', currency: 'USD' }, plan: { id: 'plan-1' } } }],
		['subscription.cancelled', { resouce: { capture: null, plan: { id: 'plan-1' } } }],
	])('%s cannot be looked up at Pinddpay: 422, nothing starts, no request sent', async (eventName, section) => {
		await start();
		const before = sandbox.requests.length;
		const body = JSON.stringify({ eventId: unique('evt'), eventAt: eventAt(), eventName, appId: 'sandbox-app', ...section });
		expect((await deliver(body)).status).toBe(422);
		expect(host!.executions).toHaveLength(0);
		expect(sandbox.requests.length).toBe(before);
	});

	it('an order event without a usable order.id: 422 without a lookup', async () => {
		await start();
		const before = lookups().length;
		const body = JSON.stringify({ eventId: unique('evt'), eventAt: eventAt(), eventName: 'order.paid', order: { amount: '2.50', currency: 'USD' } });
		expect((await deliver(body)).status).toBe(422);
		expect(lookups().length).toBe(before);
	});

	it('the sandbox control POST /_sandbox/orders makes an order whose event an end-to-end sender can deliver confirmed', async () => {
		const events = sandbox.events.length;
		const made = await control(sandbox, 'orders', { amount: '1.99', currency: 'USD', pay: true, webhooks: false });
		expect(made.order).toMatchObject({ statusEn: 'paid', amount: 1.99, currency: 'USD' });
		expect(sandbox.events.length).toBe(events);
		await control(sandbox, 'orders', { pay: true });
		expect(sandbox.events.slice(events).map((event) => event.eventName)).toEqual(['order.created', 'order.paid']);
		await start();
		const section = made.event as IDataObject;
		const body = JSON.stringify({ eventId: unique('evt'), eventAt: eventAt(), eventName: 'order.paid', appId: 'sandbox-app', ...section });
		expect((await deliver(body)).status).toBe(200);
		const rewritten = JSON.stringify({ ...(JSON.parse(body) as IDataObject), eventId: unique('evt'), order: { ...(section.order as IDataObject), amount: '199.00' } });
		expect((await deliver(rewritten)).status).toBe(422);
		expect(host!.executions).toHaveLength(1);
	});

	it('a 422 releases the event key: the same eventId with the true body runs', async () => {
		const paid = await order();
		await start();
		const truth = JSON.parse(payinEvent(paid, 'order.paid')) as IDataObject;
		const forged = JSON.stringify({ ...truth, order: { ...(truth.order as IDataObject), amount: '99.00' } });
		expect((await deliver(forged)).status).toBe(422);
		expect((await deliver(JSON.stringify(truth))).status).toBe(200);
		expect(host!.executions).toHaveLength(1);
	});
});

describe('Confirm rules (pure)', () => {
	it.each([
		['created', 'created', true],
		['created', 'paid', true],
		['created', 'cancelled', true],
		['paid', 'paid', true],
		['paid', 'refunded', true],
		['paid', 'disputed', true],
		['paid', 'created', false],
		['paid', 'processing', false],
		['paid', 'failed', false],
		['paid', 'cancelled', false],
		['failed', 'failed', true],
		['failed', 'cancelled', true],
		['failed', 'paid', false],
		['failed', 'created', false],
		['refunded', 'paid', false],
		['refunded', 'refunded', true],
		['disputed', 'paid', false],
		['disputed', 'refunded', true],
		['cancelled', 'paid', false],
		['partially_refunded', 'partially_refunded', true],
		['partially_refunded', 'refunded', false],
	])('a claim of %s against Pinddpay\'s %s: %s', (claimed, gateway, agrees) => {
		expect(stateAgrees(claimed, gateway)).toBe(agrees);
	});

	const gateway = (statusEn = 'paid') =>
		parseJsonKeepingNumbers(
			`{"transaction":{"tradeNo":"int_1","capturedAmount":2.50,"currency":"USD","error":null},"id":"650863804891205","merchantOrderNo":"1741067498","amount":2.50,"tradeNo":"int_1","currency":"USD","statusEn":"${statusEn}"}`,
		) as IDataObject;
	const event = (order: IDataObject = {}, extra: IDataObject = {}) => ({
		eventName: 'order.paid',
		order: { id: '650863804891205', merchantOrderNo: '1741067498', amount: '2.50', currency: 'usd', statusEn: 'paid', ...order },
		transaction: { tradeNo: 'int_1', capturedAmount: '2.50', currency: 'USD' },
		...extra,
	});

	it('confirms the documented query sample against a matching event', () => {
		expect(checkOrderEvent(event(), gateway())).toEqual({ confirmed: true });
	});

	it.each([
		['another order id', event({ id: '650863804891206' }), /answered for order 650863804891205/],
		['another amount', event({ amount: '2.05' }), /amount 2\.05 is not the order's \(2\.5\)/],
		['an amount with an exponent', event({ amount: '2.5e0' }), /no readable order\.amount/],
		['a negative amount', event({ amount: '-2.50' }), /no readable order\.amount/],
		['no currency', event({ currency: '' }), /currency \(none\)/],
		['an unknown event name without statusEn', { ...event({ statusEn: '' }), eventName: 'order.mystery' }, /states no order state/],
		['a refund in another currency', event({ statusEn: 'refunded' }, { eventName: 'order.refunded', refund: { refundAmount: '1.00', currency: 'EUR' } }), /refund\.currency EUR/],
		['a refund larger than the order', event({ statusEn: 'refunded' }, { eventName: 'order.refunded', refund: { refundAmount: '2.51', currency: 'USD' } }), /refundAmount 2\.51 is more/],
	])('refuses %s', (_name, candidate, reason) => {
		const refunded = (candidate as IDataObject).eventName === 'order.refunded';
		const result = checkOrderEvent(candidate as IDataObject, gateway(refunded ? 'refunded' : 'paid'));
		expect(result.confirmed).toBe(false);
		expect((result as { reason: string }).reason).toMatch(reason);
	});

	it('names the missing lookup for payout and subscription events', () => {
		expect(unconfirmableReason('payout.paid')).toMatch(/no payout lookup/);
		expect(unconfirmableReason('subscription.capture.successful')).toMatch(/no subscription lookup/);
		expect(unconfirmableReason('x'.repeat(500)).length).toBeLessThan(400);
	});

	it('reads decimals exactly', () => {
		const parsed = parseJsonKeepingNumbers('{"a":2.50,"b":"007.100","c":1e2,"d":9007199254740993,"e":"x"}') as IDataObject;
		expect(decimalOf(parsed, 'a')).toBe('2.5');
		expect(decimalOf(parsed, 'b')).toBe('7.1');
		expect(decimalOf(parsed, 'c')).toBeUndefined();
		expect(decimalOf(parsed, 'd')).toBe('9007199254740993');
		expect(decimalOf(parsed, 'e')).toBeUndefined();
		// A float that did not come from the exact reader is accepted only as a safe integer.
		expect(decimalOf({ a: 2.5, b: 3 }, 'a')).toBeUndefined();
		expect(decimalOf({ a: 2.5, b: 3 }, 'b')).toBe('3');
		expect(compareDecimals('2.5', '2.50'.replace(/0$/, ''))).toBe(0);
		expect(compareDecimals('10', '9.99')).toBe(1);
		expect(compareDecimals('0.125', '0.13')).toBe(-1);
	});
});

describe('parseJsonKeepingNumbers', () => {
	it.each([
		'{"code":200,"result":{"amount":2.50,"list":[1,-0,0.1,1E+2,-3.25e-1],"s":"a 1.5 \\" 2"},"n":null,"t":true}',
		'[1,2,{"x":[3.0]}]',
		'"only a string 12"',
		'42.10',
		'{"__proto__":1.50,"k":{}}',
		'{}',
	])('gives the same values as JSON.parse: %s', (text) => {
		expect(parseJsonKeepingNumbers(text)).toEqual(JSON.parse(text));
	});

	it('keeps each number\'s literal beside its value', () => {
		const parsed = parseJsonKeepingNumbers('{"result":{"amount":2.50,"list":[1.10]}}') as { result: { amount: number; list: number[] } };
		expect(numberLiteral(parsed.result, 'amount')).toBe('2.50');
		expect(numberLiteral(parsed.result.list, '0')).toBe('1.10');
		expect(numberLiteral(parsed, 'result')).toBeUndefined();
		expect(Object.getPrototypeOf(parseJsonKeepingNumbers('{"__proto__":1.50}'))).toBe(Object.prototype);
	});

	it.each(['{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":+1}', '{"a":"unterminated}', '[1 2]', '{"a":"\u0001"}'])(
		'refuses what JSON.parse refuses: %s',
		(text) => {
			expect(() => parseJsonKeepingNumbers(text)).toThrow(SyntaxError);
		},
	);

	it('stays linear on hostile text (unterminated strings full of escaped quotes)', () => {
		const hostile = `"${'\\"'.repeat(200_000)}`;
		const started = Date.now();
		expect(() => parseJsonKeepingNumbers(hostile)).toThrow(SyntaxError);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});
