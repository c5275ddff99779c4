/** What the Cashy sandbox remembers: orders, balance, requests received and notifications sent. */
import { randomInt } from 'crypto';

import type { RecordedRequest } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';
import { parseDecimal } from '../shared/decimal';
import { AMOUNT_DECIMALS, CASHY_NOTIFY_DELAYS_MS, CASHY_NOTIFY_MAX_ATTEMPTS, COLOMBIA_UTC_OFFSET_MS, ORDER_NOT_FOUND } from './constants';
import { CashyFailure, optionalText, type Body } from './fields';
import { toJson } from './json';
import { cashySign } from './signing';

export interface CashySandboxOptions {
	/** 0 = a free port (tests); the CLI uses 4104. */
	port?: number;
	merchantId?: string;
	apiKey?: string;
	/** Multiplies the notification retry delays (e.g. 0.0001 in tests). */
	timeScale?: number;
	/** Available and unavailable balance, decimal COP strings. */
	initialBalance?: string;
	initialUnavailableBalance?: string;
	/** [ASSUMPTION] fees: pay-in percentage in basis points, payout fixed fee in COP. */
	payInFeeBasisPoints?: number;
	payoutFee?: string;
	/** Opt-in ([ASSUMPTION], replay rejection is not documented): reject a nonceStr seen before with Params_nonceStr_error. */
	rejectRepeatedNonce?: boolean;
	/** Sends every notification here instead of the order's notifyUrl. */
	notifyUrlOverride?: string;
}

export type ResolvedCashyOptions = Required<Omit<CashySandboxOptions, 'notifyUrlOverride'>> & { notifyUrlOverride?: string };

export interface PayInRecord {
	orderNo: string;
	mchOrderNo: string;
	payType: number;
	/** Centavos. */
	amount: bigint;
	fee: bigint;
	status: 'PAYING' | 'SUCCESS' | 'FAIL' | 'CANCEL';
	notifyUrl: string;
	payCode: string;
	payUrl: string;
	channelOrderNo: string;
	completionTime?: string;
	request: Record<string, unknown>;
}

export interface PayoutRecord {
	orderNo: string;
	mchOrderNo: string;
	amount: bigint;
	fee: bigint;
	status: 'PROCESSING' | 'WAITING' | 'PAYING' | 'SUCCESS' | 'FAIL' | 'CANCEL';
	resultDesc?: string;
	notifyUrl: string;
	completionTime?: string;
	request: Record<string, unknown>;
}

/** An API request that reached Cashy's handlers (also a RecordedRequest, for the conformance checker). */
export interface ReceivedRequest extends RecordedRequest {
	merchantId?: string;
	sign?: string;
	/** The envelope code answered (200 = accepted). */
	code?: number;
	msg?: string;
}

export interface SentNotification {
	id: string;
	kind: 'payIn' | 'payout';
	url: string;
	body: string;
	sign: string;
}

/** Thrown by /_sandbox/ controls: an HTTP status and a message. */
export class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** Decimal COP text (a control or an option) -> centavos; ControlError when it is not one. */
export function centavos(value: unknown, what: string): bigint {
	const minor = typeof value === 'string' || typeof value === 'number' ? parseDecimal(String(value).trim(), AMOUNT_DECIMALS) : undefined;
	if (minor === undefined) throw new ControlError(400, `${what}: "${String(value)}" is not a decimal COP amount with at most 2 decimals`);
	return minor;
}

export function colombiaTime(date = new Date()): string {
	return new Date(date.getTime() + COLOMBIA_UTC_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
}

export const digits = (length: number) => Array.from({ length }, () => randomInt(10)).join('');

/** Finds an order by `orderNo` and/or `mchOrderNo` (at least one); Cashy's "not found" otherwise. */
export function findOrder<T extends { orderNo: string; mchOrderNo: string }>(orders: Map<string, T>, body: Body): T {
	const orderNo = optionalText(body, 'orderNo');
	const mchOrderNo = optionalText(body, 'mchOrderNo');
	if (orderNo === undefined && mchOrderNo === undefined) throw new CashyFailure('Params_orderNo_Required');
	const order = [...orders.values()].find(
		(candidate) =>
			(orderNo === undefined || candidate.orderNo === orderNo) &&
			(mchOrderNo === undefined || candidate.mchOrderNo === mchOrderNo),
	);
	if (!order) throw new CashyFailure(ORDER_NOT_FOUND);
	return order;
}

export class CashyState {
	readonly payIns = new Map<string, PayInRecord>();
	readonly payouts = new Map<string, PayoutRecord>();
	readonly requests: ReceivedRequest[] = [];
	readonly notifications: SentNotification[] = [];
	readonly seenNonces = new Set<string>();
	readonly dispatcher: WebhookDispatcher;
	readonly payoutFee: bigint;
	/** Centavos. */
	available: bigint;
	unavailable: bigint;
	/** The sandbox's own URL, known once it listens (pay desk URLs). */
	baseUrl = '';

	constructor(readonly options: ResolvedCashyOptions) {
		this.available = centavos(options.initialBalance, 'initialBalance');
		this.unavailable = centavos(options.initialUnavailableBalance, 'initialUnavailableBalance');
		this.payoutFee = centavos(options.payoutFee, 'payoutFee');
		this.dispatcher = new WebhookDispatcher({
			delaysMs: CASHY_NOTIFY_DELAYS_MS,
			maxAttempts: CASHY_NOTIFY_MAX_ATTEMPTS,
			timeScale: options.timeScale,
			timeoutMs: 30_000,
			// "Please respond with SUCCESS": only the plain text SUCCESS counts; anything else is retried.
			isAcknowledged: (status, bodyText) => status >= 200 && status < 300 && bodyText.trim() === 'SUCCESS',
		});
	}

	/** Signs and queues a notification: POST notifyUrl with Content-Type, MerchantId and Sign ("Async Webhook Notification"). */
	notify(kind: SentNotification['kind'], orderNo: string, status: string, notifyUrl: string, payload: Record<string, unknown>): void {
		const body = toJson({ ...payload, nonceStr: `${Date.now()}` });
		const sign = cashySign(body, this.options.apiKey);
		const notification: SentNotification = {
			id: `${orderNo}:${status}`,
			kind,
			url: this.options.notifyUrlOverride ?? notifyUrl,
			body,
			sign,
		};
		this.notifications.push(notification);
		const merchantId = this.options.merchantId;
		this.dispatcher.enqueue({
			url: notification.url,
			eventId: notification.id,
			body,
			headers: () => ({ 'Content-Type': 'application/json', MerchantId: merchantId, Sign: sign }),
		});
	}

	/** An order by platform number, or by merchant number (controls accept either). */
	static controlOrder<T extends { mchOrderNo: string }>(orders: Map<string, T>, key: string): T {
		const order = orders.get(key) ?? [...orders.values()].find((candidate) => candidate.mchOrderNo === key);
		if (!order) throw new ControlError(404, `Unknown order ${key}`);
		return order;
	}
}
