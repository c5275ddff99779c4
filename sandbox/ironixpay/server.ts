/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets */
/**
 * Local stand-in for the IronixPay sandbox API (spec: specs/ironixpay.md, part B). Speaks the
 * real wire format: Bearer sk_ keys, Stripe-style error envelope, Idempotency-Key table,
 * tower_governor rate limit, session/payout state machines and HMAC-signed webhooks.
 * Test-only controls live under /_sandbox/ and need no auth.
 */
import { createHash, createHmac, randomBytes } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { decimalToMinor, minorToDecimal, trimDecimal } from '../../nodes/shared/money';
import { header, Router, sendJson, sendText, startHttpServer } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';

export const IRONIXPAY_TEST_SECRET_KEY = 'sk_test_51a0c3e9d27f4b6a8e1d5c7f9b2a4e60';
export const IRONIXPAY_TEST_LIVE_KEY = 'sk_live_51a0c3e9d27f4b6a8e1d5c7f9b2a4e60';
export const IRONIXPAY_TEST_WEBHOOK_SECRET =
	'whsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
/** Payouts to the platform treasury are refused (self_transfer); payouts to the AML address too. */
export const IRONIXPAY_TREASURY_ADDRESS = 'TTreasury1111111111111111111111111';
export const IRONIXPAY_AML_BLOCKED_ADDRESS = 'TAmLBLockedAddress1111111111111111';

/** Nile test USDT: the only sandbox token. */
const NILE_USDT_CONTRACT = 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf';
const MERCHANT_ID = 'mer_8c1f2e3d4b5a69788796a5b4c3d2e1f0';
const MERCHANT_NAME = 'Sandbox Merchant';
const TRON_CONFIRMATIONS = 19;
const DOC_BASE_URL = 'https://ironixpay.com/guide/errors';

// Amounts: 6-decimal micro-units internally, never floats.
const MICRO = 6;
const ONE = 1_000_000n;
const SESSION_TTL_MS = 30 * 60_000;
const UNDERPAID_TTL_MS = 24 * 60 * 60_000;
const PAYMENT_TOLERANCE = 10_000n; // 0.01 token
const SESSION_FEE_PERCENT = 1n; // [ASSUMPTION] platform fee on received amount
const PAYOUT_FEE_TRON = 1_500_000n;
const PAYOUT_MAX = 10_000n * ONE;
const PAYOUT_DAILY_MAX = 50_000n * ONE;
const CRYPTO_MAX = 10_000_000n * ONE;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
const IDEMPOTENCY_STALE_MS = 60_000;
const METADATA_MAX_BYTES = 4096;
const WEBHOOK_DELAYS_MS = [0, 15_000, 60_000, 300_000, 3_600_000, 21_600_000, 86_400_000];
const WEBHOOK_MAX_ATTEMPTS = 5;

const NETWORKS = ['TRON', 'BSC', 'ETHEREUM', 'POLYGON', 'ARBITRUM', 'BASE', 'OPTIMISM', 'SOLANA'];
const SANDBOX_NETWORKS = ['TRON'];
const TOKENS = ['USDT', 'USDC'];
/** Deterministic "live" rates: 1 token = N fiat. */
const FIAT_RATES: Record<string, string> = {
	USD: '1', CNY: '7.2', EUR: '0.92', GBP: '0.79', JPY: '150', KRW: '1350',
	SGD: '1.34', HKD: '7.8', TWD: '32', RUB: '90',
};
const ZERO_DECIMAL_FIAT = ['JPY', 'KRW'];
const SESSION_STATUSES = ['Pending', 'Underpaid', 'Paid', 'Overpaid', 'Expired', 'Blocked'];
const PAYOUT_STATUSES = ['Pending', 'Processing', 'Completed', 'Failed', 'PendingApproval', 'Cancelled', 'ApprovalExpired'];
const SESSION_FIELDS = ['pricing_amount', 'pricing_currency', 'currency', 'network', 'client_reference_id', 'success_url', 'cancel_url'];
const PAYOUT_FIELDS = ['amount', 'currency', 'network', 'to_address', 'description', 'metadata'];
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const TRON_ADDRESS = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

export interface IronixPaySandboxOptions {
	port?: number;
	secretKey?: string;
	liveSecretKey?: string;
	webhookSecret?: string;
	webhookUrl?: string;
	rateLimitPerMinute?: number;
	rateLimitBurst?: number;
	/** Multiplies webhook retry delays (e.g. 0.001 in tests). */
	timeScale?: number;
	/** Parent merchant's USDT balance, decimal string. */
	initialBalance?: string;
	/** Artificial handler latency, so the idempotency "in progress" (202) case is reachable. */
	processingDelayMs?: number;
}

export type ResolvedIronixPayOptions = Required<Omit<IronixPaySandboxOptions, 'webhookUrl'>> & {
	webhookUrl?: string;
};

interface Org {
	/** merchant_id: the parent merchant or a sub-merchant's child org. */
	id: string;
	subMerchantCode?: string;
}

export interface SessionTransaction {
	txHash: string;
	amount: bigint;
	fromAddress: string;
	detectedAt: Date;
}

export interface SessionRecord {
	id: string;
	seq: number;
	org: Org;
	network: string;
	currency: string;
	amount: bigint;
	amountReceived: bigint;
	payAddress: string;
	status: string;
	clientReferenceId: string | null;
	successUrl?: string;
	cancelUrl?: string;
	pricing: { currency: string; amount: string; exchange_rate: string };
	createdAt: Date;
	expiresAt: Date;
	paidAt?: Date;
	transactions: SessionTransaction[];
}

export interface PayoutRecord {
	id: string;
	seq: number;
	org: Org;
	status: string;
	amount: bigint;
	fee: bigint;
	currency: string;
	network: string;
	toAddress: string;
	idempotencyKey: string;
	description?: string;
	metadata?: Record<string, unknown>;
	txHash?: string;
	errorReason?: string;
	createdAt: Date;
	completedAt?: Date;
}

export interface SubMerchantRecord {
	id: string;
	code: string;
	displayName: string;
	childOrgId: string;
	status: 'active' | 'suspended';
	createdAt: Date;
	updatedAt: Date;
}

export interface WebhookEnvelope {
	id: string;
	event_type: string;
	created: number;
	data: Record<string, unknown>;
}

interface IdempotencyEntry {
	hash: string;
	startedAt: number;
	response?: Reply;
}

export interface IronixPaySandbox {
	url: string;
	options: ResolvedIronixPayOptions;
	dispatcher: WebhookDispatcher;
	sessions: ReadonlyMap<string, SessionRecord>;
	payouts: ReadonlyMap<string, PayoutRecord>;
	subMerchants: ReadonlyMap<string, SubMerchantRecord>;
	/** Every webhook envelope emitted, in order (also when no endpoint is configured). */
	events: readonly WebhookEnvelope[];
	/** Balance of the parent (or a sub-merchant) as a normalised decimal string. */
	balance(currency?: string, subMerchantCode?: string): string;
	close(): Promise<void>;
}

interface Reply {
	status: number;
	body: unknown;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly param?: string,
		readonly type: 'invalid_request_error' | 'api_error' | 'idempotency_error' = 'invalid_request_error',
		readonly withDocUrl = true,
	) {
		super(message);
	}

	toReply(): Reply {
		const error: Record<string, string> = { type: this.type, code: this.code, message: this.message };
		if (this.param !== undefined) error.param = this.param;
		if (this.withDocUrl) error.doc_url = `${DOC_BASE_URL}#${this.code}`;
		return { status: this.status, body: { error } };
	}
}

const invalid = (message: string, param?: string, code = 'parameter_invalid') =>
	new ApiError(400, code, message, param);
const notFound = (message: string) => new ApiError(404, 'resource_missing', message);
const internalError = () =>
	new ApiError(500, 'api_error', 'Internal server error. Please try again later.', undefined, 'api_error');

interface Context {
	query: URLSearchParams;
	params: Record<string, string>;
	body: Record<string, unknown>;
	org: Org;
	idempotencyKey?: string;
}

interface RouteSpec {
	handler: (ctx: Context) => Reply | Promise<Reply>;
	/** Accepts X-Sub-Merchant-Code (checkout and payout routes only). */
	subMerchantScope?: boolean;
	/** JSON body expected; the listed fields are what the typed DTO keeps (idempotency hash). */
	bodyFields?: string[];
	idempotency?: 'optional' | 'required';
}

type ControlHandler = (body: Record<string, unknown>, params: Record<string, string>) => Reply;

// ---------- small pure helpers ----------

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const formatMicro = (micro: bigint) => trimDecimal(minorToDecimal(micro, MICRO));
const randomBase58 = (length: number) =>
	Array.from(randomBytes(length), (byte) => BASE58[byte % BASE58.length]).join('');
const fakeTronAddress = () => `T${randomBase58(33)}`;

/** Serde-style JSON with sorted keys, so the idempotency hash ignores key order and whitespace. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value);
}

function pick(body: Record<string, unknown>, fields: string[]): Record<string, unknown> {
	return Object.fromEntries(fields.filter((field) => body[field] !== undefined && body[field] !== null).map((field) => [field, body[field]]));
}

/** Parses a decimal string with at most `decimals` places into micro-units. */
function parseAmount(value: unknown, param: string, decimals: number): bigint {
	if (typeof value !== 'string') {
		throw invalid(`Invalid request body: ${param}: invalid type: ${describe(value)}, expected a decimal string`);
	}
	try {
		return decimalToMinor(value, decimals) * 10n ** BigInt(MICRO - decimals);
	} catch {
		throw invalid(`Invalid ${param}: "${value}" must be a decimal string with at most ${decimals} decimal places`, param);
	}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'number') return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
	return typeof value === 'object' ? (Array.isArray(value) ? 'sequence' : 'map') : typeof value;
}

function requireField(body: Record<string, unknown>, field: string): unknown {
	if (body[field] === undefined || body[field] === null) throw invalid(`Invalid request body: missing field \`${field}\``);
	return body[field];
}

function optionalString(body: Record<string, unknown>, field: string, maxLength: number): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') {
		throw invalid(`Invalid request body: ${field}: invalid type: ${describe(value)}, expected a string`);
	}
	if (value.length > maxLength) throw invalid(`${field} must be at most ${maxLength} characters`, field);
	return value;
}

/** Network enum with serde aliases (`TRON`, `Tron`, `tron`); sandbox enables TRON only. */
function parseNetwork(value: unknown): string {
	if (typeof value !== 'string') throw invalid(`Invalid request body: network: invalid type: ${describe(value)}, expected a network`);
	const network = NETWORKS.find(
		(name) => value === name || value === name.toLowerCase() || value === name[0] + name.slice(1).toLowerCase(),
	);
	if (!network) {
		throw invalid(`Invalid request body: network: unknown variant \`${value}\`, expected one of ${NETWORKS.map((n) => `\`${n}\``).join(', ')}`);
	}
	if (!SANDBOX_NETWORKS.includes(network)) {
		throw invalid(`Network ${network} is not enabled on this instance (sandbox supports TRON only)`, 'network');
	}
	return network;
}

/** USDT only: USDC is rejected on TRON and in sandbox. */
function parseToken(value: unknown, network: string): string {
	if (typeof value !== 'string' || !TOKENS.includes(value.toUpperCase())) {
		throw invalid(`Unsupported currency ${JSON.stringify(value)}; expected USDT or USDC`, 'currency');
	}
	const token = value.toUpperCase();
	if (token === 'USDC') throw invalid(`USDC is not supported on ${network} in sandbox; use USDT`, 'currency');
	return token;
}

function parseUrl(value: string | undefined, field: string): string | undefined {
	if (value === undefined) return undefined;
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw invalid(`${field} must be a valid URL`, field);
}

function pageParams(query: URLSearchParams): { page: number; pageSize: number } {
	const read = (name: string, fallback: number, max: number) => {
		const raw = query.get(name);
		if (raw === null) return fallback;
		const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
		if (!(value >= 1 && value <= max)) throw invalid(`${name} must be an integer between 1 and ${max}`, name);
		return value;
	};
	return { page: read('page', 1, Number.MAX_SAFE_INTEGER), pageSize: read('page_size', 20, 100) };
}

function paginate<T>(items: T[], page: number, pageSize: number): T[] {
	return items.slice((page - 1) * pageSize, page * pageSize);
}

function parseDateParam(query: URLSearchParams, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === null) return undefined;
	const time = Date.parse(raw);
	if (Number.isNaN(time)) throw invalid(`${name} must be an ISO-8601 date-time`, name);
	return time;
}

/** "Fiat amount / rate" in micro-units, rounded half-up to 2 decimals (token precision of the input rules). */
function convertFiat(fiatMicro: bigint, rate: string): bigint {
	const rateMicro = decimalToMinor(rate, MICRO);
	const cents = (fiatMicro * 100n * 2n + rateMicro) / (rateMicro * 2n);
	return cents * 10_000n;
}

// ---------- the sandbox ----------

export async function startIronixPaySandbox(options: IronixPaySandboxOptions = {}): Promise<IronixPaySandbox> {
	const resolved: ResolvedIronixPayOptions = {
		port: options.port ?? 0,
		secretKey: options.secretKey ?? IRONIXPAY_TEST_SECRET_KEY,
		liveSecretKey: options.liveSecretKey ?? IRONIXPAY_TEST_LIVE_KEY,
		webhookSecret: options.webhookSecret ?? IRONIXPAY_TEST_WEBHOOK_SECRET,
		webhookUrl: options.webhookUrl,
		rateLimitPerMinute: options.rateLimitPerMinute ?? 60,
		rateLimitBurst: options.rateLimitBurst ?? 20,
		timeScale: options.timeScale ?? 1,
		initialBalance: options.initialBalance ?? '1000',
		processingDelayMs: options.processingDelayMs ?? 0,
	};

	const sessions = new Map<string, SessionRecord>();
	const payouts = new Map<string, PayoutRecord>();
	const subMerchants = new Map<string, SubMerchantRecord>();
	const balances = new Map<string, bigint>([[`${MERCHANT_ID}:USDT`, decimalToMinor(resolved.initialBalance, MICRO)]]);
	const idempotency = new Map<string, IdempotencyEntry>();
	const rateBuckets = new Map<string, number>(); // key -> GCRA theoretical arrival time (ms)
	const events: WebhookEnvelope[] = [];
	let seq = 0;
	let baseUrl = '';

	const dispatcher = new WebhookDispatcher({
		delaysMs: WEBHOOK_DELAYS_MS,
		maxAttempts: WEBHOOK_MAX_ATTEMPTS,
		timeScale: resolved.timeScale,
		timeoutMs: 30_000,
		isAcknowledged: (status) => status >= 200 && status < 300,
	});

	const balanceKey = (org: Org, currency: string) => `${org.id}:${currency}`;
	const getBalance = (org: Org, currency: string) => balances.get(balanceKey(org, currency)) ?? 0n;
	const addBalance = (org: Org, currency: string, delta: bigint) =>
		balances.set(balanceKey(org, currency), getBalance(org, currency) + delta);

	// ----- webhooks -----

	function emit(eventType: string, data: Record<string, unknown>): void {
		const now = new Date();
		const envelope: WebhookEnvelope = {
			// uuidv7-like: millisecond timestamp first, so ids sort by time.
			id: `evt_${now.getTime().toString(16).padStart(12, '0')}${hex(10)}`,
			event_type: eventType,
			created: unix(now),
			data,
		};
		events.push(envelope);
		if (!resolved.webhookUrl) return;
		const body = JSON.stringify(envelope);
		dispatcher.enqueue({
			url: resolved.webhookUrl,
			eventId: envelope.id,
			body,
			headers: (timestamp) => ({
				'Content-Type': 'application/json',
				'X-Timestamp': String(timestamp),
				'X-Signature': createHmac('sha256', resolved.webhookSecret).update(`${timestamp}.${body}`, 'utf8').digest('hex'),
			}),
		});
	}

	function feeOf(session: SessionRecord): bigint {
		return (session.amountReceived * SESSION_FEE_PERCENT) / 100n;
	}

	/** fee_amount / net_amount exist only once a session is Paid or Overpaid. */
	function feeFields(session: SessionRecord): Record<string, string> {
		if (session.status !== 'Paid' && session.status !== 'Overpaid') return {};
		const fee = feeOf(session);
		return { fee_amount: formatMicro(fee), net_amount: formatMicro(session.amountReceived - fee) };
	}

	function sessionWebhookData(session: SessionRecord): Record<string, unknown> {
		return {
			object: 'checkout_session',
			id: session.id,
			merchant_id: session.org.id,
			amount: formatMicro(session.amount),
			amount_received: formatMicro(session.amountReceived),
			...feeFields(session),
			currency: session.currency,
			token_contract: NILE_USDT_CONTRACT,
			network: session.network,
			livemode: false,
			status: session.status,
			pay_address: session.payAddress,
			client_reference_id: session.clientReferenceId,
			created_at: unix(session.createdAt),
			...(session.paidAt ? { paid_at: unix(session.paidAt) } : {}),
			tx_count: session.transactions.length,
			transactions: session.transactions.map((tx) => ({
				tx_hash: tx.txHash,
				amount: formatMicro(tx.amount),
				confirmations: TRON_CONFIRMATIONS,
				from_address: tx.fromAddress,
				detected_at: unix(tx.detectedAt),
			})),
			pricing: session.pricing,
			...(session.org.subMerchantCode ? { sub_merchant_code: session.org.subMerchantCode } : {}),
		};
	}

	function payoutWebhookData(payout: PayoutRecord): Record<string, unknown> {
		return {
			object: 'payout',
			id: payout.id,
			merchant_id: payout.org.id,
			livemode: false,
			status: payout.status,
			amount: formatMicro(payout.amount),
			fee: formatMicro(payout.fee),
			net_amount: formatMicro(payout.amount - payout.fee),
			currency: payout.currency,
			network: payout.network,
			to_address: payout.toAddress,
			tx_hash: payout.txHash ?? null,
			idempotency_key: payout.idempotencyKey,
			...(payout.description !== undefined ? { description: payout.description } : {}),
			...(payout.metadata !== undefined ? { metadata: payout.metadata } : {}),
			...(payout.errorReason !== undefined ? { error_reason: payout.errorReason } : {}),
			created_at: unix(payout.createdAt),
			...(payout.completedAt ? { completed_at: unix(payout.completedAt) } : {}),
			...(payout.org.subMerchantCode ? { sub_merchant_code: payout.org.subMerchantCode } : {}),
		};
	}

	// ----- response shapes -----

	function sessionResponse(session: SessionRecord, withTransactions: boolean): Record<string, unknown> {
		return {
			id: session.id,
			livemode: false,
			merchant_name: MERCHANT_NAME,
			network: session.network,
			currency: session.currency,
			amount: formatMicro(session.amount),
			amount_received: formatMicro(session.amountReceived),
			pay_address: session.payAddress,
			status: session.status,
			client_reference_id: session.clientReferenceId,
			url: `${baseUrl}/checkout/${session.id}`,
			...(session.successUrl !== undefined ? { success_url: session.successUrl } : {}),
			...(session.cancelUrl !== undefined ? { cancel_url: session.cancelUrl } : {}),
			expires_at: rfc3339(session.expiresAt),
			created_at: rfc3339(session.createdAt),
			...feeFields(session),
			pricing: session.pricing,
			...(withTransactions
				? {
						transactions: session.transactions.map((tx) => ({
							network: session.network,
							tx_hash: tx.txHash,
							amount: formatMicro(tx.amount),
							status: 'Confirmed',
							created_at: rfc3339(tx.detectedAt),
						})),
					}
				: {}),
			...(session.org.subMerchantCode ? { sub_merchant_code: session.org.subMerchantCode } : {}),
		};
	}

	function payoutResponse(payout: PayoutRecord): Record<string, unknown> {
		return {
			id: payout.id,
			livemode: false,
			status: payout.status,
			amount: formatMicro(payout.amount),
			fee: formatMicro(payout.fee),
			net_amount: formatMicro(payout.amount - payout.fee),
			currency: payout.currency,
			network: payout.network,
			to_address: payout.toAddress,
			...(payout.txHash !== undefined ? { tx_hash: payout.txHash } : {}),
			...(payout.description !== undefined ? { description: payout.description } : {}),
			...(payout.errorReason !== undefined ? { error_reason: payout.errorReason } : {}),
			created_at: rfc3339(payout.createdAt),
			...(payout.completedAt ? { completed_at: rfc3339(payout.completedAt) } : {}),
			...(payout.org.subMerchantCode ? { sub_merchant_code: payout.org.subMerchantCode } : {}),
		};
	}

	function subMerchantResponse(sub: SubMerchantRecord): Record<string, unknown> {
		return {
			id: sub.id,
			parent_org_id: MERCHANT_ID,
			sub_merchant_code: sub.code,
			display_name: sub.displayName,
			child_org_id: sub.childOrgId,
			status: sub.status,
			created_at: rfc3339(sub.createdAt),
			updated_at: rfc3339(sub.updatedAt),
		};
	}

	/** The parent sees its own and its sub-merchants' objects; a sub-merchant context only its own. */
	const visibleTo = (org: Org, owner: Org) => org.subMerchantCode === undefined || owner.id === org.id;

	// ----- session state machine -----

	function expireDueSessions(): void {
		const now = Date.now();
		for (const session of sessions.values()) {
			if ((session.status === 'Pending' || session.status === 'Underpaid') && session.expiresAt.getTime() <= now) {
				expireSession(session);
			}
		}
	}

	function expireSession(session: SessionRecord): void {
		session.status = 'Expired';
		emit('session.expired', sessionWebhookData(session));
	}

	function paySession(session: SessionRecord, amount: bigint, txHash?: string, fromAddress?: string): void {
		const now = new Date();
		session.transactions.push({ txHash: txHash ?? hex(32), amount, fromAddress: fromAddress ?? fakeTronAddress(), detectedAt: now });
		session.amountReceived += amount;
		if (session.amountReceived > session.amount) session.status = 'Overpaid';
		else if (session.amountReceived >= session.amount - PAYMENT_TOLERANCE) session.status = 'Paid';
		else {
			session.status = 'Underpaid';
			session.expiresAt = new Date(now.getTime() + UNDERPAID_TTL_MS);
			return;
		}
		session.paidAt = now;
		addBalance(session.org, session.currency, session.amountReceived - feeOf(session));
		emit('session.completed', sessionWebhookData(session));
	}

	// ----- API handlers -----

	function createSession(ctx: Context): Reply {
		const { body, org } = ctx;
		const pricingAmount = requireField(body, 'pricing_amount');
		const pricingCurrencyRaw = requireField(body, 'pricing_currency');
		const currencyRaw = requireField(body, 'currency');
		const network = parseNetwork(requireField(body, 'network'));
		const currency = parseToken(currencyRaw, network);
		const clientReferenceId = optionalString(body, 'client_reference_id', 200) ?? null;
		const successUrl = parseUrl(optionalString(body, 'success_url', 2048), 'success_url');
		const cancelUrl = parseUrl(optionalString(body, 'cancel_url', 2048), 'cancel_url');
		if (typeof pricingCurrencyRaw !== 'string') {
			throw invalid(`Invalid request body: pricing_currency: invalid type: ${describe(pricingCurrencyRaw)}, expected a string`);
		}
		const pricingCurrency = pricingCurrencyRaw.toUpperCase();

		let amount: bigint;
		let pricingMicro: bigint;
		let exchangeRate: string;
		if (TOKENS.includes(pricingCurrency)) {
			if (pricingCurrency !== currency) {
				throw invalid(`pricing_currency ${pricingCurrency} must match currency ${currency} for crypto pricing`, 'pricing_currency');
			}
			pricingMicro = amount = parseAmount(pricingAmount, 'pricing_amount', 2);
			if (amount < ONE || amount > CRYPTO_MAX) {
				throw invalid('pricing_amount must be between 1.00 and 10000000.00', 'pricing_amount');
			}
			exchangeRate = '1';
		} else if (pricingCurrency in FIAT_RATES) {
			pricingMicro = parseAmount(pricingAmount, 'pricing_amount', ZERO_DECIMAL_FIAT.includes(pricingCurrency) ? 0 : 2);
			if (pricingMicro <= 0n) throw invalid('pricing_amount must be greater than 0', 'pricing_amount');
			exchangeRate = FIAT_RATES[pricingCurrency];
			amount = convertFiat(pricingMicro, exchangeRate);
			if (amount < ONE) throw invalid(`Fiat-priced amount converts to less than 1 ${currency} minimum.`, 'pricing_amount');
			if (amount > CRYPTO_MAX) throw invalid('Converted amount exceeds 10000000', 'pricing_amount');
		} else {
			throw invalid(
				`Unsupported pricing_currency ${pricingCurrencyRaw}; expected ${[...TOKENS, ...Object.keys(FIAT_RATES)].join(', ')}`,
				'pricing_currency',
			);
		}

		if (clientReferenceId !== null) {
			const existing = [...sessions.values()].find(
				(s) => s.org.id === org.id && s.clientReferenceId === clientReferenceId && s.network === network && s.currency === currency,
			);
			if (existing?.status === 'Expired') {
				throw new ApiError(410, 'session_expired', `Checkout session for client_reference_id '${clientReferenceId}' has expired`);
			}
			if (existing) return { status: 201, body: sessionResponse(existing, false) };
		}

		const now = new Date();
		const session: SessionRecord = {
			id: `cs_${hex(16)}`,
			seq: ++seq,
			org,
			network,
			currency,
			amount,
			amountReceived: 0n,
			payAddress: fakeTronAddress(),
			status: 'Pending',
			clientReferenceId,
			successUrl,
			cancelUrl,
			pricing: { currency: pricingCurrency, amount: formatMicro(pricingMicro), exchange_rate: exchangeRate },
			createdAt: now,
			expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
			transactions: [],
		};
		sessions.set(session.id, session);
		return { status: 201, body: sessionResponse(session, false) };
	}

	function findSession(org: Org, id: string): SessionRecord {
		const session = sessions.get(id);
		if (!session || !visibleTo(org, session.org)) throw notFound('Session not found');
		return session;
	}

	function listSessions(ctx: Context): Reply {
		const { query, org } = ctx;
		const { page, pageSize } = pageParams(query);
		const statuses = query.getAll('status');
		for (const status of statuses) {
			if (!SESSION_STATUSES.includes(status)) throw invalid(`Invalid status '${status}'; expected one of ${SESSION_STATUSES.join(', ')}`, 'status');
		}
		const network = query.get('network') === null ? undefined : parseNetwork(query.get('network'));
		const search = query.get('search_text')?.toLowerCase();
		const after = parseDateParam(query, 'created_after');
		const before = parseDateParam(query, 'created_before');
		const includeSubs = query.get('include_sub_merchants');
		if (includeSubs !== null && includeSubs !== 'true' && includeSubs !== 'false') {
			throw invalid('include_sub_merchants must be true or false', 'include_sub_merchants');
		}
		const subCode = query.get('sub_merchant_code') ?? undefined;

		const owned = (s: SessionRecord) => {
			if (org.subMerchantCode !== undefined) return s.org.id === org.id;
			if (subCode !== undefined) return s.org.subMerchantCode === subCode;
			return includeSubs === 'true' || s.org.subMerchantCode === undefined;
		};
		const matches = (s: SessionRecord) =>
			owned(s) &&
			(statuses.length === 0 || statuses.includes(s.status)) &&
			(network === undefined || s.network === network) &&
			(after === undefined || s.createdAt.getTime() >= after) &&
			(before === undefined || s.createdAt.getTime() <= before) &&
			(search === undefined ||
				[s.id, s.payAddress, ...s.transactions.map((tx) => tx.txHash)].some((text) => text.toLowerCase().includes(search)));

		const all = [...sessions.values()].filter(matches).sort((a, b) => b.seq - a.seq);
		return listReply(all.map((s) => sessionResponse(s, false)), page, pageSize);
	}

	function listReply(items: unknown[], page: number, pageSize: number): Reply {
		return {
			status: 200,
			body: {
				data: paginate(items, page, pageSize),
				meta: { total: items.length, page, page_size: pageSize, total_pages: Math.ceil(items.length / pageSize) },
			},
		};
	}

	function createPayout(ctx: Context): Reply {
		const { body, org } = ctx;
		const amount = parseAmount(requireField(body, 'amount'), 'amount', 2);
		const network = parseNetwork(requireField(body, 'network'));
		const currency = parseToken(requireField(body, 'currency'), network);
		const toAddress = requireField(body, 'to_address');
		const description = optionalString(body, 'description', 500);
		const metadata = body.metadata ?? undefined;
		if (amount < ONE || amount > CRYPTO_MAX) throw invalid('amount must be between 1.00 and 10000000.00', 'amount');
		if (typeof toAddress !== 'string' || !TRON_ADDRESS.test(toAddress)) {
			throw invalid(`Invalid TRON address: ${String(toAddress)}`, 'to_address', 'invalid_address');
		}
		if (metadata !== undefined) {
			if (typeof metadata !== 'object' || Array.isArray(metadata)) throw invalid('metadata must be a JSON object', 'metadata');
			if (Object.keys(metadata).length > 50) throw invalid('metadata must have at most 50 keys', 'metadata');
			if (Buffer.byteLength(JSON.stringify(metadata)) > METADATA_MAX_BYTES) {
				throw invalid('metadata must be at most 4KB when serialised', 'metadata');
			}
		}

		if (amount > PAYOUT_MAX) throw invalid('Amount exceeds the per-payout limit of 10000 USDT', 'amount', 'invalid_amount');
		const startOfDay = new Date();
		startOfDay.setUTCHours(0, 0, 0, 0);
		const today = [...payouts.values()]
			.filter((p) => p.org.id === org.id && p.createdAt >= startOfDay && !['Failed', 'Cancelled'].includes(p.status))
			.reduce((sum, p) => sum + p.amount, 0n);
		if (today + amount > PAYOUT_DAILY_MAX) {
			throw invalid(`Amount exceeds the daily payout limit of 50000 USDT (already paid out today: ${formatMicro(today)})`, 'amount', 'invalid_amount');
		}
		const fee = PAYOUT_FEE_TRON;
		if (amount <= fee) throw invalid(`Amount must exceed the network fee of ${formatMicro(fee)} ${currency}`, 'amount', 'invalid_amount');
		if (toAddress === IRONIXPAY_AML_BLOCKED_ADDRESS) {
			throw invalid('Destination address failed the AML check', 'to_address', 'invalid_address');
		}
		if (toAddress === IRONIXPAY_TREASURY_ADDRESS) {
			throw invalid('Cannot pay out to the platform treasury address', 'to_address', 'self_transfer');
		}
		const have = getBalance(org, currency);
		if (have < amount) {
			const twoDp = (micro: bigint) => minorToDecimal(micro / 10_000n, 2);
			throw invalid(`Insufficient balance: have ${twoDp(have)} ${currency}, need ${twoDp(amount)} ${currency}`, undefined, 'insufficient_balance');
		}

		addBalance(org, currency, -amount);
		const payout: PayoutRecord = {
			id: `po_${hex(16)}`,
			seq: ++seq,
			org,
			status: 'Pending',
			amount,
			fee,
			currency,
			network,
			toAddress,
			idempotencyKey: ctx.idempotencyKey ?? '',
			description,
			metadata: metadata as Record<string, unknown> | undefined,
			createdAt: new Date(),
		};
		payouts.set(payout.id, payout);
		return { status: 201, body: payoutResponse(payout) };
	}

	function findPayout(org: Org, id: string): PayoutRecord {
		const payout = payouts.get(id);
		if (!payout || !visibleTo(org, payout.org)) throw notFound(`Payout '${id}' not found`);
		return payout;
	}

	function listPayouts(ctx: Context): Reply {
		const { page, pageSize } = pageParams(ctx.query);
		const status = ctx.query.get('status');
		if (status !== null && !PAYOUT_STATUSES.includes(status)) throw invalid(`Invalid status '${status}'`, 'status');
		const all = [...payouts.values()]
			.filter((p) => (ctx.org.subMerchantCode === undefined ? true : p.org.id === ctx.org.id))
			.filter((p) => status === null || p.status === status)
			.sort((a, b) => b.seq - a.seq);
		return listReply(all.map(payoutResponse), page, pageSize);
	}

	function validateDisplayName(value: unknown): string {
		if (typeof value !== 'string') throw invalid(`Invalid request body: display_name: invalid type: ${describe(value)}, expected a string`);
		if (value.length < 1 || value.length > 200) throw invalid('display_name: length must be between 1 and 200', 'display_name');
		return value;
	}

	function createSubMerchant(ctx: Context): Reply {
		const code = requireField(ctx.body, 'sub_merchant_code');
		const displayName = validateDisplayName(requireField(ctx.body, 'display_name'));
		if (typeof code !== 'string') throw invalid(`Invalid request body: sub_merchant_code: invalid type: ${describe(code)}, expected a string`);
		if (code.length < 1 || code.length > 100) throw invalid('sub_merchant_code: length must be between 1 and 100', 'sub_merchant_code');
		if (code.startsWith('_')) {
			throw invalid(`Sub-merchant code '${code}' is reserved and cannot be used`, 'sub_merchant_code', 'reserved_code');
		}
		if (subMerchants.has(code)) {
			throw new ApiError(409, 'conflict', `Sub-merchant code '${code}' already exists for parent '${MERCHANT_ID}'`);
		}
		const now = new Date();
		const sub: SubMerchantRecord = {
			id: `sm_${hex(16)}`,
			code,
			displayName,
			childOrgId: `mer_${hex(16)}`,
			status: 'active',
			createdAt: now,
			updatedAt: now,
		};
		subMerchants.set(code, sub);
		return { status: 200, body: subMerchantResponse(sub) };
	}

	function findSubMerchant(code: string): SubMerchantRecord {
		const sub = subMerchants.get(code);
		if (!sub) throw notFound('Sub-merchant not found');
		return sub;
	}

	function updateSubMerchant(ctx: Context): Reply {
		const sub = findSubMerchant(ctx.params.code);
		const { display_name: displayName, status } = ctx.body;
		if (displayName !== undefined && displayName !== null) sub.displayName = validateDisplayName(displayName);
		if (status !== undefined && status !== null) {
			if (status !== 'active' && status !== 'suspended') {
				throw invalid(`Invalid request body: status: unknown variant \`${String(status)}\`, expected \`active\` or \`suspended\``, 'status');
			}
			sub.status = status;
		}
		sub.updatedAt = new Date();
		return { status: 200, body: subMerchantResponse(sub) };
	}

	function listSubMerchants(ctx: Context): Reply {
		const { page, pageSize } = pageParams(ctx.query);
		const all = [...subMerchants.values()].reverse();
		return {
			status: 200,
			body: { items: paginate(all, page, pageSize).map(subMerchantResponse), total: all.length, page, page_size: pageSize },
		};
	}

	const api = new Router<RouteSpec>()
		.add('POST', '/v1/checkout/sessions', {
			handler: createSession,
			subMerchantScope: true,
			bodyFields: SESSION_FIELDS,
			idempotency: 'optional',
		})
		.add('GET', '/v1/checkout/sessions', { handler: listSessions, subMerchantScope: true })
		.add('GET', '/v1/checkout/sessions/:id', {
			handler: (ctx) => ({ status: 200, body: sessionResponse(findSession(ctx.org, ctx.params.id), true) }),
			subMerchantScope: true,
		})
		.add('POST', '/v1/payouts', {
			handler: createPayout,
			subMerchantScope: true,
			bodyFields: PAYOUT_FIELDS,
			idempotency: 'required',
		})
		.add('GET', '/v1/payouts', { handler: listPayouts, subMerchantScope: true })
		.add('GET', '/v1/payouts/:id', {
			handler: (ctx) => ({ status: 200, body: payoutResponse(findPayout(ctx.org, ctx.params.id)) }),
			subMerchantScope: true,
		})
		.add('POST', '/v1/sub-merchants', { handler: createSubMerchant, bodyFields: ['sub_merchant_code', 'display_name'] })
		.add('GET', '/v1/sub-merchants', { handler: listSubMerchants })
		.add('GET', '/v1/sub-merchants/:code', {
			handler: (ctx) => ({ status: 200, body: subMerchantResponse(findSubMerchant(ctx.params.code)) }),
		})
		.add('PATCH', '/v1/sub-merchants/:code', { handler: updateSubMerchant, bodyFields: ['display_name', 'status'] });

	// ----- test-only controls -----

	function controlSession(id: string, allowed: string[]): SessionRecord {
		const session = sessions.get(id);
		if (!session) throw notFound('Session not found');
		if (!allowed.includes(session.status)) {
			throw new ApiError(409, 'conflict', `Session ${id} is ${session.status}; expected ${allowed.join(' or ')}`);
		}
		return session;
	}

	function controlPayout(id: string): PayoutRecord {
		const payout = payouts.get(id);
		if (!payout) throw notFound(`Payout '${id}' not found`);
		if (payout.status !== 'Pending' && payout.status !== 'Processing') {
			throw new ApiError(409, 'conflict', `Payout ${id} is ${payout.status}; expected Pending or Processing`);
		}
		payout.status = 'Processing';
		return payout;
	}

	function controlOrg(code: unknown): Org {
		if (code === undefined || code === null) return { id: MERCHANT_ID };
		const sub = findSubMerchant(String(code));
		return { id: sub.childOrgId, subMerchantCode: sub.code };
	}

	const controls = new Router<ControlHandler>()
		.add('POST', '/_sandbox/webhook-endpoint', (body) => {
			const url = body.url;
			if (url !== null && typeof url !== 'string') throw invalid('url must be a string or null', 'url');
			resolved.webhookUrl = url ?? undefined;
			return { status: 200, body: { url: resolved.webhookUrl ?? null } };
		})
		.add('POST', '/_sandbox/sessions/:id/pay', (body, params) => {
			const session = controlSession(params.id, ['Pending', 'Underpaid']);
			const amount = parseAmount(body.amount, 'amount', MICRO);
			if (amount <= 0n) throw invalid('amount must be positive', 'amount');
			const txHash = optionalString(body, 'tx_hash', 128);
			const fromAddress = optionalString(body, 'from_address', 64);
			paySession(session, amount, txHash, fromAddress);
			return { status: 200, body: sessionResponse(session, true) };
		})
		.add('POST', '/_sandbox/sessions/:id/expire', (_body, params) => {
			const session = controlSession(params.id, ['Pending', 'Underpaid']);
			expireSession(session);
			return { status: 200, body: sessionResponse(session, true) };
		})
		.add('POST', '/_sandbox/payouts/:id/complete', (_body, params) => {
			const payout = controlPayout(params.id);
			payout.status = 'Completed';
			payout.txHash = hex(32);
			payout.completedAt = new Date();
			emit('payout.completed', payoutWebhookData(payout));
			return { status: 200, body: payoutResponse(payout) };
		})
		.add('POST', '/_sandbox/payouts/:id/fail', (body, params) => {
			const payout = controlPayout(params.id);
			payout.status = 'Failed';
			payout.errorReason = optionalString(body, 'reason', 500) ?? 'Broadcast failed';
			addBalance(payout.org, payout.currency, payout.amount);
			emit('payout.failed', payoutWebhookData(payout));
			return { status: 200, body: payoutResponse(payout) };
		})
		.add('POST', '/_sandbox/balance', (body) => {
			const currency = typeof body.currency === 'string' ? body.currency.toUpperCase() : 'USDT';
			if (!TOKENS.includes(currency)) throw invalid('currency must be USDT or USDC', 'currency');
			const org = controlOrg(body.sub_merchant_code);
			balances.set(balanceKey(org, currency), parseAmount(body.amount, 'amount', MICRO));
			return { status: 200, body: { currency, amount: formatMicro(getBalance(org, currency)) } };
		})
		.add('POST', '/_sandbox/webhooks/:id/redeliver', (_body, params) => {
			if (!events.some((event) => event.id === params.id)) throw notFound(`Event '${params.id}' not found`);
			dispatcher.redeliver(params.id);
			return { status: 200, body: { id: params.id } };
		})
		.add('GET', '/_sandbox/webhooks', () => ({
			status: 200,
			body: { events, attempts: dispatcher.attempts },
		}))
		.add('GET', '/_sandbox/state', () => ({
			status: 200,
			body: {
				sessions: sessions.size,
				payouts: payouts.size,
				sub_merchants: subMerchants.size,
				idempotency_keys: idempotency.size,
				events: events.length,
				webhook_url: resolved.webhookUrl ?? null,
				balance: { USDT: formatMicro(getBalance({ id: MERCHANT_ID }, 'USDT')), USDC: formatMicro(getBalance({ id: MERCHANT_ID }, 'USDC')) },
			},
		}));

	// ----- request pipeline -----

	/** tower_governor GCRA: burst tokens, one more every 60000/rpm ms; wait reported in whole seconds (truncated). */
	function rateLimit(req: IncomingMessage, res: ServerResponse): boolean {
		const auth = header(req, 'authorization') ?? '';
		const token = auth.startsWith('Bearer ') ? auth.slice(7) : auth;
		const key = token.startsWith('sk_') ? token : `ip:${req.socket.remoteAddress ?? ''}`;
		const period = 60_000 / resolved.rateLimitPerMinute;
		const tolerance = period * resolved.rateLimitBurst;
		const now = Date.now();
		const tat = Math.max(rateBuckets.get(key) ?? now, now);
		const limit = String(resolved.rateLimitBurst);
		if (tat + period - now > tolerance) {
			const wait = String(Math.floor((tat + period - tolerance - now) / 1000));
			sendText(res, 429, `Too Many Requests! Wait for ${wait}s`, {
				'x-ratelimit-after': wait,
				'retry-after': wait,
				'x-ratelimit-limit': limit,
				'x-ratelimit-remaining': '0',
			});
			return false;
		}
		rateBuckets.set(key, tat + period);
		res.setHeader('x-ratelimit-limit', limit);
		res.setHeader('x-ratelimit-remaining', String(Math.floor((tolerance - (tat + period - now)) / period)));
		return true;
	}

	function authenticate(req: IncomingMessage): void {
		const value = header(req, 'authorization');
		if (value === undefined) throw new ApiError(401, 'authentication_failed', 'Missing Authorization header');
		const token = value.startsWith('Bearer ') ? value.slice(7) : value.startsWith('sk_') ? value : '';
		if (token === resolved.liveSecretKey) {
			throw new ApiError(403, 'environment_mismatch', "Environment mismatch. You are targeting 'production' but this instance is 'sandbox'.");
		}
		if (token !== resolved.secretKey) throw new ApiError(401, 'authentication_failed', 'Invalid API Key or Token');
	}

	function resolveOrg(req: IncomingMessage, route: RouteSpec): Org {
		const code = route.subMerchantScope ? header(req, 'x-sub-merchant-code') : undefined;
		if (code === undefined) return { id: MERCHANT_ID };
		const sub = subMerchants.get(code);
		if (!sub || sub.status !== 'active') {
			throw invalid(`Sub-merchant '${code}' not found or not active`, 'X-Sub-Merchant-Code', 'invalid_sub_merchant_code');
		}
		return { id: sub.childOrgId, subMerchantCode: sub.code };
	}

	function parseJsonBody(req: IncomingMessage, rawBody: Buffer, strict: boolean): Record<string, unknown> {
		const contentType = header(req, 'content-type') ?? '';
		if (strict && !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
			throw invalid('Missing Content-Type: expected Content-Type: application/json');
		}
		if (!strict && rawBody.length === 0) return {};
		let parsed: unknown;
		try {
			parsed = JSON.parse(rawBody.toString('utf8'));
		} catch {
			throw invalid('Invalid JSON: request body contains malformed JSON');
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw invalid(`Invalid request body: invalid type: ${describe(parsed)}, expected a JSON object`);
		}
		return parsed as Record<string, unknown>;
	}

	async function runApi(req: IncomingMessage, rawBody: Buffer, url: URL, route: RouteSpec, params: Record<string, string>): Promise<Reply & { replayed?: boolean }> {
		authenticate(req);
		const org = resolveOrg(req, route);
		const idempotencyKey = route.idempotency ? header(req, 'idempotency-key') : undefined;
		if (route.idempotency === 'required' && !idempotencyKey) {
			throw invalid('Idempotency-Key header is required for this endpoint', 'Idempotency-Key');
		}
		const body = route.bodyFields ? parseJsonBody(req, rawBody, true) : {};
		const ctx: Context = { query: url.searchParams, params, body, org, idempotencyKey };
		const run = async (): Promise<Reply> => {
			if (resolved.processingDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, resolved.processingDelayMs));
			try {
				return await route.handler(ctx);
			} catch (error) {
				// Errors are replies too, so the idempotency table caches them (500 included).
				return (error instanceof ApiError ? error : internalError()).toReply();
			}
		};
		if (!idempotencyKey) return await run();

		const tableKey = `${org.id}:${idempotencyKey}`;
		const hash = createHash('sha256').update(canonicalJson(pick(body, route.bodyFields ?? []))).digest('hex');
		const now = Date.now();
		const entry = idempotency.get(tableKey);
		if (entry && now - entry.startedAt < IDEMPOTENCY_TTL_MS) {
			if (!entry.response && now - entry.startedAt < IDEMPOTENCY_STALE_MS) {
				throw new ApiError(202, 'request_in_progress', 'A request with this idempotency key is currently being processed', undefined, 'api_error', false);
			}
			if (entry.response && entry.hash !== hash) {
				throw new ApiError(409, 'idempotency_conflict', 'Idempotency key was used with a different request body', undefined, 'idempotency_error');
			}
			if (entry.response) return { ...entry.response, replayed: true };
		}
		// New key, expired key, or a stale in-flight lock taken over.
		const fresh: IdempotencyEntry = { hash, startedAt: now };
		idempotency.set(tableKey, fresh);
		fresh.response = await run();
		return fresh.response;
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', baseUrl);
		const method = req.method ?? 'GET';
		expireDueSessions();
		try {
			if (url.pathname.startsWith('/_sandbox/')) {
				const control = controls.match(method, url.pathname);
				if (!control) throw notFound(`Unknown sandbox control ${method} ${url.pathname}`);
				const reply = control.handler(parseJsonBody(req, rawBody, false), control.params);
				sendJson(res, reply.status, reply.body);
				return;
			}
			if (!rateLimit(req, res)) return;
			const match = api.match(method, url.pathname);
			if (!match) throw notFound(`Unrecognized request URL (${method}: ${url.pathname})`);
			const reply = await runApi(req, rawBody, url, match.handler, match.params);
			sendJson(res, reply.status, reply.body, reply.replayed ? { 'Idempotency-Replayed': 'true' } : {});
		} catch (error) {
			const reply = (error instanceof ApiError ? error : internalError()).toReply();
			sendJson(res, reply.status, reply.body);
		}
	}

	const server = await startHttpServer(handle, { port: resolved.port });
	baseUrl = server.url;
	resolved.port = server.port;
	const sweep = setInterval(expireDueSessions, 5_000);
	sweep.unref();

	return {
		url: server.url,
		options: resolved,
		dispatcher,
		sessions,
		payouts,
		subMerchants,
		events,
		balance: (currency = 'USDT', subMerchantCode?: string) =>
			formatMicro(getBalance(subMerchantCode === undefined ? { id: MERCHANT_ID } : controlOrg(subMerchantCode), currency)),
		close: async () => {
			clearInterval(sweep);
			dispatcher.stop();
			await server.close();
		},
	};
}
