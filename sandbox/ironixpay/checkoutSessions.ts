/**
 * Checkout sessions (API reference: POST/GET /v1/checkout/sessions; guide: checkout): creation
 * with crypto or fiat pricing, natural de-dupe on client_reference_id (410 once expired), reads,
 * filtered lists, and the state machine Pending -> Underpaid | Paid | Overpaid | Expired.
 */
import type { Router } from '../shared/server';
import {
	CLIENT_REFERENCE_MAX_CHARS,
	CRYPTO_MAX,
	FIAT_RATES,
	MERCHANT_NAME,
	MICRO,
	NILE_USDT_CONTRACT,
	ONE,
	PAYMENT_TOLERANCE,
	SESSION_FEE_PERCENT,
	SESSION_FIELDS,
	SESSION_STATUSES,
	SESSION_TTL_MS,
	TOKEN_INPUT_DECIMALS,
	TOKENS,
	TRON_CONFIRMATIONS,
	UNDERPAID_TTL_MS,
	ZERO_DECIMAL_FIAT,
} from './constants';
import { ApiError, invalid, notFound, type Reply } from './errors';
import { parseDecimal } from '../shared/decimal';
import {
	describe,
	formatMicro,
	optionalString,
	pageParams,
	paginate,
	parseAmount,
	parseDateParam,
	parseNetwork,
	parseToken,
	parseUrl,
	requireField,
} from './input';
import { fakeTronAddress, hex, rfc3339, unix, type Context, type RouteSpec, type Runtime } from './runtime';
import { visibleTo, type Org, type SessionRecord } from './state';
import { emit } from './webhooks';

/** "Fiat amount / rate" in micro-units, rounded half-up to 2 decimals (token precision of the input rules). */
function convertFiat(fiatMicro: bigint, rate: string): bigint {
	const rateMicro = parseDecimal(rate, MICRO) ?? 1n;
	const cents = (fiatMicro * 100n * 2n + rateMicro) / (rateMicro * 2n);
	return cents * 10_000n;
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

/** SessionResponse; `transactions` only on a read by id. */
export function sessionResponse(rt: Runtime, session: SessionRecord, withTransactions: boolean): Record<string, unknown> {
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
		url: `${rt.baseUrl}/checkout/${session.id}`,
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

/** The `data` of session.* webhooks (timestamps in Unix seconds). */
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

// ----- state machine -----

export function expireSession(rt: Runtime, session: SessionRecord): void {
	session.status = 'Expired';
	emit(rt, 'session.expired', sessionWebhookData(session));
}

export function expireDueSessions(rt: Runtime): void {
	const now = Date.now();
	for (const session of rt.state.sessions.values()) {
		if ((session.status === 'Pending' || session.status === 'Underpaid') && session.expiresAt.getTime() <= now) {
			expireSession(rt, session);
		}
	}
}

/**
 * The AML screen flagged the session's payment (guide: webhooks, `session.blocked`): the session is
 * Blocked and its `data.transactions` is empty; nothing is credited.
 */
export function blockSession(rt: Runtime, session: SessionRecord): void {
	session.status = 'Blocked';
	emit(rt, 'session.blocked', { ...sessionWebhookData(session), transactions: [] });
}

/**
 * A dashboard Accept in the Resolution Center (guide: webhooks, `session.resolved`): the session
 * is accepted as Paid and what it received is credited less the fee [ASSUMPTION: the guide does not
 * state the resulting status; `fee_amount`/`net_amount` on resolved events imply a paid state].
 */
export function resolveSession(rt: Runtime, session: SessionRecord): void {
	session.status = 'Paid';
	session.paidAt = new Date();
	rt.state.addBalance(session.org, session.currency, session.amountReceived - feeOf(session));
	emit(rt, 'session.resolved', sessionWebhookData(session));
}

/** An on-chain payment detected: within 0.01 of the amount is Paid, above is Overpaid, below Underpaid (+24 h). */
export function paySession(rt: Runtime, session: SessionRecord, amount: bigint, txHash?: string, fromAddress?: string): void {
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
	rt.state.addBalance(session.org, session.currency, session.amountReceived - feeOf(session));
	emit(rt, 'session.completed', sessionWebhookData(session));
}

// ----- API handlers -----

function createSession(rt: Runtime, ctx: Context): Reply {
	const { body, org } = ctx;
	const pricingAmount = requireField(body, 'pricing_amount');
	const pricingCurrencyRaw = requireField(body, 'pricing_currency');
	const currencyRaw = requireField(body, 'currency');
	const network = parseNetwork(requireField(body, 'network'));
	const currency = parseToken(currencyRaw, network);
	const clientReferenceId = optionalString(body, 'client_reference_id', CLIENT_REFERENCE_MAX_CHARS) ?? null;
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
		pricingMicro = amount = parseAmount(pricingAmount, 'pricing_amount', TOKEN_INPUT_DECIMALS);
		if (amount < ONE || amount > CRYPTO_MAX) {
			throw invalid('pricing_amount must be between 1.00 and 10000000.00', 'pricing_amount');
		}
		exchangeRate = '1';
	} else if (pricingCurrency in FIAT_RATES) {
		const decimals = ZERO_DECIMAL_FIAT.includes(pricingCurrency) ? 0 : 2;
		pricingMicro = parseAmount(pricingAmount, 'pricing_amount', decimals);
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

	// Natural de-dupe: the same merchant + reference + network + token returns the existing session.
	if (clientReferenceId !== null) {
		const existing = [...rt.state.sessions.values()].find(
			(s) => s.org.id === org.id && s.clientReferenceId === clientReferenceId && s.network === network && s.currency === currency,
		);
		if (existing?.status === 'Expired') {
			throw new ApiError(410, 'session_expired', `Checkout session for client_reference_id '${clientReferenceId}' has expired`);
		}
		if (existing) return { status: 201, body: sessionResponse(rt, existing, false) };
	}

	const now = new Date();
	const session: SessionRecord = {
		id: `cs_${hex(16)}`,
		seq: rt.state.nextSeq(),
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
	rt.state.sessions.set(session.id, session);
	return { status: 201, body: sessionResponse(rt, session, false) };
}

function findSession(rt: Runtime, org: Org, id: string): SessionRecord {
	const session = rt.state.sessions.get(id);
	if (!session || !visibleTo(org, session.org)) throw notFound('Session not found');
	return session;
}

/** `{data, meta:{total, page, page_size, total_pages}}`, shared with payouts. */
export function listReply(items: unknown[], page: number, pageSize: number): Reply {
	return {
		status: 200,
		body: {
			data: paginate(items, page, pageSize),
			meta: { total: items.length, page, page_size: pageSize, total_pages: Math.ceil(items.length / pageSize) },
		},
	};
}

function listSessions(rt: Runtime, ctx: Context): Reply {
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

	const all = [...rt.state.sessions.values()].filter(matches).sort((a, b) => b.seq - a.seq);
	return listReply(all.map((s) => sessionResponse(rt, s, false)), page, pageSize);
}

export function registerCheckoutSessions(api: Router<RouteSpec>, rt: Runtime): void {
	api
		.add('POST', '/v1/checkout/sessions', {
			handler: (ctx) => createSession(rt, ctx),
			subMerchantScope: true,
			bodyFields: SESSION_FIELDS,
			idempotency: 'optional',
		})
		.add('GET', '/v1/checkout/sessions', { handler: (ctx) => listSessions(rt, ctx), subMerchantScope: true })
		.add('GET', '/v1/checkout/sessions/:id', {
			handler: (ctx) => ({ status: 200, body: sessionResponse(rt, findSession(rt, ctx.org, ctx.params.id), true) }),
			subMerchantScope: true,
		});
}
