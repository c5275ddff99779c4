/**
 * The sandbox's records (sessions, orders, refunds, tokens, recurring agreements) and how
 * PayKKa shows them: the views follow the response examples of the docs (SessionRespDto in the
 * v1.2 reference, the transaction query and refund answers of the v3 reference).
 */
import { createHash, randomBytes } from 'crypto';

import type { Json } from './envelope';

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

/** ISO-8601 with offset, as in the docs' examples (`2025-03-08T10:00:00+08:00`). */
export function isoWithOffset(ms: number): string {
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
export function fingerprint(body: Json): string {
	const business = { ...body };
	delete business.timestamp;
	return createHash('sha256').update(canonicalJson(business)).digest('hex');
}

/** Everything the sandbox keeps, shared by the resource modules. */
export class PayKkaState {
	readonly sessions = new Map<string, SessionRecord>(); // by session_id
	readonly sessionsByTransId = new Map<string, SessionRecord>();
	readonly orders = new Map<string, OrderRecord>(); // by order_id
	readonly refunds = new Map<string, RefundRecord>(); // by refund_order_id
	readonly refundsByTransId = new Map<string, RefundRecord>();
	readonly tokens = new Map<string, { shopper_reference: string }>();
	readonly agreements = new Map<string, { status: 'ACTIVE' | 'CANCELED' }>();
	readonly notifications: NotificationRecord[] = [];
	readonly requests: RequestLogEntry[] = [];
	baseUrl = '';
	webhookUrl: string | undefined;

	constructor(readonly merchantId: string) {}

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
			merchant_id: this.merchantId,
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
			balances: this.balancesView(order),
		};
	}

	sessionView(session: SessionRecord): Json {
		return {
			error_code: '0000',
			error_description: 'request success',
			merchant_id: this.merchantId,
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

	refundView(refund: RefundRecord): Json {
		return {
			merchant_id: this.merchantId,
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
