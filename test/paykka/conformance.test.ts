/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Every request the PayKKa node sends, checked against docs/conformance/paykka.md through the
 * independent sandbox: each operation runs inside n8n-core's WorkflowExecute (every option and
 * collection filled in at least once), the sandbox records the requests, and the checker compares
 * them with the table's request rows.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { startPayKkaSandbox, type PayKkaSandbox } from '../../sandbox/paykka/server';
import type { RecordedRequest } from '../../sandbox/shared/server';
import { assumptionCount, checkRequests, parseConformanceTable, type ConformanceRow } from '../conformance/check';
import { completeSession, RETURN_URL, runPayKka, sessionParameters } from './fixture';

const table: ConformanceRow[] = parseConformanceTable(readFileSync(join(__dirname, '..', '..', 'docs', 'conformance', 'paykka.md'), 'utf8'));

let sandbox: PayKkaSandbox;
/** The credential fields of the run (v3 by default; the v1.2 block sets its merchant and version). */
let credentials: Record<string, string | boolean> = {};
beforeAll(async () => (sandbox = await startPayKkaSandbox({ timeScale: 0.00001, maxWebhookAttempts: 1 })));
afterAll(async () => await sandbox.close());

async function run(parameters: Record<string, unknown>) {
	const result = await runPayKka(sandbox, parameters, { credentials });
	expect(result.error).toBeUndefined();
	return result.items[0].json as Record<string, string>;
}

/** A session with every option and collection set, paid with the test card. */
async function paidOrder(transId: string, extra: Record<string, unknown> = {}) {
	const session = await run(sessionParameters({ transId, ...extra }));
	return { session, order: (await completeSession(sandbox, session.session_id)).json };
}

/**
 * Every operation of the node, every option and collection filled in at least once (with the credential in
 * `credentials`: v3 or v1.2), against the sandbox.
 */
async function everyOperation(prefix = '') {
	const { session, order } = await paidOrder(`${prefix}conf-order-1`, {
		paymentType: 'RECURRING',
		captureMethod: 'AUTOMATIC',
		options: {
			cancelUrl: 'https://shop.example.com/cancel',
			displayLocale: 'en-US',
			displayMerchantName: 'Shop',
			expireTime: '2099-01-01T10:00:00Z',
			notifyUrl: 'http://127.0.0.1:9/paykka',
			shopperReference: 'shopper-conf',
			storePaymentMethod: true,
			themeId: 'theme-1',
			tokenUsage: 'SUBSCRIPTION',
			allowedPaymentMethods: ['BankCard'],
			blockedPaymentMethods: ['ApplePay'],
		},
		authentication: { challenge_indicator: 'AUTO', authentication_only: false, exemption: 'NONE' },
		goods: {
			item: [
				{ brand: 'B', category: 'C', description: 'D', id: 'SKU-1', link: 'https://shop.example.com/p', name: 'Apple', picture_url: 'https://shop.example.com/p.jpg', price: '6.25', quantity: 2, delivery_date: '2099-01-02T03:04:05Z' },
			],
		},
		bill: {
			address_line1: 'L1', address_line2: 'L2', city: 'HK', country: 'hk', email: 'a@example.com', first_name: 'A', last_name: 'B', middle_name: 'M',
			area_code: '+852', phone_number: '1234', postal_code: '999077', state: 'S', billing_address_collection: 'REQUIRED', descriptor: 'SHOP',
		},
		shipping: {
			address_line1: 'L1', address_line2: 'L2', city: 'HK', country: 'HK', email: 'a@example.com', first_name: 'A', last_name: 'B', middle_name: 'M',
			area_code: '+852', phone_number: '1234', postal_code: '999077', state: 'S',
		},
		customer: {
			id: 'cust-1', date_of_birth: '1990-01-31', email: 'a@example.com', gender: 'F', level: 'gold', order_ip: '127.0.0.1', past_transactions: 3,
			area_code: '+852', phone_number: '1234', registration_time: '2020-01-01T00:00:00Z',
			first_shopping_time: '2021-01-01T00:00:00Z', last_shopping_time: '2022-01-01T00:00:00Z',
		},
	});
	await run({ resource: 'checkoutSession', operation: 'get', sessionId: session.session_id });
	for (const [lookupBy, field] of [['transId', 'trans_id'], ['orderId', 'order_id'], ['sessionId', 'session_id']]) {
		await run({ resource: 'payment', operation: 'get', lookupBy, lookupValue: order[field] });
	}
	const refund = await run({ resource: 'refund', operation: 'create', refundTransId: `${prefix}conf-refund-1`, orderId: order.order_id, amount: '1.00', currency: 'EUR', options: { notifyUrl: 'http://127.0.0.1:9/paykka' } });
	await run({ resource: 'refund', operation: 'get', lookupBy: 'refundTransId', lookupValue: refund.refund_trans_id });
	await run({ resource: 'refund', operation: 'get', lookupBy: 'refundOrderId', lookupValue: refund.refund_order_id });
	await run({
		resource: 'payment',
		operation: 'create',
		chargeType: 'token',
		token: order.token,
		shopperReference: 'shopper-conf',
		transId: `${prefix}conf-mit-1`,
		amount: '3.00',
		currency: 'EUR',
		options: { captureMethod: 'MANUAL', notifyUrl: 'http://127.0.0.1:9/paykka', returnUrl: RETURN_URL },
	});
	await run({
		resource: 'payment',
		operation: 'create',
		chargeType: 'recurring',
		recurringAgreementId: order.recurring_agreement_id,
		transId: `${prefix}conf-mit-2`,
		amount: '3.00',
		currency: 'EUR',
		options: { recurringShopperReference: 'shopper-conf' },
	});
	await run({ resource: 'token', operation: 'get', shopperReference: 'shopper-conf', token: order.token });
	await run({ resource: 'token', operation: 'delete', token: order.token, shopperReference: 'shopper-conf' });
	await run({ resource: 'recurringAgreement', operation: 'cancel', recurringAgreementId: order.recurring_agreement_id });

	const manual = (await paidOrder(`${prefix}conf-order-2`, { captureMethod: 'MANUAL', amountUnit: 'minor', amount: '1250' })).order;
	await run({ resource: 'payment', operation: 'capture', orderId: manual.order_id, amount: '5.00', currency: 'EUR' });
	const full = (await paidOrder(`${prefix}conf-order-3`, { captureMethod: 'MANUAL' })).order;
	await run({ resource: 'payment', operation: 'capture', orderId: full.order_id });
	const voided = (await paidOrder(`${prefix}conf-order-4`, { captureMethod: 'MANUAL' })).order;
	await run({ resource: 'payment', operation: 'void', orderId: voided.order_id, reason: 'DUPLICATE' });

}

describe('PayKKa conformance table', () => {
	it('is well-formed, with its assumptions visible', () => {
		expect(table.length).toBeGreaterThan(200);
		expect(assumptionCount(table)).toBeGreaterThan(0);
		for (const path of ['/v3/payment/acq/capture', '/v3/payment/acq/session/query']) {
			const rows = table.filter((row) => row.endpoint === `POST ${path}` && row.location === 'body' && row.direction === 'request' && row.field !== 'merchant_id');
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.every((row) => row.source.startsWith('[ASSUMPTION]'))).toBe(true);
		}
	});

	it('matches every request of every operation the node sends', async () => {
		await everyOperation();
		const requests = sandbox.recordedRequests;
		const endpoints = new Set(requests.map((request) => `${request.method} ${request.path}`));
		expect([...endpoints].sort()).toEqual(
			[
				'POST /v3/payment/acq',
				'POST /v3/payment/acq/capture',
				'POST /v3/payment/acq/query',
				'POST /v3/payment/acq/recurring/cancel',
				'POST /v3/payment/acq/refund',
				'POST /v3/payment/acq/refund/query',
				'POST /v3/payment/acq/session',
				'POST /v3/payment/acq/session/query',
				'POST /v3/payment/acq/token/query',
				'POST /v3/payment/acq/token/remove',
				'POST /v3/payment/acq/void',
			].sort(),
		);
		expect(checkRequests(table, requests)).toEqual([]);
	});

	it('reports a request with an extra or mistyped field (negative control)', () => {
		const sent = sandbox.recordedRequests.find((request) => request.path === '/v3/payment/acq/refund')!;
		const body = JSON.parse(sent.rawBody) as Record<string, unknown>;
		const bad: RecordedRequest = { ...sent, rawBody: JSON.stringify({ ...body, refund_amount: '1.00', refund_note: 'x' }) };
		const unsigned: RecordedRequest = { ...sent, headers: { ...sent.headers, 'x-paykka-sign': undefined } };
		delete unsigned.headers['x-paykka-sign'];
		expect(checkRequests(table, [bad, unsigned, { ...sent, path: '/v3/payment/acq/refunds' }])).toEqual([
			'POST /v3/payment/acq/refund: body field "refund_amount" is string, the table says integer',
			'POST /v3/payment/acq/refund: body field "refund_note" not in the table',
			'POST /v3/payment/acq/refund: required header "x-paykka-sign" missing',
			'POST /v3/payment/acq/refunds: endpoint not in the conformance table',
		]);
	});
});

describe('PayKKa conformance table, API v1.2', () => {
	const v12Endpoints = [
		'/payments',
		'/payments/capture',
		'/payments/query',
		'/payments/recurring/cancel',
		'/payments/refund',
		'/payments/refund/query',
		'/payments/session',
		'/payments/session/query',
		'/payments/token/query',
		'/payments/token/remove',
		'/payments/void',
	];

	it('has v1.2 rows whose unconfirmed paths are visible assumptions', () => {
		for (const path of v12Endpoints) {
			const rows = table.filter((row) => row.endpoint === `POST ${path}` && row.direction === 'request');
			expect(rows.map((row) => `${row.location} ${row.field}`)).toEqual(expect.arrayContaining(['header signature', 'header type', 'header version', 'body merchant_id', 'body timestamp']));
			const confirmed = path === '/payments/session' || path === '/payments/token/remove';
			const business = rows.filter((row) => row.location === 'body' && row.field !== 'merchant_id');
			expect(business.every((row) => row.source.startsWith('[ASSUMPTION]'))).toBe(!confirmed);
		}
		expect(table.filter((row) => row.endpoint === 'webhook v1.2' && row.location === 'header').map((row) => row.field)).toEqual(['signature', 'type', 'version']);
	});

	it('matches every request of every operation the node sends on v1.2', async () => {
		const before = sandbox.recordedRequests.length;
		credentials = { apiVersion: 'v1.2', merchantId: sandbox.merchantOn('v1.2')!.merchantId, appId: '' };
		try {
			await everyOperation('v12-');
		} finally {
			credentials = {};
		}
		const requests = sandbox.recordedRequests.slice(before);
		expect([...new Set(requests.map((request) => request.path))].sort()).toEqual(v12Endpoints);
		expect(requests.every((request) => request.headers.version === 'v1.2' && request.headers['x-paykka-sign'] === undefined)).toBe(true);
		expect(checkRequests(table, requests)).toEqual([]);
	});
});
