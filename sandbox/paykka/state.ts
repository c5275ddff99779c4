/**
 * The sandbox's records (sessions, orders, refunds, tokens, recurring agreements) and how
 * PayKKa shows them: the views follow the response examples of the docs (SessionRespDto in the
 * v1.2 reference, the transaction query and refund answers of the v3 reference).
 */
import { createHash, randomBytes } from 'crypto';

import type { ApiVersion } from './constants';
import type { Json } from './envelope';

/** A merchant as the state sees it (keys live in the verifier). */
export interface MerchantInfo {
	merchantId: string;
	appId: string;
	apiVersion: ApiVersion;
}

/** Who sent a request: the merchant the signature identified, on its API version. */
export interface Caller {
	merchantId: string;
	apiVersion: ApiVersion;
}

/** A merchant's reference (trans_id, refund_trans_id) is unique per merchant. */
export function byMerchant(merchantId: string, reference: string): string {
	return `${merchantId}\u0000${reference}`;
}

export interface Balances {
	authed: number;
	captured: number;
	voided: number;
	refunded: number;
	/** Still capturable/voidable (false after capture or void). */
	open: boolean;
}

export interface SessionRecord {
	merchant_id: string;
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
	merchant_id: string;
	order_id: string;
	trans_id: string;
	/** The checkout session it was paid in; none for a merchant-initiated payment. */
	session_id?: string;
	/** Merchant-initiated payments: the request's business fields, for a repeated trans_id. */
	fingerprint?: string;
	status: string;
	amount: number;
	currency: string;
	payment_type: string;
	capture_method: string;
	card: { bin: string; last4: string; card_brand: string };
	/** The sandbox's test card behind it (never shown). */
	card_number?: string;
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
	merchant_id: string;
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
	merchant_id?: string;
	/** The API version it was signed for. */
	apiVersion?: ApiVersion;
	url?: string;
	body: string;
}

/** A stored card: whose it is and which test card it was (its outcome decides a later charge). */
export interface TokenRecord {
	merchant_id: string;
	shopper_reference: string;
	card: { bin: string; last4: string; card_brand: string };
	card_number: string;
	token_usage: string;
}

export interface RequestLogEntry {
	path: string;
	body: string;
	status: number;
	ret_code: string;
}

function digits(count: number): string {
	return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}

/** PayKKa-style IDs: prefix + 17 digits (GW order, CS session, RG refund, TK token, DG dispute). */
export function newId(prefix: string): string {
	return `${prefix}${Date.now().toString().slice(-10)}${digits(7)}`;
}

export function randomDigits(count: number): string {
	return digits(count);
}

/** ISO-8601 with offset, as in the docs' examples: v3 `2025-03-08T10:00:00+08:00`, v1.2 `2023-11-24T11:34:37+0800` (https://open-aq-paykka.apifox.cn). */
export function isoWithOffset(ms: number, version: ApiVersion = 'v3'): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, version === 'v1.2' ? '+0000' : '+00:00');
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
export function fingerprint(body: Json): string {
	const business = { ...body };
	delete business.timestamp;
	return createHash('sha256').update(canonicalJson(business)).digest('hex');
}

/** Everything the sandbox keeps, shared by the resource modules. */
export class PayKkaState {
	readonly sessions = new Map<string, SessionRecord>(); // by session_id
	readonly sessionsByTransId = new Map<string, SessionRecord>(); // by byMerchant(merchant_id, trans_id)
	readonly orders = new Map<string, OrderRecord>(); // by order_id
	readonly ordersByTransId = new Map<string, OrderRecord>(); // merchant-initiated payments, by byMerchant(merchant_id, trans_id)
	readonly refunds = new Map<string, RefundRecord>(); // by refund_order_id
	readonly refundsByTransId = new Map<string, RefundRecord>(); // by byMerchant(merchant_id, refund_trans_id)
	readonly tokens = new Map<string, TokenRecord>();
	readonly merchants = new Map<string, MerchantInfo>();
	readonly agreements = new Map<
		string,
		{ status: 'ACTIVE' | 'CANCELED'; merchant_id: string; card_number: string; card: { bin: string; last4: string; card_brand: string } }
	>();
	readonly notifications: NotificationRecord[] = [];
	readonly requests: RequestLogEntry[] = [];
	baseUrl = '';
	webhookUrl: string | undefined;

	/** `merchantId`: the first merchant (the one the sandbox's merchantId names). */
	constructor(readonly merchantId: string) {}

	versionOf(merchantId: string): ApiVersion {
		return this.merchants.get(merchantId)?.apiVersion ?? 'v3';
	}

	expireDueSessions(): void {
		const now = Date.now();
		for (const session of this.sessions.values()) {
			if (session.status === 'PROCESSING' && !session.order_id && session.expireAt <= now) session.status = 'EXPIRED';
		}
	}

	balancesView(order: OrderRecord): Json {
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

	orderView(order: OrderRecord): Json {
		return {
			merchant_id: order.merchant_id,
			trans_id: order.trans_id,
			order_id: order.order_id,
			...(order.session_id ? { session_id: order.session_id } : {}),
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
			balances: this.balancesView(order),
		};
	}

	sessionView(session: SessionRecord): Json {
		return {
			error_code: '0000',
			error_description: 'request success',
			merchant_id: session.merchant_id,
			trans_id: session.trans_id,
			session_id: session.session_id,
			session_mode: session.request.session_mode,
			status: session.status,
			amount: session.amount,
			currency: session.currency,
			expire_time: isoWithOffset(session.expireAt, this.versionOf(session.merchant_id)),
			authorisation_type: session.request.authorisation_type ?? 'FINAL_AUTH',
			capture_method: session.request.capture_method ?? 'AUTOMATIC',
			session_url: session.session_url,
			...(session.order_id ? { order_id: session.order_id } : {}),
		};
	}

	refundView(refund: RefundRecord): Json {
		return {
			merchant_id: refund.merchant_id,
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
}
