/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Every request the Cashy node sends, checked against docs/conformance/cashy.md through the
 * independent sandbox: each operation runs inside n8n-core's WorkflowExecute, the sandbox records
 * the requests, and the checker compares them with the table's request rows.
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { request } from 'http';
import { join } from 'path';
import type { INodeParameters } from 'n8n-workflow';

import { CASHY_TEST_API_KEY, CASHY_TEST_MERCHANT_ID, type ReceivedRequest } from '../../sandbox/cashy/server';
import type { RecordedRequest } from '../../sandbox/shared/server';
import { assumptionCount, checkRequests, parseConformanceTable, type ConformanceRow } from '../conformance/check';
import { cashyNodeFixture, PAYOUT as VALID_PAYOUT, PSE_PAYIN } from './fixture';

const table: ConformanceRow[] = parseConformanceTable(readFileSync(join(__dirname, '..', '..', 'docs', 'conformance', 'cashy.md'), 'utf8'));

const cashy = cashyNodeFixture({ timeScale: 0.0001 });

const NOTIFY_URL = 'http://127.0.0.1:9/cashy';

const PAYIN: INodeParameters = { ...PSE_PAYIN, mchOrderNo: 'conf-payin-157', amount: '30000.5', notifyUrl: NOTIFY_URL };

const PAYOUT: INodeParameters = {
	...VALID_PAYOUT,
	mchOrderNo: 'conf-payout-1',
	amount: '50000',
	notifyUrl: NOTIFY_URL,
	options: { phone: '573001112233', email: 'jeson@example.com' },
};

async function run(parameters: INodeParameters) {
	const result = await cashy.run(parameters);
	expect(result.error).toBeUndefined();
	return result.items;
}

describe('Cashy conformance: the node\'s requests against docs/conformance/cashy.md', () => {
	it('runs every operation and every request matches the table', async () => {
		const payIn = (await run(PAYIN))[0].json;
		// 153 without payer ID, with the goods options; 154 through "Other Code".
		await run({ ...PAYIN, mchOrderNo: 'conf-payin-153', payType: '153', idCard: '', options: { goodsSubject: 'apple', goodsBody: 'fruit' } });
		await run({ ...PAYIN, mchOrderNo: 'conf-payin-154', payType: 'other', payTypeCode: 154 });
		// Found by the exactly-once lookup: only a query goes out.
		await run(PAYIN);
		await run({ resource: 'payIn', operation: 'get', orderNo: payIn.orderNo as string });
		await run({ resource: 'payIn', operation: 'get', orderNo: payIn.orderNo as string, mchOrderNo: 'conf-payin-157' });

		const payout = (await run(PAYOUT))[0].json;
		await run({ ...PAYOUT, mchOrderNo: 'conf-payout-2', options: {} });
		await run({ resource: 'payout', operation: 'get', mchOrderNo: payout.mchOrderNo as string });
		await run({ resource: 'payout', operation: 'get', orderNo: payout.orderNo as string });
		await run({ resource: 'balance', operation: 'get' });
		await run({ resource: 'bankList', operation: 'get', list: 'payout' });
		await run({ resource: 'bankList', operation: 'get', list: 'payIn' });

		const requests: RecordedRequest[] = [...cashy.sandbox.requests];
		const endpoints = new Set(requests.map((request) => `${request.method} ${request.path}`));
		const tableEndpoints = new Set(table.filter((row) => row.direction === 'request').map((row) => row.endpoint));
		expect(endpoints).toEqual(tableEndpoints);
		expect(checkRequests(table, requests)).toEqual([]);
		expect(cashy.sandbox.requests.every((request) => request.code === 200 || request.msg === 'Order_not_exist')).toBe(true);
	});

	it('lists every field the sandbox\'s notifications carry, with its type', async () => {
		const [payIn] = [...cashy.sandbox.payIns.values()];
		const [payout] = [...cashy.sandbox.payouts.values()];
		for (const path of [`/_sandbox/payin/${payIn.orderNo}/succeed`, `/_sandbox/payout/${payout.orderNo}/pay`, `/_sandbox/payout/${payout.orderNo}/fail`]) {
			expect((await fetch(`${cashy.sandbox.url}${path}`, { method: 'POST' })).status).toBe(200);
		}
		// Recorded when queued; nobody listens at the notify URL, and delivery is not what is checked here.
		expect(cashy.sandbox.notifications.map((notification) => notification.kind)).toEqual(['payIn', 'payout']);
		for (const notification of cashy.sandbox.notifications) {
			const rows = table.filter((row) => row.direction === 'webhook' && row.endpoint === `webhook ${notification.kind}` && row.location === 'body');
			const body = JSON.parse(notification.body) as Record<string, unknown>;
			for (const [field, value] of Object.entries(body)) {
				const row = rows.find((candidate) => candidate.field === field);
				expect([field, row !== undefined]).toEqual([field, true]);
				const types = value === null ? ['null'] : typeof value === 'number' && Number.isInteger(value) ? ['integer', 'number'] : [typeof value];
				expect([field, types.some((type) => row!.types.includes(type))]).toEqual([field, true]);
			}
			for (const row of rows.filter((candidate) => candidate.required)) expect(Object.keys(body)).toContain(row.field);
		}
		const headerRows = table.filter((row) => row.direction === 'webhook' && row.location === 'header').map((row) => row.field);
		expect(new Set(headerRows)).toEqual(new Set(['Content-Type', 'MerchantId', 'Sign']));
	});

	it('has sourced rows and says how many are assumptions', () => {
		expect(table.length).toBeGreaterThan(100);
		expect(table.every((row) => /^seed 004 L\d+$|^https:\/\/|^\[ASSUMPTION\]/.test(row.source))).toBe(true);
		expect(assumptionCount(table)).toBe(11);
	});
});

describe('Cashy conformance: negative controls', () => {
	const md5 = (text: string) => createHash('md5').update(text).digest('hex').toUpperCase();

	/** Sends a signed raw body to the sandbox like a (misbehaving) client, with only Cashy's headers, and returns what it recorded. */
	async function sendRaw(path: string, raw: string): Promise<ReceivedRequest> {
		const before = cashy.sandbox.requests.length;
		await new Promise<void>((resolve, reject) => {
			const headers = { 'Content-Type': 'application/json', MerchantId: CASHY_TEST_MERCHANT_ID, Sign: md5(raw + CASHY_TEST_API_KEY) };
			const req = request(`${cashy.sandbox.url}${path}`, { method: 'POST', headers }, (res) => {
				res.resume();
				res.on('end', resolve);
			});
			req.on('error', reject);
			req.end(raw);
		});
		expect(cashy.sandbox.requests.length).toBe(before + 1);
		return cashy.sandbox.requests[before];
	}

	const validPayIn = () => cashy.sandbox.requests.find((request) => request.path === '/api/payIn' && request.code === 200) as ReceivedRequest;

	it('reports a string amount, an extra field and a missing required field', async () => {
		const good = validPayIn();
		expect(checkRequests(table, [good])).toEqual([]);

		const stringAmount = await sendRaw('/api/payIn', good.rawBody.replace(/"amount":([\d.]+)/, '"amount":"$1"'));
		expect(stringAmount.msg).toBe('Params_amount_error');
		expect(checkRequests(table, [stringAmount])).toEqual(['POST /api/payIn: body field "amount" is string, the table says number']);

		const extra = await sendRaw('/api/payIn', good.rawBody.replace('{', '{"tip":1,'));
		expect(checkRequests(table, [extra])).toEqual(['POST /api/payIn: body field "tip" not in the table']);

		const body = JSON.parse(good.rawBody) as Record<string, unknown>;
		delete body.reusableStatus;
		const missing = await sendRaw('/api/payIn', JSON.stringify(body));
		expect(checkRequests(table, [missing])).toEqual(['POST /api/payIn: required body field "reusableStatus" missing']);
	});

	it('reports a missing MerchantId header, a mistyped bankId and an unknown endpoint', () => {
		const good = validPayIn();
		const withoutMerchant: RecordedRequest = { ...good, headers: Object.fromEntries(Object.entries(good.headers).filter(([name]) => name !== 'merchantid')) };
		expect(checkRequests(table, [withoutMerchant])).toEqual(['POST /api/payIn: required header "MerchantId" missing']);
		const mistyped: RecordedRequest = { ...good, rawBody: good.rawBody.replace('"bankId":1', '"bankId":"1"') };
		expect(checkRequests(table, [mistyped])).toEqual(['POST /api/payIn: body field "bankId" is string, the table says integer']);
		expect(checkRequests(table, [{ ...good, path: '/api/refund' }])).toEqual(['POST /api/refund: endpoint not in the conformance table']);
	});
});
