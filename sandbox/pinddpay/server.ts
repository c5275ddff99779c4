/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets */
/**
 * Local stand-in for the Pinddpay API (spec: specs/pinddpay.md, part A). Speaks the wire format:
 * accessKey/timestamp/nonce/sign headers checked in Admin.NET's order (drift, replayed nonce),
 * the `{code,type,message,result,extras,time}` envelope (auth failures in HTTP 200), decimal
 * amounts as JSON numbers, the order and payout state machines, a payout balance, card
 * subscriptions and `sign-token` webhooks retried until HTTP 200.
 * Test-only controls live under /_sandbox/ and need no signature.
 */
import { randomBytes, randomInt } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';

import { computeRequestSignature, computeSignToken, type SignTokenContent } from '../../nodes/Pinddpay/signature';
import { JsonDecimal, stringifyWithDecimals } from '../../nodes/shared/decimalJson';
import { currencyExponent, decimalToMinor, minorToDecimal, toDecimalString } from '../../nodes/shared/money';
import { safeEqual } from '../../nodes/shared/verify';
import { header, Router, sendText, startHttpServer } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';

export const PINDDPAY_TEST_ACCESS_KEY = 'Pq7mXz2LrT9vKd4NsW1bYa';
export const PINDDPAY_TEST_SECRET = 'Hc3uVn8JeQ5wRt0ZkL6pMg';
export const PINDDPAY_TEST_APP_ID = 'sandbox-app';

/** The docs' "Test cards" page is not public [ASSUMPTION]: these card numbers drive the outcome. */
export const PINDDPAY_TEST_CARDS = {
	success: '4242424242424242',
	declined: '4000000000000002',
	insufficientFunds: '4000000000009995',
} as const;

const CARD_OUTCOMES: Record<string, { code: string; message: string } | null> = {
	[PINDDPAY_TEST_CARDS.success]: null,
	[PINDDPAY_TEST_CARDS.declined]: { code: 'card_declined', message: 'Your card was declined' },
	[PINDDPAY_TEST_CARDS.insufficientFunds]: { code: 'insufficient_funds', message: 'Your card has insufficient funds' },
};

/** Admin.NET SignatureAuthenticationOptions.AllowedDateDrift; nonces are remembered twice as long. */
const DEFAULT_DRIFT_SECONDS = 300;
/** [ASSUMPTION] Pinddpay documents no retry schedule; the last delay repeats. */
const WEBHOOK_DELAYS_MS = [0, 5_000, 30_000, 120_000, 600_000];
const WEBHOOK_MAX_ATTEMPTS = 6;

export type OrderStatus = 'created' | 'processing' | 'paid' | 'failed' | 'cancelled' | 'refunded' | 'disputed';

/** `status` is a Chinese label beside the machine value `statusEn` (spec A.4.3, A.6). */
const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
	created: '已创建',
	processing: '处理中',
	paid: '已付款',
	failed: '支付失败',
	cancelled: '已取消',
	refunded: '已退款',
	disputed: '争议中',
};

const INTERVALS = ['day', 'week', 'month', 'year'];
const PLATFORMS = ['ios', 'android', 'web'];

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

interface Money {
	minor: bigint;
	exponent: number;
	currency: string;
}

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

export interface LoggedRequest {
	method: string;
	path: string;
	query: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
}

export interface PinddpaySandbox {
	url: string;
	options: ResolvedPinddpayOptions;
	dispatcher: WebhookDispatcher;
	orders: ReadonlyMap<string, OrderRecord>;
	payouts: ReadonlyMap<string, PayoutRecord>;
	subscriptions: ReadonlyMap<string, SubscriptionRecord>;
	events: readonly SandboxEvent[];
	/** Every API request (not controls), as received. */
	requests: readonly LoggedRequest[];
	/** Payout balance as a decimal string with the currency's decimals. */
	balance(currency: string): string;
	close(): Promise<void>;
}

interface Reply {
	httpStatus: number;
	code: unknown;
	message: string;
	result: unknown;
}

/** A failure in the envelope. Auth failures (401/403) are HTTP 200, like Furion's Return200StatusCodes. */
class PinddpayError extends Error {
	readonly httpStatus: number;

	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
		this.httpStatus = code === 401 || code === 403 ? 200 : code;
	}
}

const badRequest = (message: string) => new PinddpayError(400, message);

type Body = Record<string, unknown>;
type ApiHandler = (body: Body, query: URLSearchParams) => unknown;
type ControlHandler = (body: Body, params: Record<string, string>) => unknown;

// ---------- small pure helpers ----------

/** Admin.NET's `time`: ISO-8601 UTC with 7 fractional digits. */
const adminTime = (date = new Date()) => date.toISOString().replace(/Z$/, '0000Z');
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const decimalText = (money: Money) => minorToDecimal(money.minor, money.exponent);
const decimalNumber = (money: Money) => new JsonDecimal(decimalText(money));
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();

function objectField(body: Body, field: string, required: boolean): Body | undefined {
	const value = body[field];
	if (value === undefined || value === null) {
		if (required) throw badRequest(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field} must be an object`);
	return value as Body;
}

function stringField(body: Body, field: string, label: string, required: boolean): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		if (required) throw badRequest(`${label} is required`);
		return undefined;
	}
	if (typeof value !== 'string') throw badRequest(`${label} must be a string`);
	return value.trim();
}

function urlField(body: Body, field: string, label: string, required: boolean): string | undefined {
	const value = stringField(body, field, label, required);
	if (value === undefined) return undefined;
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw badRequest(`${label} must be a valid URL`);
}

function integerField(body: Body, field: string, label: string, fallback?: number): number {
	const value = body[field] ?? fallback;
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
		throw badRequest(`${label} must be an integer of at least 1`);
	}
	return value;
}

function currencyField(body: Body, field: string, label: string): { currency: string; exponent: number } {
	const currency = stringField(body, field, label, true)!.toUpperCase();
	try {
		return { currency, exponent: currencyExponent(currency) };
	} catch {
		throw badRequest(`${label} "${currency}" is not supported`);
	}
}

/**
 * Amounts are JSON numbers in major units (spec A.4.1, A.4.4). A JS number's shortest text is
 * the literal that was sent for any amount of up to 15 digits, so no float maths happens here.
 */
function amountField(body: Body, field: string, label: string, currency: { currency: string; exponent: number }): Money {
	const value = body[field];
	if (value === undefined || value === null) throw badRequest(`${label} is required`);
	if (typeof value !== 'number') throw badRequest(`${label} must be a number`);
	let minor: bigint;
	try {
		minor = decimalToMinor(toDecimalString(value), currency.exponent);
	} catch {
		throw badRequest(`${label} ${String(value)} has more than ${currency.exponent} decimals for ${currency.currency}`);
	}
	if (minor <= 0n) throw badRequest(`${label} must be greater than 0`);
	return { minor, ...currency };
}

function stringRecord(value: Body | undefined, fields: string[], prefix: string): Record<string, string> {
	const record: Record<string, string> = {};
	if (!value) return record;
	for (const field of fields) {
		const text = stringField(value, field, `${prefix}.${field}`, false);
		if (text !== undefined) record[field] = text;
	}
	return record;
}

function isLoopback(url: string): boolean {
	try {
		const host = new URL(url).hostname;
		return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
	} catch {
		return false;
	}
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// ---------- the sandbox ----------

export async function startPinddpaySandbox(options: PinddpaySandboxOptions = {}): Promise<PinddpaySandbox> {
	const resolved: ResolvedPinddpayOptions = {
		port: options.port ?? 0,
		accessKey: options.accessKey ?? PINDDPAY_TEST_ACCESS_KEY,
		secret: options.secret ?? PINDDPAY_TEST_SECRET,
		appId: options.appId ?? PINDDPAY_TEST_APP_ID,
		webhookUrl: options.webhookUrl,
		signTokenContent: options.signTokenContent ?? 'secret',
		successCode: options.successCode ?? 200,
		timeScale: options.timeScale ?? 1,
		initialBalances: options.initialBalances ?? { USD: '1000.00' },
		sessionTtlSeconds: options.sessionTtlSeconds ?? 1800,
		driftSeconds: options.driftSeconds ?? DEFAULT_DRIFT_SECONDS,
		allowExternalWebhooks: options.allowExternalWebhooks ?? false,
	};

	const orders = new Map<string, OrderRecord>();
	const ordersByMerchantNo = new Map<string, OrderRecord>();
	const payouts = new Map<string, PayoutRecord>();
	const payoutsByOrderNo = new Map<string, PayoutRecord>();
	const subscriptions = new Map<string, SubscriptionRecord>();
	const balances = new Map<string, bigint>();
	for (const [currency, amount] of Object.entries(resolved.initialBalances)) {
		balances.set(currency.toUpperCase(), decimalToMinor(amount, currencyExponent(currency)));
	}
	const seenNonces = new Map<string, number>();
	const events: SandboxEvent[] = [];
	const requests: LoggedRequest[] = [];
	let nextOrderId = 650_000_000_000_000n + BigInt(randomInt(0, 2 ** 40));
	let nextPayoutId = 123_000_000_000n + BigInt(randomInt(0, 2 ** 30));
	let nextEventId = 12_000_000_000n + BigInt(randomInt(0, 2 ** 30));
	let baseUrl = '';

	const dispatcher = new WebhookDispatcher({
		delaysMs: WEBHOOK_DELAYS_MS,
		maxAttempts: WEBHOOK_MAX_ATTEMPTS,
		timeScale: resolved.timeScale,
		timeoutMs: 10_000,
		// "After pinddpay receives a response with status code 200 ..." (the body is not checked).
		isAcknowledged: (status) => status === 200,
	});

	const newTradeNo = () => `int_${randomBytes(10).toString('hex')}`;
	const shortId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;

	// ----- webhooks -----

	function emit(eventName: string, payload: Body, notifyUrl: string | undefined): void {
		const eventId = String(nextEventId++);
		const body = stringifyWithDecimals({ eventId, eventAt: adminTime(), eventName, appId: resolved.appId, ...payload });
		const target = resolved.webhookUrl ?? notifyUrl;
		const url = target && (resolved.allowExternalWebhooks || isLoopback(target)) ? target : undefined;
		events.push({ eventId, eventName, body, url });
		if (!url) return;
		dispatcher.enqueue({
			url,
			eventId,
			body,
			headers: () => ({
				'Content-Type': 'application/json',
				'sign-token': computeSignToken(resolved.secret, resolved.signTokenContent, body),
			}),
		});
	}

	function orderEventPayload(order: OrderRecord): Body {
		const money = order.amount;
		return {
			order: {
				id: order.id,
				merchantOrderNo: order.merchantOrderNo,
				email: order.customer.email ?? '',
				// Strings in webhooks, numbers in the query response (spec A.5.2).
				amount: decimalText(money),
				quantity: String(order.quantity),
				tradeNo: order.tradeNo ?? '',
				currency: money.currency,
				country: order.customer.country ?? '',
				status: ORDER_STATUS_LABELS[order.status],
				statusEn: order.status,
				paymentMethod: order.paymentMethod ? capitalise(order.paymentMethod) : '',
				rate: 0,
			},
			transaction: order.tradeNo
				? {
						tradeNo: order.tradeNo,
						capturedAmount: order.paidAt ? decimalText(money) : '0',
						currency: money.currency,
						error: order.transactionError,
					}
				: null,
			dispute: order.dispute
				? { id: order.dispute.id, reason: order.dispute.reason, disputeAt: isoSeconds(order.dispute.disputeAt), status: order.dispute.status }
				: null,
			refund: order.refund
				? {
						id: order.refund.id,
						refundAmount: decimalText({ ...money, minor: order.refund.minor }),
						currency: money.currency,
						refundAt: isoSeconds(order.refund.refundAt),
					}
				: null,
		};
	}

	function payoutEventPayload(payout: PayoutRecord): Body {
		return {
			// Documented spelling (sic).
			resouce: {
				id: payout.id,
				amount: decimalNumber(payout.amount),
				payAt: payout.payAt ? isoSeconds(payout.payAt) : null,
				targetAccount: payout.payoutAccount,
				currency: payout.amount.currency,
				status: payout.status,
				error: payout.error,
				orderNo: payout.orderNo,
			},
		};
	}

	function subscriptionEventPayload(subscription: SubscriptionRecord, capture: Body | null): Body {
		return {
			resouce: {
				capture,
				plan: {
					id: subscription.planId,
					merchantPlanId: subscription.planId,
					amount: decimalText(subscription.amount),
					currency: subscription.amount.currency,
					intervalUnit: subscription.interval,
					totalCycles: String(subscription.billingCycle),
				},
			},
		};
	}

	function captureSubscription(subscription: SubscriptionRecord, failed: boolean): void {
		const order = orders.get(subscription.orderId)!;
		const capture = {
			userId: subscription.userId,
			currency: subscription.amount.currency,
			amount: decimalText(subscription.amount),
			id: shortId('cap_'),
			contractId: subscription.contractId,
			tradeNo: newTradeNo(),
		};
		if (!failed) subscription.capturedCycles++;
		emit(
			failed ? 'subscription.capture.failed' : 'subscription.capture.successful',
			subscriptionEventPayload(subscription, capture),
			order.notifyUrl,
		);
	}

	// ----- orders -----

	/** An unpaid order whose session ran out is cancelled when next looked at. */
	function refreshExpiry(order: OrderRecord): OrderRecord {
		if ((order.status === 'created' || order.status === 'failed') && Date.now() > order.expiresAt.getTime()) {
			order.status = 'cancelled';
		}
		return order;
	}

	function findOrder(id: string): OrderRecord {
		const order = orders.get(id) ?? ordersByMerchantNo.get(id);
		if (!order) throw badRequest(`Order ${id} not found`);
		return refreshExpiry(order);
	}

	function checkAppId(body: Body): string {
		const appId = stringField(body, 'appid', 'appid', true)!;
		// Pinddpay's PHP client sends the access key as appid.
		if (appId !== resolved.appId && appId !== resolved.accessKey) throw badRequest(`appid ${appId} is invalid`);
		return appId;
	}

	/** Creates the order, or reuses it when the same merchant order id comes again unchanged. */
	function upsertOrder(body: Body, via: OrderRecord['via']): OrderRecord {
		const appId = checkAppId(body);
		const order = objectField(body, 'order', true)!;
		const merchantOrderNo = stringField(order, 'id', 'order.id', true)!;
		const sku = objectField(order, 'sku', true)!;
		const currency = currencyField(sku, 'currency', 'order.sku.currency');
		const amount = amountField(sku, 'amount', 'order.sku.amount', currency);
		const name = stringField(sku, 'name', 'order.sku.name', true)!;
		const quantity = integerField(sku, 'quantity', 'order.sku.quantity');
		const notifyUrl = urlField(body, 'notifyUrl', 'notifyUrl', true)!;
		const customer = stringRecord(objectField(body, 'customer', false), ['id', 'country', 'ip', 'name', 'email'], 'customer');
		const paymentMethod = stringField(objectField(body, 'options', false) ?? {}, 'paymentMethod', 'options.paymentMethod', false);
		const now = new Date();
		const expiresAt = new Date(now.getTime() + resolved.sessionTtlSeconds * 1000);

		const existing = ordersByMerchantNo.get(merchantOrderNo);
		if (existing) {
			refreshExpiry(existing);
			if (existing.amount.minor !== amount.minor || existing.amount.currency !== amount.currency) {
				throw badRequest(`order.id ${merchantOrderNo} was already used with a different amount`);
			}
			if (existing.status !== 'created' && existing.status !== 'failed') {
				throw badRequest(`Order ${merchantOrderNo} is already ${existing.status}`);
			}
			existing.expiresAt = expiresAt;
			return existing;
		}
		const record: OrderRecord = {
			id: String(nextOrderId++),
			merchantOrderNo,
			appId,
			amount,
			quantity,
			sku: { id: stringField(sku, 'id', 'order.sku.id', false), name },
			customer,
			notifyUrl,
			redirectUrl: urlField(body, 'redirectUrl', 'redirectUrl', false),
			cancelUrl: urlField(body, 'cancelUrl', 'cancelUrl', false),
			paymentMethod,
			website: stringField(body, 'website', 'website', false),
			via,
			status: 'created',
			tradeNo: null,
			transactionError: null,
			createdAt: now,
			expiresAt,
		};
		orders.set(record.id, record);
		ordersByMerchantNo.set(merchantOrderNo, record);
		emit('order.created', orderEventPayload(record), record.notifyUrl);
		return record;
	}

	function checkoutUrl(order: OrderRecord): string {
		return `${baseUrl}/app/v2/checkout?token=${order.id}`;
	}

	function createSession(body: Body): unknown {
		const order = upsertOrder(body, 'session');
		return {
			// Base64 of "<orderId>:<checkout domain>" as the JS SDK decodes it (spec A.4.1).
			session: Buffer.from(`${order.id}:${baseUrl}`, 'utf8').toString('base64'),
			expiredAt: isoSeconds(order.expiresAt),
		};
	}

	function createTransaction(body: Body): unknown {
		const options = objectField(body, 'options', false) ?? {};
		if (options.redirectionCountdown !== undefined) {
			const countdown = options.redirectionCountdown;
			if (typeof countdown !== 'number' || !Number.isSafeInteger(countdown) || countdown < 0) {
				throw badRequest('options.redirectionCountdown must be a whole number of seconds');
			}
		}
		const orderType = stringField(options, 'orderType', 'options.orderType', false);
		if (orderType !== undefined && orderType !== 'checkout') throw badRequest(`options.orderType ${orderType} is not supported`);
		const subscriptionBody = objectField(body, 'subscription', false);
		let subscription: Omit<SubscriptionRecord, 'orderId' | 'userId' | 'amount'> | undefined;
		if (subscriptionBody) {
			const interval = stringField(subscriptionBody, 'interval', 'subscription.interval', false) ?? 'month';
			if (!INTERVALS.includes(interval)) throw badRequest(`subscription.interval must be one of ${INTERVALS.join(', ')}`);
			subscription = {
				contractId: shortId('ctr_'),
				planId: stringField(subscriptionBody, 'planId', 'subscription.planId', true)!,
				description: stringField(subscriptionBody, 'description', 'subscription.description', false),
				interval,
				intervalCount: integerField(subscriptionBody, 'intervalCount', 'subscription.intervalCount', 1),
				billingCycle: integerField(subscriptionBody, 'billingCycle', 'subscription.billingCycle', 1),
				capturedCycles: 0,
				status: 'pending',
			};
		}
		stringRecord(
			objectField(body, 'billing', false),
			['firstName', 'lastName', 'email', 'phone', 'address1', 'address2', 'city', 'state', 'zipCode', 'country'],
			'billing',
		);

		const order = upsertOrder(body, 'authorization');
		if (subscription && !order.contractId) {
			subscriptions.set(subscription.contractId, {
				...subscription,
				orderId: order.id,
				userId: order.customer.id ?? order.merchantOrderNo,
				amount: order.amount,
			});
			order.contractId = subscription.contractId;
		}
		return { payments: [{ id: order.id, paylink: checkoutUrl(order) }] };
	}

	function orderDetail(_body: Body, query: URLSearchParams): unknown {
		const id = query.get('id');
		if (!id) throw badRequest('id is required');
		const order = findOrder(id);
		return {
			transaction: order.tradeNo
				? {
						tradeNo: order.tradeNo,
						capturedAmount: order.paidAt ? decimalNumber(order.amount) : new JsonDecimal('0'),
						currency: order.amount.currency,
						error: order.transactionError,
					}
				: null,
			id: order.id,
			merchantOrderNo: order.merchantOrderNo,
			email: order.customer.email ?? null,
			amount: decimalNumber(order.amount),
			quantity: order.quantity,
			tradeNo: order.tradeNo,
			country: order.customer.country ?? null,
			currency: order.amount.currency,
			status: ORDER_STATUS_LABELS[order.status],
			statusEn: order.status,
			paymentMethod: order.paymentMethod ? capitalise(order.paymentMethod) : null,
			createdAt: isoSeconds(order.createdAt),
			paidAt: order.paidAt ? isoSeconds(order.paidAt) : null,
			...(order.contractId ? { contractId: order.contractId } : {}),
		};
	}

	/** The hosted checkout's payment: the test card decides the outcome. */
	function payOrder(order: OrderRecord, card: string): OrderRecord {
		refreshExpiry(order);
		if (order.status !== 'created' && order.status !== 'failed') {
			throw new PinddpayError(409, `Order ${order.id} is ${order.status}; it can no longer be paid`);
		}
		if (!(card in CARD_OUTCOMES)) {
			throw badRequest(`Unknown test card; use one of ${Object.values(PINDDPAY_TEST_CARDS).join(', ')}`);
		}
		const failure = CARD_OUTCOMES[card];
		order.tradeNo = newTradeNo();
		order.paymentMethod = order.paymentMethod ?? 'card';
		order.transactionError = failure;
		if (failure) {
			order.status = 'failed';
			emit('order.failed', orderEventPayload(order), order.notifyUrl);
			return order;
		}
		order.status = 'paid';
		order.paidAt = new Date();
		emit('order.paid', orderEventPayload(order), order.notifyUrl);
		const subscription = order.contractId ? subscriptions.get(order.contractId) : undefined;
		if (subscription && subscription.status === 'pending') {
			subscription.status = 'active';
			captureSubscription(subscription, false);
		}
		return order;
	}

	// ----- payouts and balance -----

	const balanceOf = (currency: string) => balances.get(currency) ?? 0n;

	function payoutResponse(payout: PayoutRecord): Body {
		return {
			payoutAccount: payout.payoutAccount,
			currency: payout.amount.currency,
			amount: decimalNumber(payout.amount),
			orderNo: payout.orderNo,
			gateway: payout.gateway,
			...payout.details,
			id: payout.id,
			status: payout.status,
			error: payout.error,
			createdAt: isoSeconds(payout.createdAt),
			payAt: payout.payAt ? isoSeconds(payout.payAt) : null,
		};
	}

	/** The merchant's orderNo is unique [ASSUMPTION]: the same payout again returns the first one. */
	function createPayout(body: Body): unknown {
		const payoutAccount = stringField(body, 'payoutAccount', 'payoutAccount', true)!;
		const currency = currencyField(body, 'currency', 'currency');
		const amount = amountField(body, 'amount', 'amount', currency);
		const orderNo = stringField(body, 'orderNo', 'orderNo', true)!;
		const gateway = stringField(body, 'gateway', 'gateway', true)!;
		urlField(body, 'notifyUrl', 'notifyUrl', false);
		const details = stringRecord(body, ['account', 'userName', 'ip', 'notifyUrl', 'country', 'platform', 'phoneNumber', 'email'], 'payout');
		if (details.platform !== undefined && !PLATFORMS.includes(details.platform)) {
			throw badRequest(`platform must be one of ${PLATFORMS.join(', ')}`);
		}

		const existing = payoutsByOrderNo.get(orderNo);
		if (existing) {
			if (
				existing.payoutAccount !== payoutAccount ||
				existing.amount.currency !== amount.currency ||
				existing.amount.minor !== amount.minor
			) {
				throw badRequest(`orderNo ${orderNo} already exists with different payout details`);
			}
			return payoutResponse(existing);
		}
		const available = balanceOf(amount.currency);
		if (available < amount.minor) {
			throw badRequest(`Insufficient balance: ${minorToDecimal(available, amount.exponent)} ${amount.currency} available`);
		}
		balances.set(amount.currency, available - amount.minor);
		const payout: PayoutRecord = {
			id: String(nextPayoutId++),
			orderNo,
			payoutAccount,
			amount,
			gateway,
			details,
			status: 'CREATED',
			error: null,
			createdAt: new Date(),
			payAt: null,
		};
		payouts.set(payout.id, payout);
		payoutsByOrderNo.set(orderNo, payout);
		return payoutResponse(payout);
	}

	function balanceList(): unknown {
		return [...balances.keys()].sort().map((currency) => ({
			currency,
			balance: new JsonDecimal(minorToDecimal(balanceOf(currency), currencyExponent(currency))),
		}));
	}

	function findPayout(id: string): PayoutRecord {
		const payout = payouts.get(id) ?? payoutsByOrderNo.get(id);
		if (!payout) throw new PinddpayError(404, `Payout ${id} not found`);
		if (payout.status !== 'CREATED' && payout.status !== 'PROCESSING') {
			throw new PinddpayError(409, `Payout ${id} is ${payout.status}`);
		}
		return payout;
	}

	// ----- subscriptions -----

	function subscriptionResponse(subscription: SubscriptionRecord): Body {
		return {
			contractId: subscription.contractId,
			planId: subscription.planId,
			status: subscription.status,
			capturedCycles: subscription.capturedCycles,
			billingCycle: subscription.billingCycle,
			cancelledAt: subscription.cancelledAt ? isoSeconds(subscription.cancelledAt) : null,
		};
	}

	/** [ASSUMPTION] path and body (spec A.4.6); cancelling twice returns the cancelled subscription. */
	function cancelSubscription(body: Body): unknown {
		const contractId = stringField(body, 'contractId', 'contractId', true)!;
		const subscription = subscriptions.get(contractId);
		if (!subscription) throw badRequest(`Subscription ${contractId} not found`);
		const planId = stringField(body, 'planId', 'planId', false);
		if (planId !== undefined && planId !== subscription.planId) throw badRequest(`planId ${planId} does not match the subscription`);
		if (subscription.status !== 'cancelled') {
			subscription.status = 'cancelled';
			subscription.cancelledAt = new Date();
			emit('subscription.cancelled', subscriptionEventPayload(subscription, null), orders.get(subscription.orderId)?.notifyUrl);
		}
		return subscriptionResponse(subscription);
	}

	const api = new Router<ApiHandler>()
		.add('POST', '/api/gateway/createsession', createSession)
		.add('POST', '/api/gateway/authorization', createTransaction)
		.add('GET', '/api/order/detail', orderDetail)
		.add('POST', '/api/payout/create', createPayout)
		// The balance path is not public (spec A.4.5): both plausible paths answer.
		.add('GET', '/api/payout/balance', balanceList)
		.add('GET', '/api/merchant/Balance', balanceList)
		.add('POST', '/api/subscription/cancel', cancelSubscription);

	// ----- test-only controls -----

	function numberFromControl(value: unknown): string {
		return typeof value === 'number' || typeof value === 'string' ? toDecimalString(value) : '';
	}

	const controls = new Router<ControlHandler>()
		.add('POST', '/_sandbox/webhook-endpoint', (body) => {
			if (body.url !== null && typeof body.url !== 'string') throw badRequest('url must be a string or null');
			resolved.webhookUrl = (body.url as string | null) ?? undefined;
			return { url: resolved.webhookUrl ?? null };
		})
		.add('POST', '/_sandbox/settings', (body) => {
			if (body.signTokenContent !== undefined) {
				if (body.signTokenContent !== 'secret' && body.signTokenContent !== 'bodyAndSecret') {
					throw badRequest('signTokenContent must be secret or bodyAndSecret');
				}
				resolved.signTokenContent = body.signTokenContent;
			}
			if (body.successCode !== undefined) {
				if (body.successCode !== 200 && body.successCode !== 0 && body.successCode !== '200') {
					throw badRequest('successCode must be 200, 0 or "200"');
				}
				resolved.successCode = body.successCode;
			}
			return { signTokenContent: resolved.signTokenContent, successCode: resolved.successCode };
		})
		.add('POST', '/_sandbox/orders/:id/pay', (body, params) => {
			const card = typeof body.card === 'string' ? body.card.replace(/\s+/g, '') : PINDDPAY_TEST_CARDS.success;
			return orderDetail({}, new URLSearchParams({ id: payOrder(findOrder(params.id), card).id }));
		})
		.add('POST', '/_sandbox/orders/:id/refund', (body, params) => {
			const order = findOrder(params.id);
			if (order.status !== 'paid') throw new PinddpayError(409, `Order ${order.id} is ${order.status}; only paid orders can be refunded`);
			const requested = body.amount === undefined ? undefined : numberFromControl(body.amount);
			let minor = order.amount.minor;
			if (requested !== undefined) {
				try {
					minor = decimalToMinor(requested, order.amount.exponent);
				} catch {
					throw badRequest('amount is not a valid decimal for this currency');
				}
				if (minor <= 0n || minor > order.amount.minor) throw badRequest('amount must be more than 0 and at most the order amount');
			}
			order.status = 'refunded';
			order.refund = { id: shortId('rf_'), minor, refundAt: new Date() };
			emit('order.refunded', orderEventPayload(order), order.notifyUrl);
			return orderEventPayload(order);
		})
		.add('POST', '/_sandbox/orders/:id/dispute', (body, params) => {
			const order = findOrder(params.id);
			if (order.status !== 'paid') throw new PinddpayError(409, `Order ${order.id} is ${order.status}; only paid orders can be disputed`);
			order.status = 'disputed';
			order.dispute = {
				id: shortId('dp_'),
				reason: typeof body.reason === 'string' ? body.reason : 'fraudulent',
				disputeAt: new Date(),
				status: 'open',
			};
			emit('order.disputed', orderEventPayload(order), order.notifyUrl);
			return orderEventPayload(order);
		})
		.add('POST', '/_sandbox/payouts/:id/pay', (_body, params) => {
			const payout = findPayout(params.id);
			payout.status = 'PAID';
			payout.payAt = new Date();
			emit('payout.paid', payoutEventPayload(payout), payout.details.notifyUrl);
			return payoutResponse(payout);
		})
		.add('POST', '/_sandbox/payouts/:id/fail', (body, params) => {
			const payout = findPayout(params.id);
			payout.status = 'FAILED';
			payout.error = typeof body.reason === 'string' ? body.reason : 'Beneficiary account rejected the payout';
			balances.set(payout.amount.currency, balanceOf(payout.amount.currency) + payout.amount.minor);
			emit('payout.failed', payoutEventPayload(payout), payout.details.notifyUrl);
			return payoutResponse(payout);
		})
		.add('POST', '/_sandbox/balance', (body) => {
			const currency = currencyField(body, 'currency', 'currency');
			try {
				balances.set(currency.currency, decimalToMinor(numberFromControl(body.amount), currency.exponent));
			} catch {
				throw badRequest('amount must be a decimal with the currency\'s decimals');
			}
			return balanceList();
		})
		.add('POST', '/_sandbox/subscriptions/:contractId/capture', (body, params) => {
			const subscription = subscriptions.get(params.contractId);
			if (!subscription) throw new PinddpayError(404, `Subscription ${params.contractId} not found`);
			if (subscription.status !== 'active') throw new PinddpayError(409, `Subscription is ${subscription.status}`);
			if (subscription.capturedCycles >= subscription.billingCycle) throw new PinddpayError(409, 'All billing cycles are captured');
			captureSubscription(subscription, body.fail === true);
			return subscriptionResponse(subscription);
		})
		.add('GET', '/_sandbox/webhooks', () => ({ events, attempts: dispatcher.attempts }))
		.add('POST', '/_sandbox/webhooks/:id/redeliver', (_body, params) => {
			const event = events.find((candidate) => candidate.eventId === params.id);
			if (!event?.url) throw new PinddpayError(404, `Event ${params.id} was not delivered to any URL`);
			dispatcher.redeliver(params.id);
			return { eventId: params.id };
		})
		.add('GET', '/_sandbox/state', () => ({
			orders: orders.size,
			payouts: payouts.size,
			subscriptions: subscriptions.size,
			events: events.length,
			webhookUrl: resolved.webhookUrl ?? null,
			signTokenContent: resolved.signTokenContent,
			balances: balanceList(),
			testCards: PINDDPAY_TEST_CARDS,
		}));

	// ----- request pipeline -----

	const authError = (message: string) => new PinddpayError(401, message);

	/** Admin.NET SignatureAuthenticationHandler: these checks in this order, the first failure wins. */
	function authenticate(req: IncomingMessage, path: string): void {
		const accessKey = header(req, 'accesskey');
		const timestamp = header(req, 'timestamp');
		const nonce = header(req, 'nonce');
		const sign = header(req, 'sign');
		if (!accessKey) throw authError('accessKey 不能为空');
		if (!timestamp) throw authError('timestamp 不能为空');
		if (!nonce) throw authError('nonce 不能为空');
		if (!sign) throw authError('sign 不能为空');
		if (!/^-?\d{1,18}$/.test(timestamp)) throw authError('timestamp 值不合法');
		const nowSeconds = Math.floor(Date.now() / 1000);
		if (Math.abs(nowSeconds - Number(timestamp)) > resolved.driftSeconds) throw authError('timestamp 值已超过允许的偏差范围');
		if (accessKey !== resolved.accessKey) throw authError('accessKey 无效');
		const expected = computeRequestSignature(resolved.secret, { method: req.method ?? 'GET', path, accessKey, timestamp, nonce });
		if (!safeEqual(expected, sign)) throw authError('sign 无效的签名');
		for (const [key, seenAt] of seenNonces) {
			if (nowSeconds - seenAt > resolved.driftSeconds * 2) seenNonces.delete(key);
		}
		const nonceKey = `${accessKey}:${nonce}`;
		if (seenNonces.has(nonceKey)) throw authError('重复的请求');
		seenNonces.set(nonceKey, nowSeconds);
	}

	function parseBody(req: IncomingMessage, rawBody: Buffer, strict: boolean): Body {
		if (rawBody.length === 0) {
			if (strict) throw badRequest('Request body is required');
			return {};
		}
		if (strict && !/^application\/(.+\+)?json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
			throw new PinddpayError(415, 'Content-Type must be application/json');
		}
		let parsed: unknown;
		try {
			parsed = JSON.parse(rawBody.toString('utf8'));
		} catch {
			throw badRequest('Request body is not valid JSON');
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('Request body must be a JSON object');
		return parsed as Body;
	}

	function sendEnvelope(res: ServerResponse, reply: Reply): void {
		const success = reply.httpStatus < 300 && reply.message === '';
		const text = stringifyWithDecimals({
			code: reply.code,
			type: success ? 'success' : 'error',
			message: reply.message,
			result: reply.result ?? null,
			extras: null,
			time: adminTime(),
		});
		sendText(res, reply.httpStatus, text, { 'Content-Type': 'application/json; charset=utf-8' });
	}

	function errorReply(error: unknown): Reply {
		const failure = error instanceof PinddpayError ? error : new PinddpayError(500, 'Internal server error');
		return { httpStatus: failure.httpStatus, code: failure.code, message: failure.message, result: null };
	}

	/** The payer's side of the hosted checkout (what the SDK and paylink open). */
	function checkoutPage(res: ServerResponse, url: URL, rawBody: Buffer, method: string): void {
		const form = method === 'POST' ? new URLSearchParams(rawBody.toString('utf8')) : url.searchParams;
		const token = form.get('token') ?? '';
		const order = orders.get(token);
		if (!order) {
			sendText(res, 404, 'Unknown checkout token');
			return;
		}
		let notice = '';
		if (method === 'POST') {
			try {
				payOrder(order, (form.get('card') ?? '').replace(/\s+/g, ''));
				if (order.status === 'paid' && order.redirectUrl) {
					res.writeHead(303, { Location: order.redirectUrl }).end();
					return;
				}
			} catch (error) {
				notice = (error as Error).message;
			}
		}
		refreshExpiry(order);
		const cards = Object.entries(PINDDPAY_TEST_CARDS)
			.map(([outcome, card]) => `<option value="${card}">${card} (${outcome})</option>`)
			.join('');
		const html = `<!doctype html><html><head><meta charset="utf-8"><title>Pinddpay sandbox checkout</title></head><body>
<h1>${escapeHtml(order.sku.name)}: ${decimalText(order.amount)} ${order.amount.currency}</h1>
<p>Order ${order.id} (${escapeHtml(order.merchantOrderNo)}): <strong>${order.status}</strong>${order.transactionError ? ` - ${escapeHtml(order.transactionError.message)}` : ''}</p>
${notice ? `<p>${escapeHtml(notice)}</p>` : ''}
<form method="post" action="/app/v2/checkout"><input type="hidden" name="token" value="${order.id}">
<select name="card">${cards}</select> <button type="submit">Pay</button></form></body></html>`;
		sendText(res, 200, html, { 'Content-Type': 'text/html; charset=utf-8' });
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', baseUrl);
		const method = (req.method ?? 'GET').toUpperCase();
		try {
			if (url.pathname.startsWith('/_sandbox/')) {
				const control = controls.match(method, url.pathname);
				if (!control) throw new PinddpayError(404, `Unknown sandbox control ${method} ${url.pathname}`);
				const result = control.handler(parseBody(req, rawBody, false), control.params);
				sendEnvelope(res, { httpStatus: 200, code: 200, message: '', result });
				return;
			}
			if (url.pathname === '/app/v2/checkout' && (method === 'GET' || method === 'POST')) {
				checkoutPage(res, url, rawBody, method);
				return;
			}
			requests.push({
				method,
				path: url.pathname,
				query: url.search,
				headers: { ...req.headers },
				rawBody: rawBody.toString('utf8'),
			});
			// Authentication runs before routing, as in ASP.NET: an unsigned request never learns what exists.
			authenticate(req, url.pathname);
			const match = api.match(method, url.pathname);
			if (!match) throw new PinddpayError(404, `${method} ${url.pathname} not found`);
			const result = match.handler(method === 'GET' ? {} : parseBody(req, rawBody, true), url.searchParams);
			sendEnvelope(res, { httpStatus: 200, code: resolved.successCode, message: '', result });
		} catch (error) {
			sendEnvelope(res, errorReply(error));
		}
	}

	const server = await startHttpServer(handle, { port: resolved.port });
	baseUrl = server.url;
	resolved.port = server.port;

	return {
		url: server.url,
		options: resolved,
		dispatcher,
		orders,
		payouts,
		subscriptions,
		events,
		requests,
		balance: (currency: string) => minorToDecimal(balanceOf(currency.toUpperCase()), currencyExponent(currency)),
		close: async () => {
			dispatcher.stop();
			await server.close();
		},
	};
}
