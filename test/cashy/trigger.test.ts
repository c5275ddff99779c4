/** The Cashy Trigger served over real HTTP through n8n-core's WebhookContext. */
import type { INodeProperties } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { CashyTrigger } from '../../nodes/Cashy/CashyTrigger.node';
import { computeSign } from '../../nodes/Cashy/signature';
import { CASHY_TEST_API_KEY } from '../../sandbox/cashy/server';
import { startTriggerHost, type TriggerHost } from '../harness/webhook';
import { cashyTriggerFixture, orderNumber, TRIGGER_MERCHANT_ID } from './fixture';

/** TESTAPIKEY0123456789, the made-up key of the synthetic vectors (see signature.test.ts). */
const KEY = CASHY_TEST_API_KEY;
const MERCHANT_ID = TRIGGER_MERCHANT_ID;
// The synthetic pay-in notification vector (see signature.test.ts): Sign 8F5FEB80C31328C8E71E4AD169C39210.
const VECTOR_BODY =
	'{"orderStatus":"SUCCESS","amount":10000.0,"fee":0,"mchOrderNo":"order00000001","merchantId":"100001","orderNo":"PAYIN8232154612109344768","payUrl":"https://paydesk.example/views/pay.html?PAYIN8232154612109344768","completionTime":"2022-08-08 08:08:08","nonceStr":"1659946088000"}';
const VECTOR_SIGN = '8F5FEB80C31328C8E71E4AD169C39210';

/** Confirm With Gateway is on by default: every delivered order exists in this cashy.sandbox. */
const cashy = cashyTriggerFixture();

const seedPayIn = async (orderNo: string, status = 'SUCCESS', extra: Record<string, unknown> = {}) =>
	await cashy.seed('payins', { orderNo, mchOrderNo: `m-${orderNo}`, amount: '25000.00', status, ...extra });
const seedPayout = async (orderNo: string, status = 'FAIL', extra: Record<string, unknown> = {}) =>
	await cashy.seed('payouts', { orderNo, mchOrderNo: `m-${orderNo}`, amount: '50000.00', status, resultDesc: 'INVALID_BANK_ACCOUNT', ...extra });

function payIn(orderNo: string, status = 'SUCCESS') {
	return `{"orderStatus":"${status}","amount":25000.0,"fee":750.0,"mchOrderNo":"m-${orderNo}","merchantId":"${MERCHANT_ID}","orderNo":"${orderNo}","payUrl":null,"completionTime":"2026-11-23 10:00:00","nonceStr":"${Date.now()}"}`;
}

function payout(orderNo: string, status = 'FAIL') {
	return `{"orderStatus":"${status}","amount":50000.00,"fee":3000,"mchOrderNo":"m-${orderNo}","merchantId":"${MERCHANT_ID}","orderNo":"${orderNo}","completionTime":"2026-11-23 10:00:00","resultDesc":"INVALID_BANK_ACCOUNT","nonceStr":"1"}`;
}

async function deliver(host: TriggerHost, body: string, options: { sign?: string | null; key?: string; merchantId?: string | null } = {}) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const sign = options.sign === undefined ? computeSign(body, options.key ?? KEY) : options.sign;
	if (sign !== null) headers.Sign = sign;
	const merchantId = options.merchantId === undefined ? MERCHANT_ID : options.merchantId;
	if (merchantId !== null) headers.MerchantId = merchantId;
	const response = await fetch(host.url, { method: 'POST', headers, body });
	return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

describe('Cashy Trigger (real HTTP, n8n-core WebhookContext)', () => {
	let host: TriggerHost;
	/** `creds: null` = the node has no credential at all. */
	const start = async (parameters: Record<string, unknown> = { events: ['*'] }, creds: Record<string, string> | null = cashy.credentials) => {
		host = await startTriggerHost({
			node: new CashyTrigger(),
			credentialType: new CashyApi(),
			credentials: creds ?? undefined,
			parameters: parameters as never,
		});
		return host;
	};

	afterEach(async () => await host?.close());

	it('accepts the synthetic vector and answers exactly "SUCCESS" as plain text', async () => {
		await seedPayIn('PAYIN8232154612109344768', 'SUCCESS', { mchOrderNo: 'order00000001', amount: '10000.00' });
		await start();
		const response = await deliver(host, VECTOR_BODY, { sign: VECTOR_SIGN });
		expect(response.status).toBe(200);
		expect(response.body).toBe('SUCCESS');
		expect(response.contentType).toMatch(/^text\/plain/);
		expect(host.responses[0]).toMatchObject({ status: 200, body: 'SUCCESS' });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0]).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({
			orderNo: 'PAYIN8232154612109344768',
			mchOrderNo: 'order00000001',
			orderStatus: 'SUCCESS',
			notificationType: 'payIn',
			normalizedStatus: 'paid',
			amount: 10000,
		});
		expect(host.executions[0][0].json.gatewayState).toMatchObject({ orderNo: 'PAYIN8232154612109344768', orderStatus: 'SUCCESS' });
	});

	it('accepts a lower-case Sign', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo);
		// One body for both: payIn() stamps nonceStr with the clock.
		const body = payIn(orderNo);
		expect((await deliver(host, body, { sign: computeSign(body, KEY).toLowerCase() })).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('runs once per order number + status: redeliveries are acked SUCCESS and ignored', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo, 'PAYING');
		const body = payIn(orderNo, 'PAYING');
		for (let i = 0; i < 3; i++) expect(await deliver(host, body)).toMatchObject({ status: 200, body: 'SUCCESS' });
		// Cashy re-signs nothing per attempt, but a resend with another nonceStr is still the same event.
		expect((await deliver(host, body.replace(/"nonceStr":"\d+"/, '"nonceStr":"999"'))).body).toBe('SUCCESS');
		expect(host.executions).toHaveLength(1);
		// A new status of the same order is a new event (Cashy now shows the order paid).
		cashy.sandbox.payIns.get(orderNo)!.status = 'SUCCESS';
		expect((await deliver(host, payIn(orderNo, 'SUCCESS'))).status).toBe(200);
		expect(host.executions).toHaveLength(2);
		expect(host.executions[1][0].json.normalizedStatus).toBe('paid');
	});

	it('runs redeliveries again when dedupe is switched off', async () => {
		await start({ events: ['*'], options: { dedupe: false } });
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo);
		await deliver(host, payIn(orderNo));
		await deliver(host, payIn(orderNo));
		expect(host.executions).toHaveLength(2);
	});

	it.each([
		['a forged Sign', { sign: 'AB'.repeat(16) }],
		['a Sign made with another key', { key: `${KEY}X` }],
		['no Sign header', { sign: null }],
		['an empty Sign header', { sign: '' }],
		['another merchant\'s MerchantId header', { merchantId: '100002' }],
		// Required by "Async Webhook Notification" (Request Headers: MerchantId Y).
		['no MerchantId header', { merchantId: null }],
		['an empty MerchantId header', { merchantId: '' }],
		['a MerchantId with a suffix', { merchantId: `${MERCHANT_ID}0` }],
	])('answers 401 and starts nothing for %s', async (_name, options) => {
		await start();
		const response = await deliver(host, payIn('PAYIN4'), options);
		expect(response.status).toBe(401);
		expect(response.body).not.toBe('SUCCESS');
		expect(host.executions).toHaveLength(0);
	});

	it('answers 401 for a body changed after signing, including JSON re-serialisation', async () => {
		await start();
		expect((await deliver(host, VECTOR_BODY.replace('"SUCCESS"', '"FAIL"'), { sign: VECTOR_SIGN })).status).toBe(401);
		expect((await deliver(host, JSON.stringify(JSON.parse(VECTOR_BODY)), { sign: VECTOR_SIGN })).status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('fails closed with 401 without a secret key or without credentials', async () => {
		await start({ events: ['*'] }, { ...cashy.credentials, secretKey: '' });
		expect((await deliver(host, payIn('PAYIN5'))).status).toBe(401);
		expect(host.executions).toHaveLength(0);
		await host.close();
		await start({ events: ['*'] }, null);
		expect((await deliver(host, payIn('PAYIN5'))).status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	it('does not let forged deliveries poison dedupe', async () => {
		await start();
		const orderNo = orderNumber('PAYIN');
		await seedPayIn(orderNo);
		const body = payIn(orderNo);
		expect((await deliver(host, body, { sign: 'CD'.repeat(16) })).status).toBe(401);
		expect((await deliver(host, body)).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('filters by notification type, still acking the others with SUCCESS', async () => {
		await start({ events: ['payout'] });
		const orderNo = orderNumber('PAYOUT');
		await seedPayout(orderNo);
		const queries = cashy.sandbox.requests.length;
		// Not selected: acknowledged without a lookup.
		expect((await deliver(host, payIn(orderNumber('PAYIN')))).body).toBe('SUCCESS');
		expect(cashy.sandbox.requests.length).toBe(queries);
		expect((await deliver(host, payout(orderNo))).body).toBe('SUCCESS');
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({
			orderNo,
			notificationType: 'payout',
			orderStatus: 'FAIL',
			normalizedStatus: 'failed',
			resultDesc: 'INVALID_BANK_ACCOUNT',
		});
	});

	it('answers 400 to a correctly signed body that is not a Cashy notification', async () => {
		await start();
		expect((await deliver(host, 'SUCCESS')).status).toBe(400);
		expect((await deliver(host, '{"orderNo":"PAYIN8"}')).status).toBe(400);
		expect(host.executions).toHaveLength(0);
	});

	it('offers no timestamp window and says why', () => {
		const { properties } = new CashyTrigger().description;
		const options = properties.find((property) => property.name === 'options')!.options as INodeProperties[];
		expect(options.map((option) => option.name)).not.toContain('toleranceSeconds');
		expect(options.map((option) => option.name)).toContain('dedupe');
		expect(properties[0].displayName).toMatch(/no timestamp/);
		const confirm = options.find((option) => option.name === 'confirmWithGateway')!;
		expect(confirm.default).toBe(true);
		expect(confirm.description).toMatch(/replayed/);
	});
});
