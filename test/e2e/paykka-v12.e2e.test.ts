/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * PayKKa API v1.2 beside v3 (issue 16) on the real n8n 2.41.1 (the package installed from its
 * tarball) against the PayKKa sandbox, its v1.2 merchant 18000000000000 trusting the test key pair
 * of `../shared/vectors`; a credential with API Version v1.2 created through n8n's public API.
 * - Checkout Session > Create runs the `POST /payments/session` example of PayKKa's v1.2 API reference (收银台创建,
 *   https://open-aq-paykka.apifox.cn: every field
 *   of it, our own values): the sandbox received it v1.2-signed (headers `signature`, `type: RSA256`,
 *   `version: v1.2`, body `merchant_id` and ms `timestamp`; the signature checked here, independently,
 *   with the merchant public key) and holds the session.
 * - A published PayKKa Trigger with the v1.2 credential runs once on the v1.2-signed PAYMENT.SUCCESS the
 *   sandbox sends when that session is paid; the sandbox's redelivery and a freshly signed resend start
 *   nothing, and the resend gets the exact ack.
 * - Payment > Create (merchant-initiated) charges a stored token (found with Token > Get) under two
 *   trans_id references: two payments; the first reference again: still two. On v1.2 and on v3.
 * - Last: no credential secret (the stack's, and the v1.2 credential's private key) in executions or logs.
 */
import { createSign, createVerify, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { createCredential } from '../../bench/support';
import { GATEWAYS, type GatewayEntry, type SandboxHandle } from '../../scripts/gateways';
import { REPO_ROOT } from '../../scripts/n8n-runtime';
import { createChainedWorkflow, startStack, type ApiWorkflowNode, type Stack } from '../../scripts/stack';
import { PAYKKA_SANDBOX_V12_MERCHANT_ID, type NotificationRecord, type PayKkaSandbox } from '../../sandbox/paykka/server';
import type { RecordedRequest } from '../../sandbox/shared/server';
import { control as controlSandbox } from '../gateways/support';
import { SandboxFaults, createChainWorkflow, errorText, gatewayNode, runWorkflow, type FaultRun } from './faults';
import { findLeaksIn, findSecretLeaks, secretNeedles } from './secrets';
import { ExecutionLedger, deliver, e2eLog, executionsOf, runDir, settledExecutions, tarballPath, waitFor, type DeliveryResponse } from './support';

const ledger = new ExecutionLedger();
const measured: string[] = [];
let stack: Stack | undefined;
const suiteStarted = Date.now();
const runTag = Date.now().toString(36);

const PAYKKA: GatewayEntry = (() => {
	const entry = GATEWAYS.find((candidate) => candidate.key === 'paykka');
	if (!entry) throw new Error('no gateway paykka in scripts/gateways.ts');
	return entry;
})();

/** The test key pair of the worked signature examples (test/paykka/helpers.ts reads the same files). */
const VECTORS = path.resolve(REPO_ROOT, '../shared/vectors');
const V12_PRIVATE_KEY = fs.readFileSync(path.join(VECTORS, 'paykka_test_merchant_private_pkcs8.pem'), 'utf8');
const V12_PUBLIC_KEY = fs.readFileSync(path.join(VECTORS, 'paykka_test_merchant_public_spki.pem'), 'utf8');
const V12_MERCHANT = PAYKKA_SANDBOX_V12_MERCHANT_ID;
/** PayKKa's notification acknowledgement (nodes/PayKka/constants.ts NOTIFICATION_ACK, written out here). */
const ACK = '{"ret_code":"000000","ret_msg":"Success"}';
/** The imported credential of the stack (demo/paykka/credentials.json): API Version v3 (the default). */
const V3_CREDENTIAL = { type: PAYKKA.credentialType, id: PAYKKA.credentialId, name: 'PayKKa (local sandbox)' };
let v12Credential: { type: string; id: string; name: string } | undefined;
/** Every workflow this file creates (the v1.2 key scan reads their executions). */
const workflowIds: string[] = [];

beforeAll(async () => {
	stack = await startStack({
		workDir: path.join(runDir(), 'paykka-v12'),
		tarball: tarballPath(),
		gateways: [PAYKKA],
		// The v1.2 merchant trusts the vector key; the v3 merchant keeps the stack's generated key.
		sandboxOptions: { merchants: [{ merchantId: V12_MERCHANT, apiVersion: 'v1.2', merchantPublicKeyPem: V12_PUBLIC_KEY }] },
		log: e2eLog,
	});
	const created = await createCredential(stack, `PayKKa v1.2 (${runTag})`, PAYKKA.credentialType, {
		apiVersion: 'v1.2',
		environment: 'custom',
		baseUrl: paykka().url,
		merchantId: V12_MERCHANT,
		privateKey: V12_PRIVATE_KEY,
		platformPublicKey: paykka().platformPublicKeyPem,
		verifyResponses: true,
	});
	v12Credential = { type: PAYKKA.credentialType, ...created };
	e2eLog(`n8n on ${stack.url}; PayKKa sandbox ${paykka().url} (merchants ${paykka().merchants.map((merchant) => `${merchant.merchantId} ${merchant.apiVersion}`).join(', ')}); setup (ms): ${JSON.stringify(stack.timings)}`);
}, 10 * 60_000);

afterAll(async () => {
	ledger.print('PayKKa v1.2 on real n8n');
	if (measured.length > 0) e2eLog(`paykka v1.2 measurements:\n  ${measured.join('\n  ')}`);
	e2eLog(`paykka v1.2 suite: ${Math.round((Date.now() - suiteStarted) / 1000)} s including setup`);
	await stack?.stop();
}, 60_000);

function running(): Stack {
	if (!stack) throw new Error('the n8n stack did not start (see beforeAll)');
	return stack;
}
const paykka = () => running().sandboxes.get('paykka') as unknown as PayKkaSandbox;
const faults = () => new SandboxFaults(paykka().url);
function v12(): { type: string; id: string; name: string } {
	if (!v12Credential) throw new Error('the v1.2 credential was not created (see beforeAll)');
	return v12Credential;
}

const control = async <T>(pathAndQuery: string, body: unknown = {}): Promise<T> => await controlSandbox<T>(paykka(), pathAndQuery, body);

async function chain(name: string, nodes: Parameters<typeof createChainWorkflow>[2]): Promise<string> {
	const id = await createChainWorkflow(running(), name, nodes);
	workflowIds.push(id);
	return id;
}

/** The run's items for `node`, or the failure if the execution did not succeed. */
function itemsOf(run: FaultRun, node: string): Array<Record<string, unknown>> {
	if (run.status !== 'success') throw new Error(`execution ${run.execution.id} ${run.status}: ${errorText(run.error)}`);
	return run.execution.outputs[node] ?? [];
}

const header = (request: RecordedRequest, name: string): string | undefined => {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(',') : value;
};

/**
 * v1.2 signing (API authentication v1.2, https://docs.paykka.com/payments/apis/introduction/api-certification-v1; the string to sign as PayKKa's
 * WooCommerce plugin builds it, https://github.com/1404369980/paykka-for-woocommerce/blob/main/classes/lib/Paykka/Request/PaykkaRequestHandler.php),
 * written here from those pages, not from node or sandbox code.
 */
const v12SignedString = (merchantId: string, timestamp: string, body: string) => `merchantId=${merchantId}&timestamp=${timestamp}&requestBody=${body}`;
function v12SignatureValid(publicKeyPem: string, merchantId: string, timestamp: string, body: string, headerValue: string): boolean {
	return createVerify('RSA-SHA256').update(v12SignedString(merchantId, timestamp, body), 'utf8').verify(publicKeyPem, Buffer.from(decodeURIComponent(headerValue), 'base64'));
}
/** The body's top-level `timestamp` exactly as written (the signed text). */
const timestampText = (raw: string): string | undefined => /"timestamp":(\d+)[,}]/.exec(raw)?.[1];

/** The v1.2 reference's form of a date-time (收银台创建 example, https://open-aq-paykka.apifox.cn: 2023-11-24T11:34:37+0800), in UTC as the node sends it. */
const v12DateTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+0000');

// ---------- the v1.2 reference's checkout-session example ----------

/**
 * Field names of the v1.2 reference's `POST /payments/session` example (收银台创建, https://open-aq-paykka.apifox.cn), per object. Written
 * out here so the suite runs from a clean clone of this repository alone.
 */
const EXAMPLE_FIELDS = {
	top: [
		'merchant_id', 'payment_type', 'authorisation_type', 'capture_method', 'trans_id', 'timestamp', 'currency', 'amount', 'notify_url', 'return_url',
		'expire_time', 'session_mode', 'display_merchant_name', 'display_locale', 'theme_id', 'goods', 'bill', 'shipping', 'customer', 'payment',
		'authentication', 'allowed_payment_methods', 'blocked_payment_methods',
	],
	goods: ['id', 'name', 'description', 'category', 'brand', 'link', 'price', 'quantity', 'delivery_date', 'picture_url'],
	bill: [
		'billing_address_collection', 'first_name', 'middle_name', 'last_name', 'address_line1', 'address_line2', 'country', 'state', 'city', 'postal_code',
		'email', 'area_code', 'phone_number', 'descriptor',
	],
	shipping: ['first_name', 'middle_name', 'last_name', 'address_line1', 'address_line2', 'country', 'state', 'city', 'postal_code', 'email', 'area_code', 'phone_number'],
	customer: [
		'id', 'registration_time', 'past_transactions', 'area_code', 'phone_number', 'date_of_birth', 'gender', 'first_shopping_time', 'last_shopping_time',
		'level', 'email', 'order_ip',
	],
	payment: ['store_payment_method', 'token_usage', 'shopper_reference'],
	authentication: ['challenge_indicator', 'authentication_only', 'exemption'],
};
const sorted = (keys: string[]) => [...keys].sort();

const TRIGGER_WEBHOOK_ID = randomUUID();
const triggerUrl = () => `${running().url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
const sessionTransId = `e2e-v12-session-${runTag}`;
const sessionShopper = `e2e-v12-buyer-${runTag}`;
const EXPIRE_AT = new Date(Date.now() + 2 * 3_600_000).toISOString();
const DATES = {
	delivery: '2026-12-05T10:00:00+08:00',
	registration: '2024-03-01T09:15:00+08:00',
	firstShopping: '2024-03-02T20:40:12+08:00',
	lastShopping: '2026-11-20T18:05:59+08:00',
};
const address = (name: { first_name: string; last_name: string }) => ({
	...name,
	middle_name: 'Mei',
	address_line1: '18號 Harbour Rd, 1樓 Central Plaza',
	address_line2: 'Suite 1203',
	country: 'HK',
	state: 'Hong Kong Island',
	city: 'Wan Chai',
	postal_code: '999077',
	email: 'buyer@example.com',
	area_code: '+852',
	phone_number: '61234567',
});

const checkoutNode = () =>
	gatewayNode('Create checkout session (v1.2)', 'payKka', v12(), {
		resource: 'checkoutSession',
		operation: 'create',
		transId: sessionTransId,
		amountUnit: 'major',
		amount: '36.80',
		currency: 'CNY',
		returnUrl: 'https://tea.example.com/checkout/return',
		paymentType: 'PURCHASE',
		captureMethod: 'AUTOMATIC',
		options: {
			notifyUrl: triggerUrl(),
			expireTime: EXPIRE_AT,
			displayMerchantName: 'E2E Tea House',
			displayLocale: 'en-US',
			themeId: 'theme-e2e-01',
			shopperReference: sessionShopper,
			storePaymentMethod: true,
			tokenUsage: 'CARD_ON_FILE',
			allowedPaymentMethods: ['BankCard'],
			blockedPaymentMethods: ['ApplePay'],
		},
		goods: {
			item: [
				{
					id: 'sku-oolong-250',
					name: '乌龙茶 250g',
					description: 'Tieguanyin oolong, loose leaf',
					category: '茶叶',
					brand: 'E2E Tea',
					link: 'https://tea.example.com/oolong',
					price: '18.40',
					quantity: 2,
					delivery_date: DATES.delivery,
					picture_url: 'https://tea.example.com/oolong.jpg',
				},
			],
		},
		bill: { ...address({ first_name: 'Ada', last_name: 'Chan' }), billing_address_collection: 'REQUIRED', descriptor: 'E2E TEA HOUSE' },
		shipping: address({ first_name: 'Bo', last_name: 'Lee' }),
		customer: {
			id: `cust-${runTag}`,
			registration_time: DATES.registration,
			past_transactions: 3,
			area_code: '+852',
			phone_number: '61234567',
			date_of_birth: '1990-01-31',
			gender: 'F',
			first_shopping_time: DATES.firstShopping,
			last_shopping_time: DATES.lastShopping,
			level: 'gold',
			email: 'buyer@example.com',
			order_ip: '203.0.113.7',
		},
		authentication: { challenge_indicator: 'AUTO', authentication_only: false, exemption: 'NONE' },
	});

let sessionId = '';

describe('Checkout Session > Create on a v1.2 credential: the v1.2 reference\'s example', () => {
	test('the sandbox receives it v1.2-signed (verified here with the merchant public key), every field of the reference\'s example, and holds the session', async () => {
		const workflowId = await chain(`paykka v1.2: reference checkout session (${sessionTransId})`, [checkoutNode()]);
		const recordedBefore = paykka().recordedRequests.length;
		const before = Date.now();
		const run = await runWorkflow(running(), workflowId);
		const after = Date.now();
		ledger.record('paykka', 'v1.2 Checkout Session > Create (reference example)', run.newExecutions);
		const [item] = itemsOf(run, 'Create checkout session (v1.2)');
		expect(run.newExecutions).toBe(1);
		expect(item).toMatchObject({ trans_id: sessionTransId, merchant_id: V12_MERCHANT, status: 'PROCESSING', amount: 3680, currency: 'CNY', session_mode: 'HOSTED' });
		sessionId = String(item.session_id);

		const sent = paykka().recordedRequests.slice(Math.min(recordedBefore, paykka().recordedRequests.length));
		const calls = sent.map((request) => `${request.method} ${request.path}`);
		// Exactly once without an idempotency key: the lookup by trans_id first, then the one create.
		expect(calls).toEqual(['POST /payments/session/query', 'POST /payments/session']);
		const create = sent[1];
		const signature = header(create, 'signature') ?? '';
		const timestamp = timestampText(create.rawBody) ?? '';
		const body = JSON.parse(create.rawBody) as Record<string, unknown> & {
			goods: Array<Record<string, unknown>>;
			bill: Record<string, unknown>;
			shipping: Record<string, unknown>;
			customer: Record<string, unknown>;
			payment: Record<string, unknown>;
			authentication: Record<string, unknown>;
		};
		const signedByVector = v12SignatureValid(V12_PUBLIC_KEY, V12_MERCHANT, timestamp, create.rawBody, signature);
		measured.push(
			`v1.2 session create: ${run.status} in ${run.ms} ms (n8n execute); sent ${calls.join(' -> ')}; headers type=${header(create, 'type')} version=${header(create, 'version')} ` +
				`signature ${signature.length} chars (valid with the vector public key: ${signedByVector}); body ${Buffer.byteLength(create.rawBody)} bytes, ${Object.keys(body).length} top-level fields, timestamp ${timestamp}`,
		);
		// v1.2 headers only.
		expect(header(create, 'type')).toBe('RSA256');
		expect(header(create, 'version')).toBe('v1.2');
		expect(signature).toMatch(/^[A-Za-z0-9%]+$/);
		expect(Object.keys(create.headers).filter((name) => name.startsWith('x-paykka-'))).toEqual([]);
		// Signed over merchantId=…&timestamp=…&requestBody=<the raw body> (API authentication v1.2), Base64 then URL-encoded.
		expect(signedByVector).toBe(true);
		expect(v12SignatureValid(V12_PUBLIC_KEY, V12_MERCHANT, timestamp, create.rawBody.replace('36', '37'), signature)).toBe(false);
		// Body: merchant_id, ms timestamp of this run.
		expect(body.merchant_id).toBe(V12_MERCHANT);
		expect(timestamp).toMatch(/^\d{13}$/);
		expect(Number(timestamp)).toBeGreaterThanOrEqual(before - 1_000);
		expect(Number(timestamp)).toBeLessThanOrEqual(after);
		// Every field of the reference's example, nothing else.
		expect(sorted(Object.keys(body))).toEqual(sorted(EXAMPLE_FIELDS.top));
		expect(body.goods).toHaveLength(1);
		for (const name of ['bill', 'shipping', 'customer', 'payment', 'authentication'] as const) expect([name, sorted(Object.keys(body[name]))]).toEqual([name, sorted(EXAMPLE_FIELDS[name])]);
		expect(sorted(Object.keys(body.goods[0]))).toEqual(sorted(EXAMPLE_FIELDS.goods));
		// Our values, as the reference writes them: minor units, date-times like 2023-11-24T11:34:37+0800.
		expect(body).toMatchObject({
			payment_type: 'PURCHASE',
			authorisation_type: 'FINAL_AUTH',
			capture_method: 'AUTOMATIC',
			trans_id: sessionTransId,
			currency: 'CNY',
			amount: 3680,
			notify_url: triggerUrl(),
			return_url: 'https://tea.example.com/checkout/return',
			expire_time: v12DateTime(EXPIRE_AT),
			session_mode: 'HOSTED',
			display_merchant_name: 'E2E Tea House',
			display_locale: 'en-US',
			theme_id: 'theme-e2e-01',
			allowed_payment_methods: ['BankCard'],
			blocked_payment_methods: ['ApplePay'],
			payment: { store_payment_method: true, token_usage: 'CARD_ON_FILE', shopper_reference: sessionShopper },
			authentication: { challenge_indicator: 'AUTO', authentication_only: false, exemption: 'NONE' },
		});
		expect(body.goods[0]).toMatchObject({ name: '乌龙茶 250g', category: '茶叶', price: 1840, quantity: 2, delivery_date: v12DateTime(DATES.delivery) });
		expect(body.bill).toMatchObject({ billing_address_collection: 'REQUIRED', address_line1: '18號 Harbour Rd, 1樓 Central Plaza', country: 'HK', descriptor: 'E2E TEA HOUSE' });
		expect(body.shipping).toMatchObject({ first_name: 'Bo', last_name: 'Lee', country: 'HK' });
		expect(body.customer).toMatchObject({
			registration_time: v12DateTime(DATES.registration),
			first_shopping_time: v12DateTime(DATES.firstShopping),
			last_shopping_time: v12DateTime(DATES.lastShopping),
			past_transactions: 3,
			date_of_birth: '1990-01-31',
		});
		for (const value of [body.expire_time, body.goods[0].delivery_date, body.customer.registration_time]) expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/);

		// The sandbox accepted it for its v1.2 merchant and holds the session.
		const accepted = paykka().requests.filter((request) => request.path === '/payments/session' && request.body === create.rawBody);
		expect(accepted.map((request) => [request.status, request.ret_code])).toEqual([[200, '000000']]);
		const session = paykka().sessions.get(sessionId);
		expect(session).toMatchObject({ merchant_id: V12_MERCHANT, trans_id: sessionTransId, status: 'PROCESSING', amount: 3680, currency: 'CNY' });
		expect(item.session_url).toBe(session?.session_url);
	});
});

// ---------- the v1.2-signed payment notification ----------

/** n8n serves the trigger's path once the published workflow is registered: an unsigned POST then gets 401, not 404. */
async function untilServed(url: string): Promise<number> {
	const started = Date.now();
	await waitFor(`${url} to be served`, async () => ((await deliver(url, '{}', { 'Content-Type': 'application/json' })).status === 401 ? true : undefined), 60_000, 500);
	return Date.now() - started;
}

/** Executions of `workflowId` whose trigger item names `orderId`. */
async function runsFor(workflowId: string, orderId: string) {
	const executions = await settledExecutions(running().instance, running().apiKey, workflowId, 60_000);
	return { executions, runs: executions.filter((execution) => (execution.outputs['PayKKa Trigger'] ?? []).some((item) => item.order_id === orderId)) };
}

describe('PayKKa Trigger on a v1.2 credential', () => {
	test('the v1.2-signed PAYMENT.SUCCESS of the paid session runs the workflow once; the redelivery and a signed resend start nothing, the resend gets the exact ack', async () => {
		if (!sessionId) throw new Error('needs the session of the previous test');
		const trigger: ApiWorkflowNode = {
			name: 'PayKKa Trigger',
			type: 'n8n-nodes-payment-gateways.payKkaTrigger',
			typeVersion: 2,
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: { events: ['PAYMENT.SUCCESS'], options: {} },
			credentials: { [v12().type]: { id: v12().id, name: v12().name } },
		};
		const done: ApiWorkflowNode = { name: 'Handle payment', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
		const workflowId = await createChainedWorkflow(running(), `paykka v1.2: trigger (${runTag})`, [trigger, done], { publish: true });
		workflowIds.push(workflowId);
		const servedMs = await untilServed(triggerUrl());
		await control('/_sandbox/webhook-endpoint', { url: triggerUrl() });

		// The shopper pays on the hosted page: the sandbox sends PAYMENT.SUCCESS, signed for the merchant's v1.2.
		const paidAt = Date.now();
		const order = await control<{ order_id: string; status: string; token?: string }>(`/_sandbox/sessions/${sessionId}/complete`);
		expect(order.status).toBe('SUCCESS');
		const notification = await waitFor<NotificationRecord>(
			'the PAYMENT.SUCCESS notification',
			() => paykka().notifications.find((record) => record.type === 'PAYMENT.SUCCESS' && (JSON.parse(record.body) as { order_id?: string }).order_id === order.order_id),
			10_000,
		);
		const firstAck = await waitFor('n8n to acknowledge the notification', () => paykka().dispatcher.attemptsFor(notification.id).find((attempt) => attempt.acknowledged), 30_000);
		const sent = JSON.parse(notification.body) as Record<string, unknown>;
		expect(notification).toMatchObject({ apiVersion: 'v1.2', merchant_id: V12_MERCHANT, url: triggerUrl() });
		expect(sent).toMatchObject({ notify_type: 'PAYMENT.SUCCESS', merchant_id: V12_MERCHANT, trans_id: sessionTransId, order_id: order.order_id, amount: 3680, currency: 'CNY' });
		expect(String(sent.timestamp)).toMatch(/^\d{13}$/);
		expect(paykka().dispatcher.attemptsFor(notification.id).map((attempt) => attempt.statusCode)).toEqual([200]);

		const first = await runsFor(workflowId, order.order_id);
		ledger.record('paykka', 'v1.2 PAYMENT.SUCCESS from the sandbox (paid session)', first.runs.length);
		expect(first.executions).toHaveLength(1);
		expect(first.runs).toHaveLength(1);
		expect(first.runs[0].status).toBe('success');
		expect(first.runs[0].outputs['PayKKa Trigger'][0]).toMatchObject({ notify_type: 'PAYMENT.SUCCESS', trans_id: sessionTransId, order_id: order.order_id, amount: 3680, currency: 'CNY' });
		expect(first.runs[0].outputs['Handle payment']).toHaveLength(1);

		// The sandbox resends the same notification (fresh timestamp and signature): acknowledged, nothing started.
		await control(`/_sandbox/notifications/${notification.id}/redeliver`);
		const redelivery = await waitFor('the redelivery to be answered', () => {
			const attempts = paykka().dispatcher.attemptsFor(notification.id);
			return attempts.length >= 2 ? attempts[1] : undefined;
		}, 30_000);
		expect(redelivery).toMatchObject({ statusCode: 200, acknowledged: true });

		// A resend signed here with the platform key (v1.2 signing, written in this file): the exact ack, nothing started.
		const platformPrivateKey = (running().sandboxes.get('paykka') as SandboxHandle | undefined)?.startOptions?.platformPrivateKeyPem;
		if (typeof platformPrivateKey !== 'string') throw new Error('the PayKKa sandbox was started without a platform private key option');
		const resendBody = JSON.stringify({ ...sent, timestamp: Date.now() });
		const resendSignature = createSign('RSA-SHA256').update(v12SignedString(V12_MERCHANT, String(JSON.parse(resendBody).timestamp), resendBody), 'utf8').sign(platformPrivateKey, 'base64');
		const resend: DeliveryResponse = await deliver(triggerUrl(), resendBody, { 'Content-Type': 'application/json', signature: encodeURIComponent(resendSignature), type: 'RSA256', version: 'v1.2' });
		expect(resend).toMatchObject({ status: 200, body: ACK });
		expect(resend.contentType).toMatch(/^application\/json/);

		const after = await runsFor(workflowId, order.order_id);
		ledger.record('paykka', 'v1.2 PAYMENT.SUCCESS + sandbox redelivery + signed resend', after.runs.length);
		measured.push(
			`v1.2 trigger: served ${servedMs} ms after publishing; PAYMENT.SUCCESS (${Buffer.byteLength(notification.body)} bytes, timestamp ${String(sent.timestamp)}) acknowledged ${firstAck.statusCode} ` +
				`${firstAck.at - paidAt} ms after the payment; redelivery ${redelivery.statusCode}; resend ${resend.status} ${resend.body}; executions ${after.executions.length}, for the order ${after.runs.length}`,
		);
		expect(after.executions).toHaveLength(1);
		expect(after.runs.map((execution) => execution.id)).toEqual([first.runs[0].id]);
		// The token of the card stored in this checkout (Store Payment Method on) belongs to the v1.2 merchant.
		expect(order.token).toMatch(/^TK/);
	}, 5 * 60_000);
});

// ---------- saved card, merchant-initiated ----------

interface ChargeCase {
	version: 'v1.2' | 'v3';
	credential: () => { type: string; id: string; name: string };
	merchantId: () => string;
	create: string;
	query: string;
	tokenQuery: string;
}

const CHARGE_CASES: ChargeCase[] = [
	{ version: 'v1.2', credential: v12, merchantId: () => V12_MERCHANT, create: 'POST /payments', query: 'POST /payments/query', tokenQuery: 'POST /payments/token/query' },
	{
		version: 'v3',
		credential: () => V3_CREDENTIAL,
		merchantId: () => paykka().merchantId,
		create: 'POST /v3/payment/acq',
		query: 'POST /v3/payment/acq/query',
		tokenQuery: 'POST /v3/payment/acq/token/query',
	},
];

describe('saved card, merchant-initiated: Token > Get, then Payment > Create under the merchant\'s trans_id', () => {
	beforeAll(async () => {
		// Only the nodes' own answers count here: no notifications to the trigger of the previous test.
		await control('/_sandbox/webhook-endpoint', { url: null });
	});

	test.each(CHARGE_CASES)('$version: two references -> two payments; the first reference again -> still two, nothing sent', async (charge) => {
		const shopper = `e2e-mit-${charge.version}-${runTag}`;
		const stored = await control<{ token: string; merchant_id: string }>('/_sandbox/tokens', { merchant_id: charge.merchantId(), shopper_reference: shopper });
		expect(stored.merchant_id).toBe(charge.merchantId());
		const chargeWorkflow = async (transId: string) =>
			await chain(`paykka ${charge.version}: charge saved card (${transId})`, [
				gatewayNode('Find saved card', 'payKka', charge.credential(), { resource: 'token', operation: 'get', shopperReference: shopper }),
				gatewayNode('Charge saved card', 'payKka', charge.credential(), {
					resource: 'payment',
					operation: 'create',
					transId,
					chargeType: 'token',
					token: '={{ $json.tokens[0].token }}',
					shopperReference: shopper,
					amountUnit: 'major',
					amount: '9.99',
					currency: 'EUR',
					options: {},
				}),
			]);
		const references = [`e2e-mit-${charge.version.replace('.', '')}-a-${runTag}`, `e2e-mit-${charge.version.replace('.', '')}-b-${runTag}`];
		const first = await chargeWorkflow(references[0]);
		const second = await chargeWorkflow(references[1]);
		const paymentsOfToken = () => [...paykka().orders.values()].filter((order) => order.token === stored.token);
		const keys = [charge.create, charge.query, charge.tokenQuery];

		const results: Array<{ label: string; run: FaultRun; delta: Record<string, number> }> = [];
		for (const [label, workflowId] of [
			[`${references[0]}`, first],
			[`${references[1]}`, second],
			[`${references[0]} again`, first],
		] as const) {
			const recordedBefore = paykka().recordedRequests.length;
			const { result: run, delta } = await faults().countDuring(keys, async () => await runWorkflow(running(), workflowId));
			ledger.record('paykka', `${charge.version} saved card charged (${label.replace(runTag, '<run>')})`, run.newExecutions);
			results.push({ label, run, delta });
			expect(run.newExecutions).toBe(1);
			const [found] = itemsOf(run, 'Find saved card');
			expect(found).toMatchObject({ shopper_reference: shopper, count: 1 });
			expect((found.tokens as Array<{ token: string }>).map((token) => token.token)).toEqual([stored.token]);
			// Each request on the credential's API version.
			for (const request of paykka().recordedRequests.slice(recordedBefore)) {
				if (charge.version === 'v1.2') {
					expect([request.path, header(request, 'version'), header(request, 'type')]).toEqual([request.path, 'v1.2', 'RSA256']);
					expect(v12SignatureValid(V12_PUBLIC_KEY, V12_MERCHANT, timestampText(request.rawBody) ?? '', request.rawBody, header(request, 'signature') ?? '')).toBe(true);
				} else {
					expect([request.path, header(request, 'x-paykka-sign-alg'), header(request, 'version')]).toEqual([request.path, 'SHA256_WITH_RSA', undefined]);
				}
			}
		}
		const payments = paymentsOfToken();
		const outputs = results.map(({ run }) => itemsOf(run, 'Charge saved card')[0]);
		measured.push(
			`${charge.version} saved card: ${results
				.map(({ label, run, delta }) => `${label.replace(runTag, '<run>')}: ${run.status} in ${run.ms} ms, ${delta[charge.create]} create / ${delta[charge.query]} lookup / ${delta[charge.tokenQuery]} token query`)
				.join('; ')}; payments of the token at the sandbox: ${payments.length} (${payments.map((payment) => `${payment.trans_id.replace(runTag, '<run>')} ${payment.status}`).join(', ')})`,
		);
		// Two references: two payments, one charge each; the first reference again sends no charge and returns the first payment.
		expect(results.map(({ delta }) => delta[charge.create])).toEqual([1, 1, 0]);
		expect(results.map(({ delta }) => delta[charge.query])).toEqual([1, 1, 1]);
		expect(results.map(({ delta }) => delta[charge.tokenQuery])).toEqual([1, 1, 1]);
		expect(payments).toHaveLength(2);
		expect(sorted(payments.map((payment) => payment.trans_id))).toEqual(sorted(references));
		for (const payment of payments) expect(payment).toMatchObject({ merchant_id: charge.merchantId(), shopper_reference: shopper, status: 'SUCCESS', amount: 999, currency: 'EUR' });
		expect(outputs.map((output) => output.trans_id)).toEqual([references[0], references[1], references[0]]);
		expect(outputs.map((output) => output.normalizedStatus)).toEqual(['paid', 'paid', 'paid']);
		expect(outputs[2].order_id).toBe(outputs[0].order_id);
		expect(outputs[0].order_id).not.toBe(outputs[1].order_id);
		expect(sorted(payments.map((payment) => payment.order_id))).toEqual(sorted([String(outputs[0].order_id), String(outputs[1].order_id)]));
		// The charge request carried the token and shopper, never card data.
		const chargeRequests = paykka().recordedRequests.filter((request) => `${request.method} ${request.path}` === charge.create && request.rawBody.includes(stored.token));
		expect(chargeRequests).toHaveLength(2);
		for (const request of chargeRequests) {
			const body = JSON.parse(request.rawBody) as { payment: Record<string, unknown>; merchant_id: string };
			expect(body.merchant_id).toBe(charge.merchantId());
			expect(body.payment).toEqual({ payment_method: 'BANKCARD', token: stored.token, shopper_reference: shopper });
		}
	}, 5 * 60_000);
});

// ---------- secrets ----------

/** The v1.2 credential's private key (not one of the stack's imported credentials) in any form, in this file's executions or n8n's logs. */
async function v12KeyLeaks(): Promise<string[]> {
	const needles = secretNeedles([{ name: 'paykka v1.2 credential privateKey', value: V12_PRIVATE_KEY }]);
	const findings: string[] = [];
	let executions = 0;
	for (const workflowId of workflowIds) {
		for (const execution of await executionsOf(running().instance, running().apiKey, workflowId)) {
			executions++;
			findings.push(...findLeaksIn(JSON.stringify(execution.data ?? {}), needles, `execution ${execution.id} (workflow ${workflowId}, ${execution.status})`, { json: execution.data }));
		}
	}
	const logDir = path.join(running().instance.userFolder, '.n8n');
	const logs = [running().n8n.logFile, ...(fs.existsSync(logDir) ? fs.readdirSync(logDir).filter((name) => /^n8nEventLog.*\.log$/.test(name)).map((name) => path.join(logDir, name)) : [])];
	for (const file of logs.filter((candidate) => fs.existsSync(candidate))) findings.push(...findLeaksIn(fs.readFileSync(file, 'utf8'), needles, path.basename(file), { lines: true }));
	e2eLog(`v1.2 key scan: ${needles.length} forms; ${executions} executions of ${workflowIds.length} workflows, ${logs.length} log files: ${findings.length === 0 ? 'clean' : `${findings.length} finding(s)`}`);
	return findings;
}

test('no credential secret (raw, Base64 or hex) in execution data, errors or the n8n log; nor the v1.2 credential\'s private key', async () => {
	// Last, so it scans every run above (see test/e2e/secrets.ts).
	expect(await findSecretLeaks(running())).toEqual([]);
	expect(await v12KeyLeaks()).toEqual([]);
}, 5 * 60_000);
