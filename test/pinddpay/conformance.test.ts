/**
 * Every operation of the Pinddpay node, run through n8n's WorkflowExecute against the independent
 * sandbox, must send only what docs/conformance/pinddpay.md lists, with the listed JSON types.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PinddpaySandbox } from '../../sandbox/pinddpay/server';
import { assumptionCount, checkRequests, loadConformanceTable, type ConformanceRow } from '../conformance/check';
import { control, orderSessionParameters, payoutParameters, runPinddpay, sandboxForThisFile, signedRequest } from './fixture';

const table = loadConformanceTable('pinddpay');

const sandbox = sandboxForThisFile({ initialBalances: { USD: '100.00', JPY: '50000' } });

/** Runs one operation and fails with the node's error if it did not succeed. */
async function run(parameters: IDataObject): Promise<IDataObject> {
	const { items, error } = await runPinddpay(sandbox, parameters);
	expect(error).toBeUndefined();
	return items[0].json;
}

const customer = { id: 'user-123', country: 'us', ip: '127.0.0.1', name: 'JAMES', email: 'james@tesg.com' };
const commonExtras = { paymentMethod: 'paypal', redirectUrl: 'https://example.com/redirect', website: 'https://yourwebsite.com', skuId: 'SKU-1' };

describe('Pinddpay conformance (docs/conformance/pinddpay.md)', () => {
	it('has a well-formed table with sources on every row', () => {
		expect(table.length).toBeGreaterThan(100);
		expect(table.every((row) => /^(seed 00[01] L\d+|http:\/\/docs\.pinddpay\.com\/\w+|\[ASSUMPTION\])/.test(row.source))).toBe(true);
		expect(assumptionCount(table)).toBeGreaterThan(0);
	});

	it('every operation sends only listed fields, with the listed types, and every listed request field is sent', async () => {
		await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });

		// Pay-in: Create Order Session, minimal and with every optional field.
		await run(orderSessionParameters({ orderId: 'CF-SESSION-1' }));
		await run(orderSessionParameters({ orderId: 'CF-SESSION-2', amount: '500', currency: 'JPY', customer, additionalFields: commonExtras }));

		// Pay-in: Create Transaction with every optional section, then Query Transaction.
		const transaction = await run({
			...orderSessionParameters({ orderId: 'CF-TX-1', amount: '9.90', customer }),
			operation: 'createTransaction',
			additionalFields: { ...commonExtras, cancelUrl: 'https://example.com/cancel', redirectionCountdown: 5, orderType: 'checkout' },
			subscription: { planId: 'plan-1', description: 'monthly', interval: 'month', intervalCount: 1, billingCycle: 12 },
			billing: {
				firstName: 'zhang',
				lastName: 'san',
				email: 'zhangsan@test.com',
				phone: '123435353',
				address1: 'street 1',
				address2: 'floor 2',
				city: 'Beijing',
				state: 'Beijing',
				zipCode: '123456',
				country: 'cn',
			},
		});
		await run({ ...orderSessionParameters({ orderId: 'CF-TX-2' }), operation: 'createTransaction' });
		await run({ resource: 'payIn', operation: 'getTransaction', id: transaction.id });

		// Payout: Create Payout (minimal and full) and Query Balance.
		await run(payoutParameters({ orderNo: 'CF-PO-1' }));
		await run(
			payoutParameters({
				orderNo: 'CF-PO-2',
				amount: '1000',
				currency: 'JPY',
				additionalFields: {
					account: 'acct-1',
					country: 'us',
					email: 'payee@example.com',
					ip: '203.0.113.7',
					notifyUrl: 'https://example.com/payout-hook',
					phoneNumber: '12345678',
					platform: 'ios',
					userName: 'user_1',
				},
			}),
		);
		await run({ resource: 'payout', operation: 'getBalance' });

		// Subscription: Cancel Subscription (the subscription of CF-TX-1, active once paid).
		const order = sandbox.orders.get(transaction.id as string)!;
		await control(sandbox, `orders/${order.id}/pay`);
		await run({ resource: 'subscription', operation: 'cancel', contractId: order.contractId, planId: 'plan-1' });
		await run({ resource: 'subscription', operation: 'cancel', contractId: order.contractId });

		const requests = [...sandbox.requests];
		expect(requests).toHaveLength(10);
		expect(checkRequests(table, requests)).toEqual([]);

		// The table lists nothing the node never sends.
		const unsent = table
			.filter((row) => row.direction === 'request')
			.filter((row) => !requests.some((request) => sends(request, row)));
		expect(unsent.map((row) => `${row.endpoint} ${row.location} ${row.field}`)).toEqual([]);
	});

	it('reports a request with an extra, a mistyped or a missing field (negative control)', async () => {
		await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
		await signedRequest(sandbox, 'POST', '/api/payout/create', {
			body: '{"payoutAccount":"payee@example.com","currency":"USD","amount":"1.99","orderNo":"CF-BAD","gateway":"paypal","memo":"x"}',
		});
		await signedRequest(sandbox, 'POST', '/api/gateway/createsession', {
			body: '{"appid":"a","order":{"id":"CF-BAD-2","sku":{"currency":"USD","amount":1.99,"name":"VIP","quantity":1}},"notifyUrl":"https://example.com/n"}',
		});
		await signedRequest(sandbox, 'GET', '/api/order/detail?orderNo=CF-BAD');
		// fetch() adds browser headers of its own (accept-language, sec-fetch-mode): not what is tested here.
		const violations = checkRequests(table, [...sandbox.requests]).filter((violation) => !/header "(accept-language|sec-fetch-mode)"/.test(violation));
		expect(violations).toEqual([
			'POST /api/payout/create: body field "amount" is string, the table says number',
			'POST /api/payout/create: body field "memo" not in the table',
			'POST /api/gateway/createsession: required body field "order.sku.id" missing',
			'GET /api/order/detail: query parameter "orderNo" not in the table',
			'GET /api/order/detail: required query parameter "id" missing',
		]);
	});
});

/** Whether `request` carries the field of `row` (same endpoint). */
function sends(request: PinddpaySandbox['requests'][number], row: ConformanceRow): boolean {
	const [method, path] = row.endpoint.split(' ');
	if (request.method !== method || request.path !== path) return false;
	if (row.location === 'header') return request.headers[row.field.toLowerCase()] !== undefined;
	if (row.location === 'query') return row.field in request.query;
	if (request.rawBody === '') return false;
	let value: unknown = JSON.parse(request.rawBody);
	for (const key of row.field.split('.')) {
		if (value === null || typeof value !== 'object') return false;
		value = (value as IDataObject)[key];
	}
	return value !== undefined;
}
