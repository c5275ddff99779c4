/**
 * The sandbox's options, records and shared state. Handlers in orders.ts, payouts.ts,
 * subscriptions.ts and webhooks.ts read and change one `PinddpayState`.
 */
import { randomBytes, randomInt } from 'crypto';

import type { RecordedRequest } from '../shared/server';
import type { WebhookDispatcher } from '../shared/webhook-dispatcher';
import type { OrderStatus } from './constants';
import type { Money } from './money';
import type { SignTokenContent } from './signing';

export type { OrderStatus } from './constants';
export type { SignTokenContent } from './signing';

export interface PinddpaySandboxOptions {
	port?: number;
	accessKey?: string;
	secret?: string;
	appId?: string;
	/** Sends every webhook here instead of the order's or payout's notifyUrl. */
	webhookUrl?: string;
	/** What sign-token hashes (the docs leave it open); default MD5(secret). */
	signTokenContent?: SignTokenContent;
	/** Success `code` of the envelope: 200 (real sample), or 0 / "200" as the docs' samples show. */
	successCode?: 200 | 0 | '200';
	/** Multiplies webhook retry delays (e.g. 0.001 in tests). */
	timeScale?: number;
	/** Payout balance per currency, decimal strings. */
	initialBalances?: Record<string, string>;
	sessionTtlSeconds?: number;
	driftSeconds?: number;
	/** Webhooks go to loopback hosts only unless this is true, so tests never call the internet. */
	allowExternalWebhooks?: boolean;
}

export type ResolvedPinddpayOptions = Required<Omit<PinddpaySandboxOptions, 'webhookUrl'>> & { webhookUrl?: string };

export interface OrderRecord {
	id: string;
	merchantOrderNo: string;
	appId: string;
	amount: Money;
	quantity: number;
	sku: { id?: string; name: string };
	customer: Record<string, string>;
	notifyUrl: string;
	redirectUrl?: string;
	cancelUrl?: string;
	paymentMethod?: string;
	website?: string;
	via: 'session' | 'authorization';
	status: OrderStatus;
	tradeNo: string | null;
	transactionError: { code: string; message: string } | null;
	createdAt: Date;
	expiresAt: Date;
	paidAt?: Date;
	refund?: { id: string; minor: bigint; refundAt: Date };
	dispute?: { id: string; reason: string; disputeAt: Date; status: string };
	contractId?: string;
}

export interface PayoutRecord {
	id: string;
	orderNo: string;
	payoutAccount: string;
	amount: Money;
	gateway: string;
	details: Record<string, string>;
	status: 'CREATED' | 'PROCESSING' | 'PAID' | 'FAILED';
	error: string | null;
	createdAt: Date;
	payAt: Date | null;
}

export interface SubscriptionRecord {
	contractId: string;
	planId: string;
	description?: string;
	interval: string;
	intervalCount: number;
	billingCycle: number;
	capturedCycles: number;
	orderId: string;
	userId: string;
	amount: Money;
	status: 'pending' | 'active' | 'cancelled';
	cancelledAt?: Date;
}

export interface SandboxEvent {
	eventId: string;
	eventName: string;
	body: string;
	/** Where it was sent; undefined when there was no (allowed) target. */
	url?: string;
}

/** Kept for existing imports: the shared kit's record of a request. */
export type LoggedRequest = RecordedRequest;

/** A failure in the envelope. Auth failures (401/403) are HTTP 200, like Furion's Return200StatusCodes. */
export class PinddpayError extends Error {
	readonly httpStatus: number;

	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
		this.httpStatus = code === 401 || code === 403 ? 200 : code;
	}
}

export const badRequest = (message: string) => new PinddpayError(400, message);

export interface PinddpayState {
	options: ResolvedPinddpayOptions;
	/** The sandbox's own URL (checkout links, session domain); set once listening. */
	baseUrl: string;
	dispatcher: WebhookDispatcher;
	orders: Map<string, OrderRecord>;
	ordersByMerchantNo: Map<string, OrderRecord>;
	payouts: Map<string, PayoutRecord>;
	payoutsByOrderNo: Map<string, PayoutRecord>;
	subscriptions: Map<string, SubscriptionRecord>;
	/** Payout balance per currency, minor units. */
	balances: Map<string, bigint>;
	/** `accessKey:nonce` -> Unix seconds first seen. */
	seenNonces: Map<string, number>;
	events: SandboxEvent[];
	/** Set while a test control makes objects without webhooks (see POST /_sandbox/orders). */
	muted: boolean;
	nextOrderId(): string;
	nextPayoutId(): string;
	nextEventId(): string;
}

export function createState(options: ResolvedPinddpayOptions, dispatcher: WebhookDispatcher): PinddpayState {
	// Pinddpay's ids are long numbers (650863804891205, 123453535363, 12345668686 in the docs).
	let orderId = 650_000_000_000_000n + BigInt(randomInt(0, 2 ** 40));
	let payoutId = 123_000_000_000n + BigInt(randomInt(0, 2 ** 30));
	let eventId = 12_000_000_000n + BigInt(randomInt(0, 2 ** 30));
	return {
		options,
		baseUrl: '',
		dispatcher,
		orders: new Map(),
		ordersByMerchantNo: new Map(),
		payouts: new Map(),
		payoutsByOrderNo: new Map(),
		subscriptions: new Map(),
		balances: new Map(),
		seenNonces: new Map(),
		events: [],
		muted: false,
		nextOrderId: () => String(orderId++),
		nextPayoutId: () => String(payoutId++),
		nextEventId: () => String(eventId++),
	};
}

export const balanceOf = (state: PinddpayState, currency: string) => state.balances.get(currency) ?? 0n;

export const newTradeNo = () => `int_${randomBytes(10).toString('hex')}`;
export const shortId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;

/** Admin.NET's `time`: ISO-8601 UTC with 7 fractional digits (the query sample's "2025-03-04T08:50:24.1749813Z"). */
export const adminTime = (date = new Date()) => date.toISOString().replace(/Z$/, '0000Z');
/** Other times, as the query sample's createdAt "2025-03-04T05:51:38Z". */
export const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
