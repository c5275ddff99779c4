/**
 * Every IronixPay operation, run through n8n's WorkflowExecute against the independent sandbox;
 * every request the node sent must match docs/conformance/ironixpay.md.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { IronixPaySandbox } from '../../sandbox/ironixpay/server';
import type { RecordedRequest } from '../../sandbox/shared/server';
import { assumptionCount, checkRequests, loadConformanceTable, type ConformanceRow } from '../conformance/check';
import { runIronixPay, startSandbox } from './fixture';

const TRON_ADDRESS = 'TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD';

let sandbox: IronixPaySandbox;
let table: ConformanceRow[];

async function run(parameters: INodeParameters): Promise<IDataObject> {
	const result = await runIronixPay(sandbox, parameters);
	expect(result.error).toBeUndefined();
	return result.items[0]?.json ?? {};
}

async function control(path: string, body: IDataObject = {}): Promise<void> {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(response.status).toBe(200);
}

beforeAll(async () => {
	table = loadConformanceTable('ironixpay');
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());

describe('IronixPay requests match docs/conformance/ironixpay.md', () => {
	it('has a well-formed table with its assumptions counted', () => {
		expect(table.length).toBeGreaterThan(50);
		expect(assumptionCount(table)).toBe(1);
	});

	it('every operation, with every option, sends only documented fields of the documented types', async () => {
		// Sub-merchant: create, get, get many, update (both fields).
		await run({ resource: 'subMerchant', operation: 'create', subMerchantCode: 'shop_osaka', displayName: '大阪 Shop' });
		await run({ resource: 'subMerchant', operation: 'get', subMerchantCode: 'shop_osaka' });
		await run({ resource: 'subMerchant', operation: 'getAll', returnAll: true });
		await run({ resource: 'subMerchant', operation: 'getAll', returnAll: false, limit: 5 });
		await run({
			resource: 'subMerchant',
			operation: 'update',
			subMerchantCode: 'shop_osaka',
			updateFields: { displayName: 'Osaka Shop', status: 'active' },
		});

		// Checkout sessions: create (plain, all options, fiat, non-ASCII reference), get, get many with every filter.
		const session = await run({
			resource: 'checkoutSession',
			operation: 'create',
			clientReferenceId: 'order-conf-1',
			pricingAmount: '10.50',
			pricingCurrency: 'USDT',
			currency: 'USDT',
			network: 'TRON',
		});
		await run({
			resource: 'checkoutSession',
			operation: 'create',
			clientReferenceId: 'Pedido nº 12',
			pricingAmount: '1500',
			pricingCurrency: 'JPY',
			currency: 'USDT',
			network: 'TRON',
			options: {
				successUrl: 'https://shop.example/ok',
				cancelUrl: 'https://shop.example/cancel',
				idempotencyKey: 'conf-key-2',
				subMerchantCode: 'shop_osaka',
			},
		});
		await control(`/sessions/${String(session.id)}/pay`, { amount: '10.5' });
		await run({ resource: 'checkoutSession', operation: 'get', sessionId: String(session.id) });
		await run({ resource: 'checkoutSession', operation: 'getAll', returnAll: true });
		await run({
			resource: 'checkoutSession',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filters: {
				createdAfter: '2020-01-01T00:00:00Z',
				createdBefore: '2999-01-01T00:00:00Z',
				includeSubMerchants: true,
				network: 'TRON',
				searchText: 'cs_',
				status: ['Paid', 'Pending'],
				subMerchantCode: 'shop_osaka',
			},
		});
		await run({ resource: 'checkoutSession', operation: 'getAll', returnAll: true, filters: { status: ['Paid'] } });

		// Payouts: create (plain, all options, non-ASCII reference), get, get many.
		await control('/balance', { amount: '500', sub_merchant_code: 'shop_osaka' });
		const payout = await run({
			resource: 'payout',
			operation: 'create',
			reference: 'payout-conf-1',
			amount: '20.00',
			currency: 'USDT',
			network: 'TRON',
			toAddress: TRON_ADDRESS,
		});
		await run({
			resource: 'payout',
			operation: 'create',
			reference: '支払い 2',
			amount: '15.25',
			currency: 'USDT',
			network: 'TRON',
			toAddress: TRON_ADDRESS,
			options: { description: 'supplier invoice', metadata: '{"invoice":"INV-9","lines":[1,2]}', subMerchantCode: 'shop_osaka', concurrency: 2 },
		});
		await run({ resource: 'payout', operation: 'get', payoutId: String(payout.id) });
		await run({ resource: 'payout', operation: 'getAll', returnAll: true });

		const operations = new Set(sandbox.requests.map((request) => `${request.method} ${request.path.replace(/\/(cs|po)_[0-9a-f]+$/, '/{id}').replace(/\/shop_osaka$/, '/{code}')}`));
		expect([...operations].sort()).toEqual([
			'GET /v1/checkout/sessions',
			'GET /v1/checkout/sessions/{id}',
			'GET /v1/payouts',
			'GET /v1/payouts/{id}',
			'GET /v1/sub-merchants',
			'GET /v1/sub-merchants/{code}',
			'PATCH /v1/sub-merchants/{code}',
			'POST /v1/checkout/sessions',
			'POST /v1/payouts',
			'POST /v1/sub-merchants',
		]);
		expect(checkRequests(table, sandbox.requests)).toEqual([]);
	});

	it('the webhooks the sandbox sent carry every required webhook field with its type', () => {
		const rows = table.filter((row) => row.direction === 'webhook' && row.location === 'body');
		expect(sandbox.events.length).toBeGreaterThan(0);
		for (const event of sandbox.events) {
			for (const row of rows) {
				const value = row.field.split('.').reduce<unknown>((node, key) => (node as IDataObject | undefined)?.[key], event);
				if (value === undefined) {
					expect(row.required).toBe(false);
					continue;
				}
				const type = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
				expect({ field: row.field, ok: row.types.includes(type) }).toEqual({ field: row.field, ok: true });
			}
		}
	});

	it('negative control: an extra, a mistyped and a missing field are reported', () => {
		const sent = sandbox.requests.find((request) => request.method === 'POST' && request.path === '/v1/payouts')!;
		const body = JSON.parse(sent.rawBody) as IDataObject;
		const tampered: RecordedRequest = {
			...sent,
			headers: { ...sent.headers, 'x-debug': '1', 'idempotency-key': undefined },
			rawBody: JSON.stringify({ ...body, amount: 20, fee: '1.5', to_address: undefined }),
		};
		expect(checkRequests(table, [tampered])).toEqual([
			'POST /v1/payouts: header "x-debug" not in the table',
			'POST /v1/payouts: required header "Idempotency-Key" missing',
			'POST /v1/payouts: body field "amount" is integer, the table says string',
			'POST /v1/payouts: body field "fee" not in the table',
			'POST /v1/payouts: required body field "to_address" missing',
		]);
		const unknown: RecordedRequest = { ...sent, method: 'DELETE', path: '/v1/payouts/po_1', rawBody: '' };
		expect(checkRequests(table, [unknown])).toEqual(['DELETE /v1/payouts/po_1: endpoint not in the conformance table']);
	});
});
