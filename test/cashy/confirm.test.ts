/**
 * Confirm With Gateway (Cashy Trigger, on by default): each notification is checked against the
 * order at Cashy (Query Payin / Query Payout on the independent sandbox, over HTTP) before anything
 * starts. Cashy's Sign covers no timestamp, so a validly signed body is no proof it is current.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'fs';
import { sleep } from 'n8n-workflow';
import { join } from 'path';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { CashyTrigger } from '../../nodes/Cashy/CashyTrigger.node';
import { canonicalDecimal, contradiction, statusContradiction } from '../../nodes/Cashy/confirmation';
import { numberLiteralAt } from '../../nodes/Cashy/rawJson';
import { cashySign } from '../../sandbox/cashy/signing';
import { CASHY_TEST_API_KEY as KEY } from '../../sandbox/cashy/server';
import { checkRequests, parseConformanceTable } from '../conformance/check';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { cashyTriggerFixture, orderNumber, TRIGGER_MERCHANT_ID as MERCHANT_ID } from './fixture';

const cashy = cashyTriggerFixture({ timeScale: 0.0001 });
const { control } = cashy;

const seedPayIn = async (orderNo: string, status: string, extra: Record<string, unknown> = {}) =>
	await cashy.seed('payins', { orderNo, mchOrderNo: `m-${orderNo}`, amount: '25000.00', status, ...extra });
const seedPayout = async (orderNo: string, status: string, extra: Record<string, unknown> = {}) =>
	await cashy.seed('payouts', { orderNo, mchOrderNo: `m-${orderNo}`, amount: '50000.00', status, ...extra });

function payIn(orderNo: string, status: string, amount = '25000.0', extra = '') {
	return `{"orderStatus":"${status}","amount":${amount},"fee":750.0,"mchOrderNo":"m-${orderNo}","merchantId":"${MERCHANT_ID}","orderNo":"${orderNo}","payUrl":null,"completionTime":"2026-11-23 10:00:00"${extra},"nonceStr":"1"}`;
}
function payout(orderNo: string, status: string, amount = '50000.00') {
	return `{"orderStatus":"${status}","amount":${amount},"fee":3000,"mchOrderNo":"m-${orderNo}","merchantId":"${MERCHANT_ID}","orderNo":"${orderNo}","completionTime":"2026-11-23 10:00:00","resultDesc":"SUCCESS","nonceStr":"1"}`;
}

/** Validly signed with the merchant's key (the sandbox's own signing, not the node's). */
async function deliver(host: TriggerHost, body: string) {
	const response = await fetch(host.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', MerchantId: MERCHANT_ID, Sign: cashySign(body, KEY) },
		body,
	});
	return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

const lookups = (path: string) => cashy.sandbox.requests.filter((request) => request.path === path).length;

describe('Cashy Trigger: Confirm With Gateway (real HTTP, independent sandbox)', () => {
	let host: TriggerHost;
	const start = async (options: Record<string, unknown> = {}, creds = cashy.credentials) =>
		(host = await startTriggerHost({
			node: new CashyTrigger(),
			credentialType: new CashyApi(),
			credentials: creds,
			parameters: { events: ['*'], options } as never,
		}));
	afterEach(async () => {
		await host?.close();
		await control('DELETE', '/_sandbox/faults');
	});

	it('a notification Cashy itself sends for a paid pay-in starts one run with gatewayState', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo, 'PAYING', { notifyUrl: host.url });
		await control('POST', `/_sandbox/payin/${orderNo}/succeed`);
		for (let i = 0; i < 100 && cashy.sandbox.dispatcher.status(`${orderNo}:SUCCESS`) !== 'delivered'; i++) {
			await sleep(20);
		}
		expect(cashy.sandbox.dispatcher.status(`${orderNo}:SUCCESS`)).toBe('delivered');
		expect(host.responses.at(-1)).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({ orderNo, orderStatus: 'SUCCESS' });
		expect(host.executions[0][0].json.gatewayState).toMatchObject({
			orderNo,
			mchOrderNo: `m-${orderNo}`,
			orderStatus: 'SUCCESS',
			amount: 25000,
			normalizedStatus: 'paid',
		});
		// Looked up by Cashy's number (recommended by Query Payin), with the trigger's signed credential.
		const query = cashy.sandbox.requests.filter((request) => request.path === '/api/payInQuery').at(-1)!;
		expect(JSON.parse(query.rawBody)).toMatchObject({ orderNo });
		expect(query.code).toBe(200);
	});

	it('a payout notification is confirmed with Query Payout', async () => {
		await start();
		const orderNo = orderNumber('PAYOUT');
		await seedPayout(orderNo, 'SUCCESS');
		const before = lookups('/api/payOutQuery');
		expect(await deliver(host, payout(orderNo, 'SUCCESS', '50000'))).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(lookups('/api/payOutQuery')).toBe(before + 1);
		expect(host.executions[0][0].json.gatewayState).toMatchObject({ orderNo, orderStatus: 'SUCCESS', normalizedStatus: 'paid' });
	});

	it('an order Cashy does not have: 422, nothing starts', async () => {
		await start();
		const response = await deliver(host, payIn(orderNumber('PAYIN'), 'SUCCESS'));
		expect(response.status).toBe(422);
		expect(response.body).not.toBe('SUCCESS');
		expect(await deliver(host, payout(orderNumber('PAYOUT'), 'SUCCESS'))).toMatchObject({ status: 422 });
		expect(host.executions).toHaveLength(0);
	});

	it.each([
		['a rewritten amount', (orderNo: string) => payIn(orderNo, 'SUCCESS', '2500000.0')],
		['an amount one centavo off', (orderNo: string) => payIn(orderNo, 'SUCCESS', '25000.01')],
		['a sub-centavo amount', (orderNo: string) => payIn(orderNo, 'SUCCESS', '25000.001')],
		['an amount in exponent form', (orderNo: string) => payIn(orderNo, 'SUCCESS', '2.5e4')],
		['a currency other than COP', (orderNo: string) => payIn(orderNo, 'SUCCESS', '25000.0', ',"currency":"USD"')],
		['another merchant order number', (orderNo: string) => payIn(orderNo, 'SUCCESS').replace(`"m-${orderNo}"`, '"m-other"')],
	])('%s (validly signed): 422, nothing starts', async (_name, body) => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo, 'SUCCESS');
		expect((await deliver(host, body(orderNo))).status).toBe(422);
		expect(host.executions).toHaveLength(0);
		// The same order as Cashy has it is delivered.
		expect((await deliver(host, payIn(orderNo, 'SUCCESS', '25000'))).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it.each([
		['pay-in SUCCESS, Cashy shows PAYING', 'payIn', 'SUCCESS', 'PAYING'],
		['pay-in SUCCESS, Cashy shows FAIL', 'payIn', 'SUCCESS', 'FAIL'],
		['pay-in FAIL, Cashy shows SUCCESS', 'payIn', 'FAIL', 'SUCCESS'],
		['payout SUCCESS, Cashy shows PAYING', 'payout', 'SUCCESS', 'PAYING'],
		['payout SUCCESS, Cashy shows CANCEL', 'payout', 'SUCCESS', 'CANCEL'],
		['payout PAYING, Cashy shows PROCESSING', 'payout', 'PAYING', 'PROCESSING'],
	])('a status Cashy does not show (%s): 422, nothing starts', async (_name, type, claimed, actual) => {
		await start();
		const orderNo = orderNumber(type === 'payIn' ? 'PAYIN' : 'PAYOUT');
		if (type === 'payIn') await seedPayIn(orderNo, actual);
		else await seedPayout(orderNo, actual);
		expect((await deliver(host, type === 'payIn' ? payIn(orderNo, claimed) : payout(orderNo, claimed))).status).toBe(422);
		expect(host.executions).toHaveLength(0);
	});

	it('a non-final status Cashy has moved on from is delivered, with Cashy\'s later state', async () => {
		await start();
		const orderNo = orderNumber('PAYOUT');
		await seedPayout(orderNo, 'SUCCESS');
		expect(await deliver(host, payout(orderNo, 'PAYING'))).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(host.executions[0][0].json).toMatchObject({ orderStatus: 'PAYING', gatewayState: { orderStatus: 'SUCCESS' } });
	});

	it('a replayed notification for an order Cashy shows in another state starts nothing', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo, 'PAYING', { notifyUrl: host.url });
		await control('POST', `/_sandbox/payin/${orderNo}/succeed`);
		for (let i = 0; i < 100 && host.executions.length === 0; i++) await sleep(20);
		expect(host.executions).toHaveLength(1);
		// Captured: Cashy's own signed bytes.
		const captured = cashy.sandbox.notifications.find((notification) => notification.id === `${orderNo}:SUCCESS`)!;
		await host.close();
		// [ASSUMPTION] Cashy changes a paid order's state (e.g. a reversal). The replay comes after the
		// trigger forgot the event key (over 1,000 later events, or 100 after a restart): dedupe off here.
		cashy.sandbox.payIns.get(orderNo)!.status = 'FAIL';
		await start({ dedupe: false });
		const replay = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', MerchantId: MERCHANT_ID, Sign: captured.sign },
			body: captured.body,
		});
		expect(replay.status).toBe(422);
		expect(host.executions).toHaveLength(0);
	});

	it('a 422 starts nothing and keeps nothing: once Cashy shows the state, the redelivery runs once', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo, 'PAYING');
		const body = payIn(orderNo, 'SUCCESS');
		expect((await deliver(host, body)).status).toBe(422);
		cashy.sandbox.payIns.get(orderNo)!.status = 'SUCCESS';
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(host.executions).toHaveLength(1);
	});

	it('Query Payin answers 500: 503 + Retry-After, nothing starts; after the fault clears the redelivery gets SUCCESS and runs once', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo, 'SUCCESS');
		await control('POST', '/_sandbox/faults', { method: 'POST', path: '/api/payInQuery', kind: 'status', status: 500, times: 10 });
		const body = payIn(orderNo, 'SUCCESS');
		const failed = await deliver(host, body);
		expect(failed.status).toBe(503);
		expect(failed.retryAfter).toBe('5');
		expect(failed.body).not.toContain(KEY);
		expect(host.executions).toHaveLength(0);
		await control('DELETE', '/_sandbox/faults');
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(await deliver(host, body)).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(host.executions).toHaveLength(1);
	});

	it('Cashy unreachable: 503, nothing starts', async () => {
		await start({}, { ...cashy.credentials, baseUrl: 'http://127.0.0.1:1' });
		expect((await deliver(host, payIn(orderNumber('PAYIN'), 'SUCCESS'))).status).toBe(503);
		expect(host.executions).toHaveLength(0);
	});

	it('option off: no lookup is sent, the notification is delivered as signed', async () => {
		await start({ confirmWithGateway: false });
		const before = cashy.sandbox.requests.length;
		const orderNo = orderNumber('PAYIN');
		expect(await deliver(host, payIn(orderNo, 'SUCCESS'))).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(await deliver(host, payout(orderNumber('PAYOUT'), 'SUCCESS'))).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(cashy.sandbox.requests.length).toBe(before);
		expect(host.executions).toHaveLength(2);
		expect(host.executions[0][0].json.gatewayState).toBeUndefined();
	});

	it('every lookup the trigger sent matches docs/conformance/cashy.md', () => {
		const table = parseConformanceTable(readFileSync(join(__dirname, '..', '..', 'docs', 'conformance', 'cashy.md'), 'utf8'));
		const lookupsSent = cashy.sandbox.requests.filter((request) => request.path === '/api/payInQuery' || request.path === '/api/payOutQuery');
		expect(lookupsSent.length).toBeGreaterThan(20);
		expect(checkRequests(table, lookupsSent)).toEqual([]);
	});
});

describe('Cashy confirmation rules (pure)', () => {
	it.each([
		['payIn', 'SUCCESS', 'SUCCESS', true],
		['payIn', 'FAIL', 'FAIL', true],
		['payIn', 'CANCEL', 'CANCEL', true],
		['payIn', 'PAYING', 'SUCCESS', true],
		['payIn', 'PAYING', 'FAIL', true],
		['payIn', 'SUCCESS', 'PAYING', false],
		['payIn', 'SUCCESS', 'FAIL', false],
		['payIn', 'FAIL', 'SUCCESS', false],
		['payIn', 'CANCEL', 'SUCCESS', false],
		['payIn', 'REFUNDED', 'SUCCESS', false],
		['payIn', 'SUCCESS', 'REFUNDED', false],
		['payout', 'PROCESSING', 'WAITING', true],
		['payout', 'PROCESSING', 'SUCCESS', true],
		['payout', 'WAITING', 'PAYING', true],
		['payout', 'PAYING', 'FAIL', true],
		['payout', 'PAYING', 'PROCESSING', false],
		['payout', 'WAITING', 'PROCESSING', false],
		['payout', 'SUCCESS', 'PAYING', false],
		['payout', 'SUCCESS', 'FAIL', false],
		['payout', 'FAIL', 'CANCEL', false],
	] as const)('%s: notification %s, Cashy %s -> confirmed %s', (type, claimed, actual, confirmed) => {
		expect(statusContradiction(type, claimed, actual) === undefined).toBe(confirmed);
	});

	it('compares amounts as exact decimals', () => {
		expect(canonicalDecimal('10000.0')).toBe('10000');
		expect(canonicalDecimal('10000')).toBe('10000');
		expect(canonicalDecimal('010000.500')).toBe('10000.5');
		expect(canonicalDecimal('0.00')).toBe('0');
		expect(canonicalDecimal('1e4')).toBeUndefined();
		expect(canonicalDecimal('9007199254740993.01')).not.toBe(canonicalDecimal('9007199254740993.00'));
		const order = { orderNo: 'P1', mchOrderNo: 'm1', orderStatus: 'SUCCESS' };
		const claims = { type: 'payIn' as const, orderNo: 'P1', mchOrderNo: 'm1', status: 'SUCCESS' };
		expect(contradiction({ ...claims, amountText: '9007199254740993.01' }, order, '9007199254740993.00')).toMatch(/amount/);
		expect(contradiction({ ...claims, amountText: '100.10' }, order, '100.1')).toBeUndefined();
		expect(contradiction({ ...claims, amountText: undefined }, order, '100.1')).toMatch(/no plain decimal amount/);
		expect(() => contradiction({ ...claims, amountText: '1' }, order, undefined)).toThrow(/without a plain decimal amount/);
		expect(contradiction({ ...claims, amountText: '1', currency: 'cop' }, order, '1')).toBeUndefined();
		expect(contradiction({ ...claims, amountText: '1' }, { ...order, currency: 'USD' }, '1')).toMatch(/USD/);
		expect(contradiction({ ...claims, amountText: '1', merchantId: '2' }, { ...order, merchantId: 3 }, '1')).toMatch(/merchant/);
	});

	it('reads a JSON number exactly as written', () => {
		const text = '{"code":200,"data":{"x":[1,{"amount":1}],"amount":10000.10,"s":"a\\"}"},"amount":"60000"}';
		expect(numberLiteralAt(text, ['data', 'amount'])).toBe('10000.10');
		expect(numberLiteralAt(text, ['amount'])).toBe('60000');
		expect(numberLiteralAt('{"amount":1,"amount":2.50}', ['amount'])).toBe('2.50');
		expect(numberLiteralAt('{"amount":null}', ['amount'])).toBeUndefined();
		expect(numberLiteralAt('{"amount":1', ['amount'])).toBeUndefined();
		expect(numberLiteralAt('{"data":null}', ['data', 'amount'])).toBeUndefined();
	});
});
