/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Local stand-in for PayKKa's v3 acquiring API (spec: specs/paykka.md, part A and C). Speaks the
 * wire format: every call is a POST with JSON, signed by the merchant (x-paykka-* headers,
 * SHA256withRSA over METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY) and answered with the
 * {ret_code, ret_msg, data} envelope signed by a sandbox platform key. Keeps sessions, orders
 * (PROCESSING -> AUTHORIZED -> SUCCESS / CANCELED / FAILURE, refunds to PARTIALLY_REFUNDED /
 * REFUNDED), refunds, tokens and recurring agreements, and posts signed notifications with
 * retries. Signature checks are written here with plain crypto, independently of the node.
 * Test-only controls live under /_sandbox/ and need no signature.
 */
import { createHash, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'crypto';
import { readFileSync } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import * as path from 'path';

import { currencyExponent, minorToDecimal } from '../../nodes/shared/money';
import { ENDPOINTS, type EndpointName } from '../../nodes/PayKka/constants';
import { header, Router, sendText, startHttpServer } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';

export const PAYKKA_SANDBOX_MERCHANT_ID = '18356675194960';
export const PAYKKA_SANDBOX_APP_ID = '978594372956732';
/** The test vector the sandbox trusts by default: `../shared/vectors/` resolved from the repo root. */
export const PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE = path.resolve(__dirname, '../../../shared/vectors/paykka_test_merchant_public_spki.pem');

/** Test cards (spec A9): success, decline (2099), and a card that needs 3-D Secure. */
export const PAYKKA_TEST_CARDS = {
	success: '4242424242424242',
	successMastercard: '5555555555554444',
	decline: '4000000000000002',
	threeDSecure: '4000000000003220',
};

const SIGNATURE_WINDOW_MS = 5 * 60_000;
const SESSION_TTL_MS = 30 * 60_000;
/** [ASSUMPTION] spec A7: retry non-2xx or timeouts (10 s) after 1m, 5m, 15m, 1h, 6h. */
const WEBHOOK_DELAYS_MS = [0, 60_000, 300_000, 900_000, 3_600_000, 21_600_000];
const WEBHOOK_TIMEOUT_MS = 10_000;
const REASONS = ['DUPLICATE', 'FRAUDULENT', 'REQUESTED_BY_CUSTOMER', 'OTHER'];

export interface PayKkaSandboxOptions {
	port?: number;
	merchantId?: string;
	/** Accepted in x-paykka-appid besides the merchant ID. */
	appId?: string;
	/** Public key (PEM) the merchant's request signatures are checked with; defaults to the test vector. */
	merchantPublicKeyPem?: string;
	/** Platform key pair signing responses and notifications; generated at start when not given. */
	platformPrivateKeyPem?: string;
	platformPublicKeyPem?: string;
	/**
	 * When set, every notification goes here instead of the order's notify_url (e.g. a local n8n
	 * behind the CLI's --paykka-webhook-url). Unset: each order's or refund's notify_url.
	 */
	webhookUrl?: string;
	/** Multiplies notification retry delays (e.g. 0.001 in tests). */
	timeScale?: number;
	webhookDelaysMs?: number[];
	maxWebhookAttempts?: number;
}

type Json = Record<string, unknown>;

export interface Balances {
	authed: number;
	captured: number;
	voided: number;
	refunded: number;
	/** Still capturable/voidable (false after capture or void). */
	open: boolean;
}

export interface SessionRecord {
	session_id: string;
	trans_id: string;
	fingerprint: string;
	request: Json;
	status: 'PROCESSING' | 'SUCCESS' | 'FAILURE' | 'EXPIRED';
	amount: number;
	currency: string;
	expireAt: number;
	session_url: string;
	order_id?: string;
}

export interface OrderRecord {
	order_id: string;
	trans_id: string;
	session_id: string;
	status: string;
	amount: number;
	currency: string;
	payment_type: string;
	capture_method: string;
	card: { bin: string; last4: string; card_brand: string };
	balances: Balances;
	notify_url?: string;
	shopper_reference?: string;
	token?: string;
	recurring_agreement_id?: string;
	error_code?: string;
	error_description?: string;
	authentication_url?: string;
	pay_finish_time?: string;
}

export interface RefundRecord {
	refund_order_id: string;
	refund_trans_id: string;
	fingerprint: string;
	ori_order_id: string;
	trans_id: string;
	amount: number;
	currency: string;
	reason?: string;
	status: string;
	notify_url?: string;
	created_at: string;
}

export interface NotificationRecord {
	id: string;
	type: string;
	url?: string;
	body: string;
}

export interface RequestLogEntry {
	path: string;
	body: string;
	status: number;
	ret_code: string;
}

export interface PayKkaSandbox {
	url: string;
	port: number;
	merchantId: string;
	appId: string;
	/** PEM of the sandbox platform public key: put it in the credential's Platform Public Key. */
	platformPublicKeyPem: string;
	dispatcher: WebhookDispatcher;
	sessions: ReadonlyMap<string, SessionRecord>;
	orders: ReadonlyMap<string, OrderRecord>;
	refunds: ReadonlyMap<string, RefundRecord>;
	notifications: readonly NotificationRecord[];
	/** Every API call received (controls excluded), with the ret_code answered. */
	requests: readonly RequestLogEntry[];
	setWebhookUrl(url: string | undefined): void;
	close(): Promise<void>;
}

interface Reply {
	status: number;
	body: Json;
}

/** An answer that is not a success: HTTP status + ret_code + ret_msg. */
class PayKkaError extends Error {
	constructor(
		readonly status: number,
		readonly retCode: string,
		message: string,
	) {
		super(message);
	}
}

const invalid = (detail: string) => new PayKkaError(400, '010000', `Invalid request, parameter error: ${detail}`);
const refused = (detail: string) => new PayKkaError(200, '010000', detail);
const orderMissing = () => new PayKkaError(200, '206024', "The order doesn't exist");

const success = (data?: Json): Reply => ({
	status: 200,
	body: data === undefined ? { ret_code: '000000', ret_msg: 'Success' } : { ret_code: '000000', ret_msg: 'Success', data },
});

// ---------- pure helpers ----------

function digits(count: number): string {
	return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}

/** PayKKa-style IDs: prefix + 17 digits (GW order, CS session, RG refund, TK token, DG dispute). */
function newId(prefix: string): string {
	return `${prefix}${Date.now().toString().slice(-10)}${digits(7)}`;
}

function isoWithOffset(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Json)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** Business fields only: the body `timestamp` changes on every send and is not part of the order. */
function fingerprint(body: Json): string {
	const business = { ...body };
	delete business.timestamp;
	return createHash('sha256').update(canonicalJson(business)).digest('hex');
}

function text(body: Json, field: string, options: { required?: boolean; max?: number } = {}): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		if (options.required) throw invalid(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'string') throw invalid(`${field} must be a string`);
	if (options.max !== undefined && value.length > options.max) throw invalid(`${field} must be at most ${options.max} characters`);
	return value;
}

function oneOf(body: Json, field: string, allowed: string[], fallback?: string): string {
	const value = text(body, field, { required: fallback === undefined }) ?? fallback!;
	if (!allowed.includes(value)) throw invalid(`${field} must be one of ${allowed.join(', ')}`);
	return value;
}

function minorUnits(body: Json, field: string, required: boolean): number | undefined {
	const value = body[field];
	if (value === undefined || value === null) {
		if (required) throw invalid(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
		throw invalid(`${field} must be a positive integer in the currency's minor unit`);
	}
	return value;
}

function urlField(body: Json, field: string, required = false): string | undefined {
	const value = text(body, field, { required, max: 512 });
	if (value === undefined) return undefined;
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw invalid(`${field} must be an http(s) URL`);
}

function money(amount: number, currency: string): string {
	return `${minorToDecimal(amount, currencyExponent(currency))} ${currency}`;
}

function loadPublicKey(pem: string | undefined): KeyObject {
	if (pem !== undefined) return createPublicKey(pem);
	let vector: string | undefined;
	try {
		vector = readFileSync(PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE, 'utf8');
	} catch {
		vector = undefined;
	}
	if (vector === undefined) {
		throw new Error(`PayKKa sandbox: no merchantPublicKeyPem given and ${PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE} is not readable`);
	}
	return createPublicKey(vector);
}

function stringToSign(method: string, signedPath: string, timestamp: string, nonce: string, body: Buffer | string): Buffer {
	return Buffer.concat([
		Buffer.from(`${method}\n${signedPath}\n${timestamp}\n${nonce}\n`, 'utf8'),
		typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
	]);
}

// ---------- the sandbox ----------

export async function startPayKkaSandbox(options: PayKkaSandboxOptions = {}): Promise<PayKkaSandbox> {
	const merchantId = options.merchantId ?? PAYKKA_SANDBOX_MERCHANT_ID;
	const appId = options.appId ?? PAYKKA_SANDBOX_APP_ID;
	const merchantPublicKey = loadPublicKey(options.merchantPublicKeyPem);
	let platformPrivateKey: KeyObject;
	let platformPublicKeyPem: string;
	if (options.platformPrivateKeyPem) {
		platformPrivateKey = createPrivateKey(options.platformPrivateKeyPem);
		platformPublicKeyPem =
			options.platformPublicKeyPem ?? (createPublicKey(platformPrivateKey).export({ type: 'spki', format: 'pem' }) as string);
	} else {
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		platformPrivateKey = pair.privateKey;
		platformPublicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
	}
	let webhookUrl = options.webhookUrl;

	const sessions = new Map<string, SessionRecord>(); // by session_id
	const sessionsByTransId = new Map<string, SessionRecord>();
	const orders = new Map<string, OrderRecord>(); // by order_id
	const refunds = new Map<string, RefundRecord>(); // by refund_order_id
	const refundsByTransId = new Map<string, RefundRecord>();
	const tokens = new Map<string, { shopper_reference: string }>();
	const agreements = new Map<string, { status: 'ACTIVE' | 'CANCELED' }>();
	const notifications: NotificationRecord[] = [];
	const requests: RequestLogEntry[] = [];
	const seenNonces = new Map<string, number>();
	let baseUrl = '';

	const dispatcher = new WebhookDispatcher({
		delaysMs: options.webhookDelaysMs ?? WEBHOOK_DELAYS_MS,
		maxAttempts: options.maxWebhookAttempts ?? WEBHOOK_DELAYS_MS.length,
		timeScale: options.timeScale ?? 1,
		timeoutMs: WEBHOOK_TIMEOUT_MS,
		isAcknowledged: (status) => status >= 200 && status < 300,
	});

	function platformSign(method: string, signedPath: string, body: string): Record<string, string> {
		const timestamp = String(Date.now());
		const nonce = randomBytes(16).toString('hex');
		const signature = createSign('RSA-SHA256').update(stringToSign(method, signedPath, timestamp, nonce, body)).sign(platformPrivateKey, 'base64');
		return {
			'x-paykka-timestamp': timestamp,
			'x-paykka-nonce': nonce,
			'x-paykka-sign-alg': 'SHA256_WITH_RSA',
			'x-paykka-sign': encodeURIComponent(signature),
		};
	}

	// ----- notifications -----

	function notify(type: string, payload: Json, url: string | undefined): void {
		const id = newId('NT');
		const body = JSON.stringify(payload);
		const target = webhookUrl ?? url;
		notifications.push({ id, type, url: target, body });
		if (!target) return;
		dispatcher.enqueue({
			url: target,
			eventId: id,
			body,
			// Fresh timestamp, nonce and signature for every attempt, over the notify URL's path.
			headers: () => ({
				'Content-Type': 'application/json',
				'x-paykka-appid': appId,
				...platformSign('POST', new URL(target).pathname, body),
			}),
		});
	}

	const NOTIFY_TYPES: Record<string, string> = {
		AUTHORIZED: 'PAYMENT.AUTHORIZATION',
		SUCCESS: 'PAYMENT.SUCCESS',
		FAILURE: 'PAYMENT.FAILURE',
		CANCELED: 'PAYMENT.CANCELED',
	};

	function notifyPayment(order: OrderRecord): void {
		const type = NOTIFY_TYPES[order.status];
		if (!type) return;
		const session = sessions.get(order.session_id);
		notify(
			type,
			{
				notify_type: type,
				merchant_id: merchantId,
				trans_id: order.trans_id,
				order_id: order.order_id,
				status: order.status,
				amount: order.amount,
				currency: order.currency,
				session_id: order.session_id,
				...(order.shopper_reference ? { shopper_reference: order.shopper_reference } : {}),
				...(order.token ? { token: order.token } : {}),
				...(order.recurring_agreement_id ? { recurring_agreement_id: order.recurring_agreement_id } : {}),
				...(order.error_code ? { error_code: order.error_code, error_description: order.error_description } : {}),
				pay_finish_time: order.pay_finish_time,
				expire_time: session ? isoWithOffset(session.expireAt) : undefined,
				payment: { payment_method: 'BANKCARD' },
				card_info: order.card,
			},
			order.notify_url,
		);
	}

	// ----- views -----

	function balancesView(order: OrderRecord): Json {
		const b = order.balances;
		return {
			authed_amount: b.authed,
			captured_amount: b.captured,
			able_to_capture_amount: b.open ? b.authed : 0,
			voided_amount: b.voided,
			able_to_void_amount: b.open ? b.authed : 0,
			refunded_amount: b.refunded,
			able_to_refund_amount: b.captured - b.refunded,
		};
	}

	function orderView(order: OrderRecord): Json {
		return {
			merchant_id: merchantId,
			trans_id: order.trans_id,
			order_id: order.order_id,
			session_id: order.session_id,
			status: order.status,
			payment_type: order.payment_type,
			authorisation_type: 'FINAL_AUTH',
			capture_method: order.capture_method,
			amount: order.amount,
			currency: order.currency,
			...(order.error_code ? { error_code: order.error_code, error_description: order.error_description } : {}),
			...(order.pay_finish_time ? { pay_finish_time: order.pay_finish_time } : {}),
			...(order.token ? { token: order.token } : {}),
			...(order.shopper_reference ? { shopper_reference: order.shopper_reference } : {}),
			...(order.recurring_agreement_id ? { recurring_agreement_id: order.recurring_agreement_id } : {}),
			...(order.authentication_url ? { authentication_result: { authentication_url: order.authentication_url } } : {}),
			payment: { payment_method: 'BANKCARD' },
			card_info: order.card,
			balances: balancesView(order),
		};
	}

	function sessionView(session: SessionRecord): Json {
		return {
			error_code: '0000',
			error_description: 'request success',
			merchant_id: merchantId,
			trans_id: session.trans_id,
			session_id: session.session_id,
			session_mode: session.request.session_mode,
			status: session.status,
			amount: session.amount,
			currency: session.currency,
			expire_time: isoWithOffset(session.expireAt),
			authorisation_type: session.request.authorisation_type ?? 'FINAL_AUTH',
			capture_method: session.request.capture_method ?? 'AUTOMATIC',
			session_url: session.session_url,
			...(session.order_id ? { order_id: session.order_id } : {}),
		};
	}

	function refundView(refund: RefundRecord): Json {
		return {
			merchant_id: merchantId,
			refund_trans_id: refund.refund_trans_id,
			refund_order_id: refund.refund_order_id,
			ori_order_id: refund.ori_order_id,
			status: refund.status,
			amount: refund.amount,
			currency: refund.currency,
			...(refund.reason ? { reason: refund.reason } : {}),
			create_time: refund.created_at,
		};
	}

	function expireDueSessions(): void {
		const now = Date.now();
		for (const session of sessions.values()) {
			if (session.status === 'PROCESSING' && !session.order_id && session.expireAt <= now) session.status = 'EXPIRED';
		}
	}

	function findOrder(orderId: string | undefined): OrderRecord {
		const order = orderId === undefined ? undefined : orders.get(orderId);
		if (!order) throw orderMissing();
		return order;
	}

	// ----- API operations -----

	function createSession(body: Json): Reply {
		const transId = text(body, 'trans_id', { required: true, max: 64 })!;
		const existing = sessionsByTransId.get(transId);
		if (existing) {
			// One trans_id = one session (spec A6.1, A11.7): the same request gets the same session.
			if (existing.fingerprint !== fingerprint(body)) {
				throw refused(`trans_id ${transId} was already used with different parameters`);
			}
			return success(sessionView(existing));
		}
		oneOf(body, 'payment_type', ['PURCHASE', 'RECURRING']);
		oneOf(body, 'session_mode', ['HOSTED', 'DROP_IN', 'COMPONENT']);
		oneOf(body, 'capture_method', ['AUTOMATIC', 'MANUAL'], 'AUTOMATIC');
		oneOf(body, 'authorisation_type', ['FINAL_AUTH'], 'FINAL_AUTH');
		const currency = text(body, 'currency', { required: true })!;
		if (!/^[A-Z]{3}$/.test(currency)) throw invalid('currency must be an ISO 4217 code');
		const amount = minorUnits(body, 'amount', true)!;
		urlField(body, 'return_url', true);
		urlField(body, 'notify_url');
		urlField(body, 'cancel_url');
		const payment = (body.payment ?? {}) as Json;
		if (payment.store_payment_method === true && !payment.shopper_reference) {
			throw new PayKkaError(200, '210002', 'shopperReference cannot be empty');
		}
		if (body.goods !== undefined && !Array.isArray(body.goods)) throw invalid('goods must be an array');
		for (const good of (body.goods ?? []) as Json[]) minorUnits(good, 'price', false);
		let expireAt = Date.now() + SESSION_TTL_MS;
		const expireTime = text(body, 'expire_time');
		if (expireTime !== undefined) {
			expireAt = Date.parse(expireTime);
			if (Number.isNaN(expireAt) || !/([+-]\d{2}:?\d{2}|Z)$/.test(expireTime)) {
				throw invalid('expire_time must be an ISO-8601 date-time with offset');
			}
		}
		const sessionId = newId('CS');
		const session: SessionRecord = {
			session_id: sessionId,
			trans_id: transId,
			fingerprint: fingerprint(body),
			request: body,
			status: 'PROCESSING',
			amount,
			currency,
			expireAt,
			session_url: `${baseUrl}/checkout/${sessionId}`,
		};
		sessions.set(sessionId, session);
		sessionsByTransId.set(transId, session);
		return success(sessionView(session));
	}

	function querySession(body: Json): Reply {
		const sessionId = text(body, 'session_id');
		const transId = text(body, 'trans_id');
		if (!sessionId && !transId) throw invalid('session_id is required');
		const session = sessionId ? sessions.get(sessionId) : sessionsByTransId.get(transId!);
		if (!session) throw new PayKkaError(200, '206011', 'The session does not exist');
		return success(sessionView(session));
	}

	function queryPayment(body: Json): Reply {
		const transId = text(body, 'trans_id');
		const orderId = text(body, 'order_id');
		const sessionId = text(body, 'session_id');
		if (!transId && !orderId && !sessionId) throw invalid('trans_id, order_id and session_id cannot all be empty');
		const session = sessionId ? sessions.get(sessionId) : transId ? sessionsByTransId.get(transId) : undefined;
		const order = orders.get(orderId ?? session?.order_id ?? '');
		if (!order) throw orderMissing();
		return success(orderView(order));
	}

	function capture(body: Json): Reply {
		const order = findOrder(text(body, 'order_id', { required: true }));
		const amount = minorUnits(body, 'amount', false) ?? order.balances.authed;
		const currency = text(body, 'currency');
		if (currency !== undefined && currency !== order.currency) throw invalid(`currency must be ${order.currency}, the order's currency`);
		if (order.status !== 'AUTHORIZED' || !order.balances.open) {
			throw refused(`Order ${order.order_id} is ${order.status}; only AUTHORIZED orders can be captured`);
		}
		if (amount > order.balances.authed) {
			throw refused(`amount ${money(amount, order.currency)} exceeds able_to_capture_amount ${money(order.balances.authed, order.currency)}`);
		}
		order.balances.captured = amount;
		order.balances.open = false;
		order.status = 'SUCCESS';
		notifyPayment(order);
		return success(orderView(order));
	}

	function voidOrder(body: Json): Reply {
		const order = findOrder(text(body, 'order_id', { required: true }));
		if (body.reason !== undefined) oneOf(body, 'reason', REASONS);
		if (order.status !== 'AUTHORIZED' || !order.balances.open) {
			throw refused(`Order ${order.order_id} is ${order.status}; only AUTHORIZED orders can be voided`);
		}
		order.balances.voided = order.balances.authed;
		order.balances.open = false;
		order.status = 'CANCELED';
		notifyPayment(order);
		return success();
	}

	function refund(body: Json): Reply {
		const refundTransId = text(body, 'refund_trans_id', { required: true, max: 64 })!;
		const existing = refundsByTransId.get(refundTransId);
		if (existing) {
			if (existing.fingerprint !== fingerprint(body)) {
				throw refused(`refund_trans_id ${refundTransId} was already used with different parameters`);
			}
			return success(refundView(existing));
		}
		const order = findOrder(text(body, 'ori_order_id', { required: true }));
		const amount = minorUnits(body, 'refund_amount', true)!;
		const currency = text(body, 'currency', { required: true });
		if (currency !== order.currency) throw invalid(`currency must be ${order.currency}, the order's currency`);
		const reason = body.reason === undefined ? undefined : oneOf(body, 'reason', REASONS);
		const notifyUrl = urlField(body, 'notify_url');
		if (order.status !== 'SUCCESS' && order.status !== 'PARTIALLY_REFUNDED') {
			throw refused(`Order ${order.order_id} is ${order.status}; only captured orders can be refunded`);
		}
		const refundable = order.balances.captured - order.balances.refunded;
		if (amount > refundable) {
			throw refused(
				`refund_amount ${money(amount, order.currency)} exceeds the refundable amount ${money(refundable, order.currency)} (able_to_refund_amount ${refundable})`,
			);
		}
		const record: RefundRecord = {
			refund_order_id: newId('RG'),
			refund_trans_id: refundTransId,
			fingerprint: fingerprint(body),
			ori_order_id: order.order_id,
			trans_id: order.trans_id,
			amount,
			currency: order.currency,
			reason,
			status: 'SUCCESS',
			notify_url: notifyUrl ?? order.notify_url,
			created_at: isoWithOffset(Date.now()),
		};
		refunds.set(record.refund_order_id, record);
		refundsByTransId.set(refundTransId, record);
		order.balances.refunded += amount;
		order.status = order.balances.refunded === order.balances.captured ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
		// Refund notifications: trans_id is the merchant's refund number (spec A7).
		notify(
			'REFUND.SUCCESS',
			{
				notify_type: 'REFUND.SUCCESS',
				merchant_id: merchantId,
				trans_id: refundTransId,
				order_id: order.order_id,
				refund_order_id: record.refund_order_id,
				status: 'SUCCESS',
				amount,
				currency: order.currency,
			},
			record.notify_url,
		);
		return success(refundView(record));
	}

	function queryRefund(body: Json): Reply {
		const refundTransId = text(body, 'refund_trans_id');
		const refundOrderId = text(body, 'refund_order_id');
		if (!refundTransId && !refundOrderId) throw invalid('refund_trans_id or refund_order_id is required');
		const record = refundOrderId ? refunds.get(refundOrderId) : refundsByTransId.get(refundTransId!);
		if (!record) throw orderMissing();
		return success(refundView(record));
	}

	function removeToken(body: Json): Reply {
		const token = text(body, 'token', { required: true, max: 64 })!;
		const shopperReference = text(body, 'shopper_reference', { required: true, max: 64 })!;
		if (typeof body.timestamp !== 'number') throw invalid('timestamp is required');
		const record = tokens.get(token);
		if (!record || record.shopper_reference !== shopperReference) {
			throw refused(`Token ${token} does not exist for shopper_reference ${shopperReference}`);
		}
		tokens.delete(token);
		return success();
	}

	function cancelAgreement(body: Json): Reply {
		const id = text(body, 'recurring_agreement_id', { required: true })!;
		const agreement = agreements.get(id);
		if (!agreement) throw new PayKkaError(200, '2015', 'Recurring payment agreement does not exist');
		if (agreement.status !== 'ACTIVE') throw new PayKkaError(200, '2016', 'Recurring payment agreement is not active');
		agreement.status = 'CANCELED';
		return success();
	}

	const handlers: Record<EndpointName, (body: Json) => Reply> = {
		sessionCreate: createSession,
		sessionQuery: querySession,
		paymentQuery: queryPayment,
		paymentCapture: capture,
		paymentVoid: voidOrder,
		refundCreate: refund,
		refundQuery: queryRefund,
		tokenRemove: removeToken,
		recurringCancel: cancelAgreement,
	};
	const api = new Map<string, (body: Json) => Reply>(
		(Object.keys(handlers) as EndpointName[]).map((name) => [ENDPOINTS[name].path, handlers[name]]),
	);

	// ----- shopper side (what the hosted page and 3-D Secure would do) -----

	const CARDS: Record<string, { brand: string; outcome: 'success' | 'decline' | '3ds' }> = {
		[PAYKKA_TEST_CARDS.success]: { brand: 'VISA', outcome: 'success' },
		[PAYKKA_TEST_CARDS.successMastercard]: { brand: 'MASTERCARD', outcome: 'success' },
		[PAYKKA_TEST_CARDS.decline]: { brand: 'VISA', outcome: 'decline' },
		[PAYKKA_TEST_CARDS.threeDSecure]: { brand: 'VISA', outcome: '3ds' },
	};

	function settle(order: OrderRecord, approved: boolean): void {
		const session = sessions.get(order.session_id)!;
		order.authentication_url = undefined;
		order.pay_finish_time = isoWithOffset(Date.now());
		if (!approved) {
			order.status = 'FAILURE';
			order.error_code = '2099';
			order.error_description = 'Invalid Card';
			order.balances.open = false;
			session.status = 'FAILURE';
			notifyPayment(order);
			return;
		}
		order.balances.authed = order.amount;
		if (order.capture_method === 'MANUAL') {
			order.status = 'AUTHORIZED';
		} else {
			order.status = 'SUCCESS';
			order.balances.captured = order.amount;
			order.balances.open = false;
		}
		const payment = (session.request.payment ?? {}) as Json;
		if (payment.store_payment_method === true && typeof payment.shopper_reference === 'string') {
			order.token = newId('TK');
			tokens.set(order.token, { shopper_reference: payment.shopper_reference });
		}
		if (order.payment_type === 'RECURRING') {
			order.recurring_agreement_id = newId('RA');
			agreements.set(order.recurring_agreement_id, { status: 'ACTIVE' });
		}
		session.status = 'SUCCESS';
		notifyPayment(order);
	}

	function completeSession(sessionId: string, cardNumber: string): OrderRecord {
		const session = sessions.get(sessionId);
		if (!session) throw new PayKkaError(404, '206011', 'The session does not exist');
		expireDueSessions();
		if (session.status !== 'PROCESSING' || session.order_id) {
			throw new PayKkaError(409, '010000', `Session ${sessionId} is ${session.status}${session.order_id ? ` with order ${session.order_id}` : ''}`);
		}
		const card = CARDS[cardNumber];
		if (!card) throw new PayKkaError(400, '206022', `Card not supported in the sandbox; use one of ${Object.keys(CARDS).join(', ')}`);
		const request = session.request;
		const payment = (request.payment ?? {}) as Json;
		const order: OrderRecord = {
			order_id: newId('GW'),
			trans_id: session.trans_id,
			session_id: sessionId,
			status: 'PROCESSING',
			amount: session.amount,
			currency: session.currency,
			payment_type: String(request.payment_type),
			capture_method: String(request.capture_method ?? 'AUTOMATIC'),
			card: { bin: cardNumber.slice(0, 6), last4: cardNumber.slice(-4), card_brand: card.brand },
			balances: { authed: 0, captured: 0, voided: 0, refunded: 0, open: true },
			notify_url: typeof request.notify_url === 'string' ? request.notify_url : undefined,
			shopper_reference: typeof payment.shopper_reference === 'string' ? payment.shopper_reference : undefined,
		};
		orders.set(order.order_id, order);
		session.order_id = order.order_id;
		if (card.outcome === '3ds') order.authentication_url = `${baseUrl}/3ds/${order.order_id}`;
		else settle(order, card.outcome === 'success');
		return order;
	}

	type Control = (body: Json, params: Record<string, string>) => Reply;
	const controls = new Router<Control>()
		.add('POST', '/_sandbox/sessions/:id/complete', (body, params) => {
			const order = completeSession(params.id, typeof body.card_number === 'string' ? body.card_number.replace(/\s+/g, '') : PAYKKA_TEST_CARDS.success);
			return { status: 200, body: orderView(order) };
		})
		.add('POST', '/_sandbox/sessions/:id/expire', (_body, params) => {
			const session = sessions.get(params.id);
			if (!session) throw new PayKkaError(404, '206011', 'The session does not exist');
			if (session.status !== 'PROCESSING' || session.order_id) throw new PayKkaError(409, '010000', `Session is ${session.status}`);
			session.status = 'EXPIRED';
			return { status: 200, body: sessionView(session) };
		})
		.add('POST', '/_sandbox/orders/:id/authenticate', (body, params) => {
			const order = orders.get(params.id);
			if (!order) throw orderMissing();
			if (!order.authentication_url) throw new PayKkaError(409, '010000', `Order ${order.order_id} is not waiting for 3-D Secure`);
			settle(order, body.success !== false && body.success !== 'false');
			return { status: 200, body: orderView(order) };
		})
		.add('POST', '/_sandbox/orders/:id/dispute', (body, params) => {
			const order = orders.get(params.id);
			if (!order) throw orderMissing();
			const payload = {
				event_type: 'DISPUTE',
				merchant_id: merchantId,
				merchant_name: 'Sandbox Merchant',
				trans_id: order.trans_id,
				order_id: order.order_id,
				dispute_id: newId('DG'),
				arn: digits(23),
				card_bin: order.card.bin,
				card_last4: order.card.last4,
				payment_method: 'BANKCARD',
				pay_finish_time: order.pay_finish_time,
				dispute_stage: typeof body.dispute_stage === 'string' ? body.dispute_stage : 'DISPUTE_CREATED',
				reason_code: typeof body.reason_code === 'string' ? body.reason_code : '10.4',
				reason_code_description: 'Other Fraud - Card Absent Environment',
				dispute_amount: order.balances.captured,
				dispute_currency: order.currency,
				order_amount: order.amount,
				order_currency: order.currency,
				dispute_time: isoWithOffset(Date.now()),
				due_time: isoWithOffset(Date.now() + 7 * 24 * 3_600_000),
			};
			notify('DISPUTE', payload, order.notify_url);
			return { status: 200, body: payload };
		})
		.add('POST', '/_sandbox/webhook-endpoint', (body) => {
			if (body.url !== null && body.url !== undefined && typeof body.url !== 'string') throw invalid('url must be a string or null');
			webhookUrl = (body.url as string | null | undefined) ?? undefined;
			return { status: 200, body: { url: webhookUrl ?? null } };
		})
		.add('POST', '/_sandbox/notifications/:id/redeliver', (_body, params) => {
			const record = notifications.find((notification) => notification.id === params.id);
			if (!record?.url) throw new PayKkaError(404, '010000', `Notification ${params.id} was never sent`);
			dispatcher.redeliver(params.id);
			return { status: 200, body: { id: params.id } };
		})
		.add('GET', '/_sandbox/notifications', () => ({
			status: 200,
			body: { notifications, attempts: dispatcher.attempts },
		}))
		.add('GET', '/_sandbox/keys', () => ({ status: 200, body: { merchant_id: merchantId, app_id: appId, platform_public_key: platformPublicKeyPem } }))
		.add('GET', '/_sandbox/state', () => ({
			status: 200,
			body: {
				sessions: sessions.size,
				orders: [...orders.values()].map((order) => ({ order_id: order.order_id, status: order.status, balances: balancesView(order) })),
				refunds: refunds.size,
				tokens: tokens.size,
				notifications: notifications.length,
				webhook_url: webhookUrl ?? null,
			},
		}));

	// ----- request pipeline -----

	/** Checks the merchant's signature; throws the ret_code PayKKa answers (spec C). */
	function verifyRequest(req: IncomingMessage, requestPath: string, rawBody: Buffer): void {
		const sign = header(req, 'x-paykka-sign');
		const timestamp = header(req, 'x-paykka-timestamp');
		const nonce = header(req, 'x-paykka-nonce');
		const caller = header(req, 'x-paykka-appid');
		if (!sign) throw new PayKkaError(401, '206002', 'Signature not found');
		if (caller !== appId && caller !== merchantId) throw new PayKkaError(401, '206005', 'Merchant does not exist');
		if (header(req, 'x-paykka-sign-alg') !== 'SHA256_WITH_RSA') throw new PayKkaError(401, '206003', 'Signature error');
		if (!timestamp || !/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > SIGNATURE_WINDOW_MS) {
			throw new PayKkaError(401, '206004', 'Signature expired');
		}
		if (!nonce || nonce.length < 10 || nonce.length > 100) throw new PayKkaError(401, '206003', 'Signature error');
		let signature: Buffer | undefined;
		try {
			signature = Buffer.from(decodeURIComponent(sign), 'base64');
		} catch {
			signature = undefined;
		}
		const valid =
			signature !== undefined &&
			createVerify('RSA-SHA256')
				.update(stringToSign(req.method ?? '', requestPath, timestamp, nonce, rawBody))
				.verify(merchantPublicKey, signature);
		if (!valid) throw new PayKkaError(401, '206003', 'Signature error');
		// A nonce is good once inside the window (replay prevention).
		const now = Date.now();
		for (const [seen, at] of seenNonces) if (now - at > SIGNATURE_WINDOW_MS) seenNonces.delete(seen);
		if (seenNonces.has(nonce)) throw new PayKkaError(401, '206003', 'Signature error: nonce already used');
		seenNonces.set(nonce, now);
	}

	function parseBody(req: IncomingMessage, rawBody: Buffer): Json {
		if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) throw invalid('Content-Type must be application/json');
		let parsed: unknown;
		try {
			parsed = JSON.parse(rawBody.toString('utf8'));
		} catch {
			throw invalid('malformed JSON');
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('the body must be a JSON object');
		return parsed as Json;
	}

	function parseControlBody(req: IncomingMessage, rawBody: Buffer): Json {
		if (rawBody.length === 0) return {};
		if (/^application\/x-www-form-urlencoded/i.test(header(req, 'content-type') ?? '')) {
			return Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
		}
		return parseBody(req, rawBody);
	}

	function sendSigned(res: ServerResponse, method: string, signedPath: string, reply: Reply): string {
		const bodyText = JSON.stringify(reply.body);
		sendText(res, reply.status, bodyText, { 'Content-Type': 'application/json', ...platformSign(method, signedPath, bodyText) });
		return bodyText;
	}

	function htmlPage(title: string, body: string): string {
		return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
	}

	function shopperPage(res: ServerResponse, pathname: string): boolean {
		const checkout = /^\/checkout\/([A-Za-z0-9]+)$/.exec(pathname);
		if (checkout) {
			const session = sessions.get(checkout[1]);
			if (!session) sendText(res, 404, 'Unknown session');
			else {
				sendText(
					res,
					200,
					htmlPage(
						'PayKKa sandbox checkout',
						`<p>${session.trans_id}: ${money(session.amount, session.currency)} (${session.status})</p>` +
							`<form method="post" action="/_sandbox/sessions/${session.session_id}/complete"><input name="card_number" value="${PAYKKA_TEST_CARDS.success}"><button>Pay</button></form>`,
					),
					{ 'Content-Type': 'text/html; charset=utf-8' },
				);
			}
			return true;
		}
		const threeDs = /^\/3ds\/([A-Za-z0-9]+)$/.exec(pathname);
		if (threeDs) {
			sendText(
				res,
				200,
				htmlPage('PayKKa sandbox 3-D Secure', `<form method="post" action="/_sandbox/orders/${threeDs[1]}/authenticate"><button>Authenticate</button></form>`),
				{ 'Content-Type': 'text/html; charset=utf-8' },
			);
			return true;
		}
		return false;
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', baseUrl);
		const method = req.method ?? 'GET';
		expireDueSessions();
		if (url.pathname.startsWith('/_sandbox/')) {
			try {
				const control = controls.match(method, url.pathname);
				if (!control) throw new PayKkaError(404, '010000', `Unknown sandbox control ${method} ${url.pathname}`);
				const reply = control.handler(parseControlBody(req, rawBody), control.params);
				sendText(res, reply.status, JSON.stringify(reply.body), { 'Content-Type': 'application/json' });
			} catch (error) {
				const failure = error instanceof PayKkaError ? error : new PayKkaError(500, '999999', 'System exception');
				sendText(res, failure.status === 200 ? 409 : failure.status, JSON.stringify({ ret_code: failure.retCode, ret_msg: failure.message }), {
					'Content-Type': 'application/json',
				});
			}
			return;
		}
		if (method === 'GET' && shopperPage(res, url.pathname)) return;

		let reply: Reply;
		try {
			const operation = method === 'POST' ? api.get(url.pathname) : undefined;
			if (!operation) throw new PayKkaError(404, '010000', 'Invalid request');
			verifyRequest(req, url.pathname, rawBody);
			const body = parseBody(req, rawBody);
			if (body.merchant_id !== merchantId) throw new PayKkaError(200, '206005', 'Merchant does not exist');
			reply = operation(body);
		} catch (error) {
			const failure = error instanceof PayKkaError ? error : new PayKkaError(500, '999999', 'System exception');
			reply = { status: failure.status, body: { ret_code: failure.retCode, ret_msg: failure.message } };
		}
		sendSigned(res, method, url.pathname, reply);
		requests.push({ path: url.pathname, body: rawBody.toString('utf8'), status: reply.status, ret_code: String(reply.body.ret_code) });
	}

	const server = await startHttpServer(handle, { port: options.port ?? 0 });
	baseUrl = server.url;

	return {
		url: server.url,
		port: server.port,
		merchantId,
		appId,
		platformPublicKeyPem,
		dispatcher,
		sessions,
		orders,
		refunds,
		notifications,
		requests,
		setWebhookUrl: (url) => {
			webhookUrl = url;
		},
		close: async () => {
			dispatcher.stop();
			await server.close();
		},
	};
}
