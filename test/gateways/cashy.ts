/**
 * Cashy: everything the demo, the end-to-end suites and the hostile-input generator know about the
 * gateway: Colombian pay-ins (PSE) and payouts; notifications signed with Sign = upper-case
 * MD5(raw body + API key), no signed time, acknowledged with plain-text SUCCESS (Payin notification,
 * https://docs.cashypro.com/en_us/col/payin.html).
 */
import { createHash, randomBytes } from 'crypto';

import type { GatewayDescriptor, GatewayE2E, GatewayEntry, HostileTarget, SandboxHandle, Scheme } from './descriptor';
import { md5, JSON_TYPE, without, type Header } from './hostile-kit';
import { PACKAGE, acknowledged, control, firstItem, newer, option, redeliverFrom, sampleEventStep } from './support';

// ---------- demo: sandbox, templates (demo/cashy/), steps ----------

const demo: GatewayEntry = {
	key: 'cashy',
	displayName: 'Cashy',
	nodeTypes: [`${PACKAGE}.cashy`, `${PACKAGE}.cashyTrigger`],
	credentialType: 'cashyApi',
	sandboxModule: 'sandbox/cashy/server',
	sandboxExport: 'startCashySandbox',
	demoPort: 4104,
	credentialId: 'CashySandbox0001',
	workflowId: 'CashyDemoFlow001',
	webhookId: '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000004',
	webhookPath: 'webhook',
	templateValues: (sandbox, context) => ({
		SANDBOX_URL: sandbox.url,
		MERCHANT_ID: option(sandbox, 'merchantId'),
		SECRET_KEY: option(sandbox, 'apiKey'),
		NOTIFY_URL: context.webhookUrl,
	}),
	// No control endpoint: the in-process sandbox reads notifyUrlOverride on every notification.
	setWebhookUrl: async (sandbox, url) => {
		const options = (sandbox as unknown as { options?: { notifyUrlOverride?: string } }).options;
		if (!options) throw new Error('the Cashy sandbox exposes no options object to set notifyUrlOverride on');
		options.notifyUrlOverride = url;
	},
	demoSteps: (sandbox, n8nUrl) => [
		`Open ${n8nUrl}/workflow/CashyDemoFlow001 and in the orange button's arrow menu pick "Execute workflow (manual)", then click the button:`,
		'  "Create PSE pay-in" creates a 30,000.00 COP pay-in (notify URL = the trigger\'s URL); copy its "orderNo".',
		'Settle it; the sandbox sends a Sign-ed notification and the trigger answers plain SUCCESS:',
		`  curl -s -X POST ${sandbox.url}/_sandbox/payin/<orderNo>/succeed`,
		`State: curl -s ${sandbox.url}/_sandbox/state   Notifications: curl -s ${sandbox.url}/_sandbox/notifications`,
		sampleEventStep(sandbox.url, n8nUrl, '5f0c6a8e-3a6b-4c1e-9d2f-1b0000000004'),
	],
};

// ---------- end-to-end: sample run, emitted webhooks, signing ----------

interface CashySandboxView extends SandboxHandle {
	options: { apiKey: string; merchantId: string };
	payIns: ReadonlyMap<string, { orderNo: string; mchOrderNo: string; status: string; amount: bigint; notifyUrl: string }>;
	notifications: ReadonlyArray<{ id: string; kind: string; url: string; body: string; sign: string }>;
}

const cashyView = (sandbox: SandboxHandle) => sandbox as CashySandboxView;
const cashySign = (body: string, key: string) => createHash('md5').update(body, 'utf8').update(key, 'utf8').digest('hex').toUpperCase();

const e2e: GatewayE2E = {
	key: 'cashy',
	triggerNodeName: 'Cashy Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create PSE pay-in');
		const orderNo = String(output.orderNo);
		const payIn = cashyView(sandbox).payIns.get(orderNo);
		expect(payIn).toBeDefined();
		expect(payIn?.status).toBe('PAYING');
		expect(payIn?.mchOrderNo).toMatch(/^demo-payin-\d+$/);
		expect(payIn?.amount).toBe(3_000_000n);
		return { ids: { payIn: orderNo }, summary: `pay-in ${orderNo} (${String(payIn?.mchOrderNo)}, 30,000.00 COP) PAYING in the sandbox` };
	},
	async emitEvent(sandbox, sample) {
		const before = cashyView(sandbox).notifications.length;
		await control(sandbox, `/_sandbox/payin/${encodeURIComponent(sample.ids.payIn)}/succeed`);
		const notification = newer(cashyView(sandbox).notifications, before).find((candidate) => candidate.kind === 'payIn');
		if (!notification) throw new Error('the sandbox sent no pay-in notification');
		return { deliveryId: notification.id, itemKey: `${sample.ids.payIn}:SUCCESS` };
	},
	acknowledgedDeliveries: acknowledged,
	redeliver: redeliverFrom('notifications'),
	deliveredBody(sandbox, deliveryId) {
		const notification = cashyView(sandbox).notifications.find((candidate) => candidate.id === deliveryId);
		if (!notification) throw new Error(`unknown notification ${deliveryId}`);
		return notification.body;
	},
	freshEventBody(sandbox) {
		const orderNo = `PI${Date.now()}${randomBytes(3).toString('hex')}`;
		const body = JSON.stringify({
			orderStatus: 'SUCCESS',
			amount: 30000.0,
			fee: 900.0,
			mchOrderNo: `e2e-${randomBytes(4).toString('hex')}`,
			merchantId: cashyView(sandbox).options.merchantId,
			orderNo,
			nonceStr: String(Date.now()),
		});
		return { body, itemKey: `${orderNo}:SUCCESS` };
	},
	// The trigger confirms every notification with Cashy's pay-in query (default on): the order must exist, paid.
	async prepareEvent(sandbox, event) {
		const notification = JSON.parse(event.body) as { orderNo: string; mchOrderNo: string; orderStatus: string };
		await control(sandbox, '/_sandbox/payins', { orderNo: notification.orderNo, mchOrderNo: notification.mchOrderNo, amount: '30000.00', status: notification.orderStatus });
		return event;
	},
	signedHeaders: (sandbox, _url, body) => ({
		'Content-Type': 'application/json',
		MerchantId: cashyView(sandbox).options.merchantId,
		Sign: cashySign(body, cashyView(sandbox).options.apiKey),
	}),
	// Cashy signs no time: a replay is caught by dedupe (order + status) and by Confirm With Gateway (a notification
	// whose state Cashy no longer shows gets 422: test/e2e/delivery.e2e.test.ts).
	staleDelivery: undefined,
	forgedHeaders: (sandbox, _url, body) => ({
		'Content-Type': 'application/json',
		MerchantId: cashyView(sandbox).options.merchantId,
		Sign: cashySign(body, randomBytes(10).toString('hex').toUpperCase()),
	}),
	unsignedHeaders: (sandbox) => ({ 'Content-Type': 'application/json', MerchantId: cashyView(sandbox).options.merchantId }),
	ack: { status: 200, contentType: /^text\/plain/, body: 'SUCCESS' },
	eventKeyOfItem: (item) => (item.orderNo !== undefined && item.orderStatus !== undefined ? `${String(item.orderNo)}:${String(item.orderStatus)}` : undefined),
};

// ---------- hostile input: the signing scheme and its variants ----------

function cashyScheme(target: HostileTarget, runTag: string): Scheme {
	const { apiKey, merchantId } = cashyView(target.sandbox).options;
	const signOf = (body: Buffer, key: string) => md5(Buffer.concat([body, Buffer.from(key, 'utf8')])).toString('hex').toUpperCase();
	const headers = (sign: string, merchant = merchantId): Header[] => [JSON_TYPE, ['MerchantId', merchant], ['Sign', sign]];
	return {
		event(tag) {
			const orderNo = `PIHX${runTag}${tag}`;
			return {
				key: `${orderNo}:SUCCESS`,
				value: { orderStatus: 'SUCCESS', amount: 30000.0, fee: 900.0, mchOrderNo: `hx-${runTag}-${tag}`, merchantId, orderNo, nonceStr: `${runTag}${tag}` },
			};
		},
		sign: (body) => headers(signOf(body, apiKey)),
		signature: { header: 'Sign', decode: (value) => Buffer.from(value, 'hex'), encode: (bytes) => bytes.toString('hex').toUpperCase() },
		required: ['Sign', 'MerchantId'],
		wrongSecrets: [
			['MD5(body + random key)', (body, _atMs, rng) => headers(signOf(body, rng.bytes(10).toString('hex').toUpperCase()))],
			['MD5(key + body): wrong order', (body) => headers(md5(Buffer.concat([Buffer.from(apiKey), body])).toString('hex').toUpperCase())],
			['MD5(body) without the key', (body) => headers(md5(body).toString('hex').toUpperCase())],
			['MD5(body + merchant id)', (body) => headers(signOf(body, merchantId))],
			['MD5(body + key with one character changed)', (body, _atMs, rng) => {
				const index = rng.int(0, apiKey.length - 1);
				return headers(signOf(body, apiKey.slice(0, index) + (apiKey[index] === 'Z' ? 'Y' : 'Z') + apiKey.slice(index + 1)));
			}],
			['MD5(body + "&key=" + key)', (body) => headers(signOf(body, `&key=${apiKey}`))],
		],
		encodings: [
			['Base64 of the MD5', (hex) => Buffer.from(hex, 'hex').toString('base64')],
			['0x prefix', (hex) => `0x${hex}`],
			['first 16 digits', (hex) => hex.slice(0, 16)],
			['one extra digit', (hex) => `${hex}F`],
			['MD5= prefix', (hex) => `MD5=${hex}`],
			['hex of the hex text', (hex) => Buffer.from(hex, 'utf8').toString('hex')],
		],
		bodyCovered: true,
		// Confirm With Gateway is on by default for Cashy: a valid notification names a paid order Cashy has.
		prepareValid: async (body) => {
			const event = JSON.parse(body.toString('utf8')) as { orderNo: string; mchOrderNo: string };
			const response = await fetch(`${target.sandbox.url}/_sandbox/payins`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ orderNo: event.orderNo, mchOrderNo: event.mchOrderNo, amount: '30000.00', status: 'SUCCESS' }),
				signal: AbortSignal.timeout(10_000),
			});
			if (!response.ok) throw new Error(`seeding pay-in ${event.orderNo}: ${response.status} ${await response.text()}`);
		},
		notAnEvent: [
			['no orderStatus', (event) => without(event, 'orderStatus')],
			['numeric orderNo and no mchOrderNo', (event) => ({ ...without(event, 'mchOrderNo'), orderNo: 123456 })],
			['orderStatus null', (event) => ({ ...event, orderStatus: null })],
		],
		extra: [
			['foreign-merchant', 'MerchantId of another merchant', (body, rng) => ({ headers: headers(signOf(body, apiKey), String(Number(merchantId) + rng.int(1, 999))) })],
			['foreign-merchant', 'MerchantId with a suffix', (body) => ({ headers: headers(signOf(body, apiKey), `${merchantId}0`) })],
		],
	};
}

export const cashy: GatewayDescriptor = {
	demo,
	e2e,
	hostile: {
		scheme: cashyScheme,
		notApplicable: {
		'signature letter case': 'the hex Sign is compared case-insensitively by design (the same digest)',
		'stale-timestamp / future-timestamp / malformed-timestamp': 'Cashy signs no time (Sign = MD5(rawBody + key)): replays are caught by dedupe of orderNo + status (replay classes) and, for a state Cashy no longer shows, by Confirm With Gateway (delivery.e2e)',
		'signed-parts-mismatch': 'the body is the only signed part',
	},
	},
};
