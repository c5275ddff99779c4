/**
 * What the end-to-end suite needs to know per gateway, beyond scripts/gateways.ts: how to check
 * the sample run in the sandbox, how to make the sandbox send a signed webhook, how to sign
 * (or forge) a delivery, and what acknowledgement the gateway expects.
 *
 * Adding a gateway: an entry in scripts/gateways.ts (sandbox, templates) and one here. The suite
 * fails when package.json declares a node that no entry covers.
 */
import { createHash, createHmac, createSign, generateKeyPairSync, randomBytes } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { SandboxHandle } from '../../scripts/gateways';
import type { RunData } from './support';

export interface SampleResult {
	/** Gateway object ids created by the sample run (session, payment, payout...). */
	ids: Record<string, string>;
	/** Human-readable summary for the log. */
	summary: string;
}

/** A webhook the sandbox sent: its delivery id in the sandbox, and the key found in the trigger's item. */
export interface EmittedEvent {
	deliveryId: string;
	itemKey: string;
}

export interface GatewayE2E {
	key: string;
	/** Name of the trigger node in demo/<key>/workflow.json. */
	triggerNodeName: string;
	/** Checks the `n8n execute` result and the sandbox state; throws (expect) on mismatch. */
	checkSampleRun(run: RunData, sandbox: SandboxHandle): SampleResult;
	/** Makes the sandbox send a real signed webhook about the sample's object. */
	emitEvent(sandbox: SandboxHandle, sample: SampleResult): Promise<EmittedEvent>;
	/** Side effects the trigger branch of the workflow must have caused in the sandbox for that event. */
	checkEventEffects?(sandbox: SandboxHandle, sample: SampleResult): string;
	/** How many acknowledged deliveries of the event the sandbox has seen. */
	acknowledgedDeliveries(sandbox: SandboxHandle, deliveryId: string): number;
	/** Asks the sandbox to send the event again (dashboard "resend"). */
	redeliver(sandbox: SandboxHandle, deliveryId: string): Promise<void>;
	/** The exact bytes the sandbox sent for the event. */
	deliveredBody(sandbox: SandboxHandle, deliveryId: string): string;
	/** A new, never-delivered event in the gateway's format (for negative deliveries). */
	freshEventBody(sandbox: SandboxHandle): { body: string; itemKey: string };
	/**
	 * Makes the object a fresh event names exist at the gateway in the state the event claims, so a
	 * trigger that confirms events with the gateway (Confirm With Gateway on by default) accepts it.
	 */
	prepareEvent?(sandbox: SandboxHandle, event: { body: string; itemKey: string }): Promise<{ body: string; itemKey: string }>;
	/** Headers of a correctly signed delivery to `url`; `staleSeconds` signs that long ago. */
	signedHeaders(sandbox: SandboxHandle, url: string, body: string, staleSeconds?: number): Record<string, string>;
	/** A stale but correctly signed delivery, when the gateway's signatures carry a time (else undefined). */
	staleDelivery?(sandbox: SandboxHandle, url: string): { body: string; itemKey: string; headers: Record<string, string> };
	/** Headers signed with a wrong key (same shape as real ones). */
	forgedHeaders(sandbox: SandboxHandle, url: string, body: string): Record<string, string>;
	/** Headers without any signature. */
	unsignedHeaders(sandbox: SandboxHandle, body: string): Record<string, string>;
	/** The answer the gateway counts as delivered. */
	ack: { status: number; contentType: RegExp; body: string };
	/** The event key found in the trigger's output item. */
	eventKeyOfItem(item: IDataObject): string | undefined;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const STALE_SECONDS = 3600;

interface DispatcherView {
	attemptsFor(eventId: string): Array<{ statusCode?: number; acknowledged: boolean }>;
}

const acknowledged = (sandbox: SandboxHandle, deliveryId: string) =>
	(sandbox as unknown as { dispatcher: DispatcherView }).dispatcher.attemptsFor(deliveryId).filter((attempt) => attempt.acknowledged).length;

async function control(sandbox: SandboxHandle, path: string, body: unknown = {}): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
	return JSON.parse(text) as IDataObject;
}

function firstItem(run: RunData, node: string): IDataObject {
	const output = run.outputs[node]?.[0];
	if (!output) throw new Error(`"${node}" produced no item: ${JSON.stringify(run.error ?? run.outputs)}`);
	return output;
}

/** The records a sandbox emitted after `before`, newest last. */
function newer<T>(list: readonly T[], before: number): T[] {
	return list.slice(before);
}

// ---------- IronixPay: HMAC-SHA256 over `timestamp.body`, JSON ack ----------

interface IronixPaySandboxView extends SandboxHandle {
	options: { webhookSecret: string; secretKey: string };
	sessions: ReadonlyMap<string, { id: string; status: string; clientReferenceId: string | null; amount: bigint }>;
	payouts: ReadonlyMap<string, { id: string; status: string; idempotencyKey: string; amount: bigint; toAddress: string }>;
	events: ReadonlyArray<{ id: string; event_type: string; data: Record<string, unknown> }>;
}

const ironix = (sandbox: SandboxHandle) => sandbox as IronixPaySandboxView;

function ironixHeaders(secret: string, body: string, timestamp: number): Record<string, string> {
	return {
		'Content-Type': 'application/json',
		'X-Timestamp': String(timestamp),
		'X-Signature': createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex'),
	};
}

function ironixFreshEvent(): { body: string; itemKey: string } {
	const itemKey = `evt_${Date.now().toString(16).padStart(12, '0')}${randomBytes(10).toString('hex')}`;
	const body = JSON.stringify({
		id: itemKey,
		event_type: 'payout.completed',
		created: nowSeconds(),
		data: { object: 'payout', id: `po_e2e_${randomBytes(6).toString('hex')}`, status: 'Completed', amount: '1', currency: 'USDT', network: 'TRON', livemode: false },
	});
	return { body, itemKey };
}

const ironixPay: GatewayE2E = {
	key: 'ironixpay',
	triggerNodeName: 'IronixPay Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create checkout session');
		const id = String(output.id);
		expect(id).toMatch(/^cs_/);
		expect(output.normalizedStatus).toBe('pending');
		const session = ironix(sandbox).sessions.get(id);
		expect(session).toBeDefined();
		expect(session?.status).toBe('Pending');
		expect(session?.clientReferenceId).toMatch(/^demo-order-\d+$/);
		expect(session?.amount).toBe(25_000_000n);
		return { ids: { session: id }, summary: `checkout session ${id} (${String(session?.clientReferenceId)}) Pending in the sandbox` };
	},
	async emitEvent(sandbox, sample) {
		const before = ironix(sandbox).events.length;
		await control(sandbox, `/_sandbox/sessions/${sample.ids.session}/pay`, { amount: '25' });
		const event = newer(ironix(sandbox).events, before).find((candidate) => candidate.event_type === 'session.completed');
		if (!event) throw new Error('the sandbox emitted no session.completed event');
		return { deliveryId: event.id, itemKey: event.id };
	},
	checkEventEffects(sandbox, sample) {
		const payouts = [...ironix(sandbox).payouts.values()].filter((payout) => payout.idempotencyKey === `n8n-payout-settle-${sample.ids.session}`);
		expect(payouts).toHaveLength(1);
		expect(payouts[0].amount).toBe(10_000_000n);
		sample.ids.payout = payouts[0].id;
		return `payout ${payouts[0].id} (${payouts[0].status}) created by "Pay out to supplier"`;
	},
	acknowledgedDeliveries: acknowledged,
	async redeliver(sandbox, deliveryId) {
		await control(sandbox, `/_sandbox/webhooks/${encodeURIComponent(deliveryId)}/redeliver`);
	},
	deliveredBody(sandbox, deliveryId) {
		const event = ironix(sandbox).events.find((candidate) => candidate.id === deliveryId);
		if (!event) throw new Error(`unknown event ${deliveryId}`);
		// The sandbox sends JSON.stringify(envelope): same bytes.
		return JSON.stringify(event);
	},
	freshEventBody: () => ironixFreshEvent(),
	signedHeaders: (sandbox, _url, body, staleSeconds = 0) => ironixHeaders(ironix(sandbox).options.webhookSecret, body, nowSeconds() - staleSeconds),
	staleDelivery(sandbox) {
		const event = ironixFreshEvent();
		return { ...event, headers: ironixHeaders(ironix(sandbox).options.webhookSecret, event.body, nowSeconds() - STALE_SECONDS) };
	},
	forgedHeaders: (_sandbox, _url, body) => ironixHeaders(`whsec_${randomBytes(32).toString('hex')}`, body, nowSeconds()),
	unsignedHeaders: () => ({ 'Content-Type': 'application/json' }),
	ack: { status: 200, contentType: /^application\/json/, body: '{"received":true}' },
	eventKeyOfItem: (item) => (typeof item.id === 'string' ? item.id : undefined),
};

// ---------- PayKKa: RSA SHA256 over METHOD\nPATH\nTIMESTAMP(ms)\nNONCE\nBODY, JSON ack ----------

interface PayKkaSandboxView extends SandboxHandle {
	appId: string;
	sessions: ReadonlyMap<string, { session_id: string; trans_id: string; status: string; amount: number; currency: string; order_id?: string }>;
	orders: ReadonlyMap<string, { order_id: string; status: string; amount: number }>;
	notifications: ReadonlyArray<{ id: string; type: string; url?: string; body: string }>;
}

const paykkaView = (sandbox: SandboxHandle) => sandbox as PayKkaSandboxView;

function paykkaHeaders(privateKeyPem: string, appId: string, url: string, body: string, timestampMs: number): Record<string, string> {
	const nonce = randomBytes(16).toString('hex');
	const signed = `POST\n${new URL(url).pathname}\n${timestampMs}\n${nonce}\n${body}`;
	const signature = createSign('RSA-SHA256').update(signed, 'utf8').sign(privateKeyPem, 'base64');
	return {
		'Content-Type': 'application/json',
		'x-paykka-appid': appId,
		'x-paykka-timestamp': String(timestampMs),
		'x-paykka-nonce': nonce,
		'x-paykka-sign-alg': 'SHA256_WITH_RSA',
		'x-paykka-sign': encodeURIComponent(signature),
	};
}

const platformKey = (sandbox: SandboxHandle) => {
	const key = sandbox.startOptions?.platformPrivateKeyPem;
	if (typeof key !== 'string') throw new Error('the PayKKa sandbox was started without a known platform private key');
	return key;
};

function paykkaFreshEvent(): { body: string; itemKey: string } {
	const orderId = `OR${Date.now()}${randomBytes(4).toString('hex')}`;
	const body = JSON.stringify({
		notify_type: 'PAYMENT.SUCCESS',
		merchant_id: '18356675194960',
		trans_id: `e2e-${randomBytes(4).toString('hex')}`,
		order_id: orderId,
		status: 'SUCCESS',
		amount: 100,
		currency: 'EUR',
	});
	return { body, itemKey: `PAYMENT.SUCCESS:${orderId}` };
}

const payKka: GatewayE2E = {
	key: 'paykka',
	triggerNodeName: 'PayKKa Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create checkout session');
		const id = String(output.session_id);
		const session = paykkaView(sandbox).sessions.get(id);
		expect(session).toBeDefined();
		expect(session?.status).toBe('PROCESSING');
		expect(session?.trans_id).toMatch(/^demo-paykka-\d+$/);
		expect(session?.amount).toBe(1250);
		expect(session?.currency).toBe('EUR');
		return { ids: { session: id }, summary: `checkout session ${id} (${String(session?.trans_id)}, 12.50 EUR) PROCESSING in the sandbox` };
	},
	async emitEvent(sandbox, sample) {
		const before = paykkaView(sandbox).notifications.length;
		await control(sandbox, `/_sandbox/sessions/${encodeURIComponent(sample.ids.session)}/complete`, {});
		const notification = newer(paykkaView(sandbox).notifications, before).find((candidate) => candidate.type === 'PAYMENT.SUCCESS');
		if (!notification) throw new Error('the sandbox sent no PAYMENT.SUCCESS notification');
		const orderId = String((JSON.parse(notification.body) as IDataObject).order_id);
		sample.ids.order = orderId;
		return { deliveryId: notification.id, itemKey: `PAYMENT.SUCCESS:${orderId}` };
	},
	acknowledgedDeliveries: acknowledged,
	async redeliver(sandbox, deliveryId) {
		await control(sandbox, `/_sandbox/notifications/${encodeURIComponent(deliveryId)}/redeliver`);
	},
	deliveredBody(sandbox, deliveryId) {
		const notification = paykkaView(sandbox).notifications.find((candidate) => candidate.id === deliveryId);
		if (!notification) throw new Error(`unknown notification ${deliveryId}`);
		return notification.body;
	},
	freshEventBody: () => paykkaFreshEvent(),
	signedHeaders: (sandbox, url, body, staleSeconds = 0) =>
		paykkaHeaders(platformKey(sandbox), paykkaView(sandbox).appId, url, body, Date.now() - staleSeconds * 1000),
	staleDelivery(sandbox, url) {
		const event = paykkaFreshEvent();
		return { ...event, headers: paykkaHeaders(platformKey(sandbox), paykkaView(sandbox).appId, url, event.body, Date.now() - STALE_SECONDS * 1000) };
	},
	forgedHeaders: (sandbox, url, body) => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		return paykkaHeaders(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, paykkaView(sandbox).appId, url, body, Date.now());
	},
	unsignedHeaders: (sandbox) => ({ 'Content-Type': 'application/json', 'x-paykka-appid': paykkaView(sandbox).appId }),
	ack: { status: 200, contentType: /^application\/json/, body: '{"ret_code":"000000","ret_msg":"Success"}' },
	eventKeyOfItem: (item) => {
		const type = item.notify_type ?? item.event_type;
		return typeof type === 'string' && item.order_id !== undefined ? `${type}:${String(item.order_id)}` : undefined;
	},
};

// ---------- Pinddpay: sign-token = upper MD5(secret), eventAt window, any 200 ----------

interface PinddpaySandboxView extends SandboxHandle {
	options: { secret: string; appId: string };
	payouts: ReadonlyMap<string, { id: string; orderNo: string; status: string; payoutAccount: string; amount: { minor: bigint; currency: string } }>;
	events: ReadonlyArray<{ eventId: string; eventName: string; body: string; url?: string }>;
}

const pinddpayView = (sandbox: SandboxHandle) => sandbox as PinddpaySandboxView;
const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
/** Pinddpay's eventAt style: ISO with 7 fractional digits. */
const pinddpayTime = (date: Date) => date.toISOString().replace(/Z$/, '0000Z');

function pinddpayFreshEvent(sandbox: SandboxHandle, at = new Date()): { body: string; itemKey: string } {
	const itemKey = String(90_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
	const body = JSON.stringify({
		eventId: itemKey,
		eventAt: pinddpayTime(at),
		eventName: 'payout.paid',
		appId: pinddpayView(sandbox).options.appId,
		resouce: { id: `e2e${randomBytes(4).toString('hex')}`, amount: 1.99, currency: 'USD', status: 'PAID', orderNo: `e2e-${randomBytes(4).toString('hex')}` },
	});
	return { body, itemKey };
}

const pinddpay: GatewayE2E = {
	key: 'pinddpay',
	triggerNodeName: 'Pinddpay Trigger',
	checkSampleRun(run, sandbox) {
		const output = firstItem(run, 'Create payout');
		const id = String(output.id);
		const payout = pinddpayView(sandbox).payouts.get(id);
		expect(payout).toBeDefined();
		expect(payout?.orderNo).toMatch(/^demo-payout-\d+$/);
		expect(payout?.payoutAccount).toBe('payee@example.com');
		expect(payout?.amount.minor).toBe(199n);
		expect(payout?.amount.currency).toBe('USD');
		return { ids: { payout: id }, summary: `payout ${id} (${String(payout?.orderNo)}, 1.99 USD) ${String(payout?.status)} in the sandbox` };
	},
	// A shopper pays an order: order.created (filtered out by the demo trigger) and order.paid, which the trigger
	// confirms with Pinddpay's Query Transaction (payout webhooks cannot be confirmed: no payout query exists).
	async emitEvent(sandbox) {
		const before = pinddpayView(sandbox).events.length;
		await control(sandbox, '/_sandbox/orders', { pay: true, amount: '25.00' });
		const event = newer(pinddpayView(sandbox).events, before).find((candidate) => candidate.eventName === 'order.paid');
		if (!event) throw new Error('the sandbox emitted no order.paid event');
		return { deliveryId: event.eventId, itemKey: event.eventId };
	},
	// A new order.paid event (new eventId) for an order Pinddpay shows paid: what a confirmed delivery needs.
	async prepareEvent(sandbox) {
		// Pinddpay's envelope around the control's answer, as around every answer of the sandbox.
		const created = (await control(sandbox, '/_sandbox/orders', { pay: true, amount: '25.00', webhooks: false })) as unknown as { result: { event: Record<string, unknown> } };
		const itemKey = String(91_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
		const body = JSON.stringify({ eventId: itemKey, eventAt: pinddpayTime(new Date()), eventName: 'order.paid', appId: pinddpayView(sandbox).options.appId, ...created.result.event });
		return { body, itemKey };
	},
	acknowledgedDeliveries: acknowledged,
	async redeliver(sandbox, deliveryId) {
		await control(sandbox, `/_sandbox/webhooks/${encodeURIComponent(deliveryId)}/redeliver`);
	},
	deliveredBody(sandbox, deliveryId) {
		const event = pinddpayView(sandbox).events.find((candidate) => candidate.eventId === deliveryId);
		if (!event) throw new Error(`unknown event ${deliveryId}`);
		return event.body;
	},
	freshEventBody: (sandbox) => pinddpayFreshEvent(sandbox),
	// The token does not depend on the body or time (the default "MD5 of the secret" reading).
	signedHeaders: (sandbox) => ({ 'Content-Type': 'application/json', 'sign-token': md5Upper(pinddpayView(sandbox).options.secret) }),
	staleDelivery(sandbox) {
		const event = pinddpayFreshEvent(sandbox, new Date(Date.now() - STALE_SECONDS * 1000));
		return { ...event, headers: { 'Content-Type': 'application/json', 'sign-token': md5Upper(pinddpayView(sandbox).options.secret) } };
	},
	forgedHeaders: () => ({ 'Content-Type': 'application/json', 'sign-token': md5Upper(randomBytes(16).toString('hex')) }),
	unsignedHeaders: () => ({ 'Content-Type': 'application/json' }),
	ack: { status: 200, contentType: /^application\/json/, body: '{}' },
	eventKeyOfItem: (item) => (typeof item.eventId === 'string' ? item.eventId : undefined),
};

// ---------- Cashy: Sign = upper MD5(rawBody + apiKey), no timestamp, plain-text SUCCESS ----------

interface CashySandboxView extends SandboxHandle {
	options: { apiKey: string; merchantId: string };
	payIns: ReadonlyMap<string, { orderNo: string; mchOrderNo: string; status: string; amount: bigint; notifyUrl: string }>;
	notifications: ReadonlyArray<{ id: string; kind: string; url: string; body: string; sign: string }>;
}

const cashyView = (sandbox: SandboxHandle) => sandbox as CashySandboxView;
const cashySign = (body: string, key: string) => createHash('md5').update(body, 'utf8').update(key, 'utf8').digest('hex').toUpperCase();

const cashy: GatewayE2E = {
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
	async redeliver(sandbox, deliveryId) {
		await control(sandbox, `/_sandbox/notifications/${encodeURIComponent(deliveryId)}/redeliver`);
	},
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

export const E2E_GATEWAYS: GatewayE2E[] = [ironixPay, payKka, pinddpay, cashy];
