/**
 * Payouts (API reference: POST/GET /v1/payouts; guide: payouts): Idempotency-Key required,
 * per-payout and daily limits, flat network fee, AML / treasury checks, balance debit, and the
 * lifecycle Pending -> Processing -> Completed | Failed (refunded) driven by test controls.
 */
import { formatDecimal } from '../shared/decimal';
import type { Router } from '../shared/server';
import {
	CRYPTO_MAX,
	IRONIXPAY_AML_BLOCKED_ADDRESS,
	IRONIXPAY_TREASURY_ADDRESS,
	METADATA_MAX_BYTES,
	METADATA_MAX_KEYS,
	ONE,
	PAYOUT_DAILY_MAX,
	PAYOUT_FEE_TRON,
	PAYOUT_FIELDS,
	PAYOUT_MAX,
	PAYOUT_STATUSES,
	TOKEN_INPUT_DECIMALS,
	TRON_ADDRESS,
} from './constants';
import { conflict, invalid, notFound, type Reply } from './errors';
import { formatMicro, optionalString, pageParams, parseAmount, parseNetwork, parseToken, requireField } from './input';
import { listReply } from './checkoutSessions';
import { hex, rfc3339, unix, type Context, type RouteSpec, type Runtime } from './runtime';
import { visibleTo, type Org, type PayoutRecord } from './state';
import { emit } from './webhooks';

/** PayoutResponse. */
export function payoutResponse(payout: PayoutRecord): Record<string, unknown> {
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

/** The `data` of payout.* webhooks (timestamps in Unix seconds; carries the idempotency key). */
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

function createPayout(rt: Runtime, ctx: Context): Reply {
	const { body, org } = ctx;
	const { state } = rt;
	const amount = parseAmount(requireField(body, 'amount'), 'amount', TOKEN_INPUT_DECIMALS);
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
		if (Object.keys(metadata).length > METADATA_MAX_KEYS) throw invalid('metadata must have at most 50 keys', 'metadata');
		if (Buffer.byteLength(JSON.stringify(metadata)) > METADATA_MAX_BYTES) {
			throw invalid('metadata must be at most 4KB when serialised', 'metadata');
		}
	}

	if (amount > PAYOUT_MAX) throw invalid('Amount exceeds the per-payout limit of 10000 USDT', 'amount', 'invalid_amount');
	const startOfDay = new Date();
	startOfDay.setUTCHours(0, 0, 0, 0);
	const today = [...state.payouts.values()]
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
	const have = state.balance(org, currency);
	if (have < amount) {
		const twoDp = (micro: bigint) => formatDecimal(micro / 10_000n, 2, { minDecimals: 2 });
		throw invalid(`Insufficient balance: have ${twoDp(have)} ${currency}, need ${twoDp(amount)} ${currency}`, undefined, 'insufficient_balance');
	}

	state.addBalance(org, currency, -amount);
	const payout: PayoutRecord = {
		id: `po_${hex(16)}`,
		seq: state.nextSeq(),
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
	state.payouts.set(payout.id, payout);
	return { status: 201, body: payoutResponse(payout) };
}

function findPayout(rt: Runtime, org: Org, id: string): PayoutRecord {
	const payout = rt.state.payouts.get(id);
	if (!payout || !visibleTo(org, payout.org)) throw notFound(`Payout '${id}' not found`);
	return payout;
}

function listPayouts(rt: Runtime, ctx: Context): Reply {
	const { page, pageSize } = pageParams(ctx.query);
	const status = ctx.query.get('status');
	if (status !== null && !PAYOUT_STATUSES.includes(status)) throw invalid(`Invalid status '${status}'`, 'status');
	const all = [...rt.state.payouts.values()]
		.filter((p) => (ctx.org.subMerchantCode === undefined ? true : p.org.id === ctx.org.id))
		.filter((p) => status === null || p.status === status)
		.sort((a, b) => b.seq - a.seq);
	return listReply(all.map(payoutResponse), page, pageSize);
}

/** Test control: a Pending payout is broadcast (Processing) before it completes or fails. */
function processingPayout(rt: Runtime, id: string): PayoutRecord {
	const payout = rt.state.payouts.get(id);
	if (!payout) throw notFound(`Payout '${id}' not found`);
	if (payout.status !== 'Pending' && payout.status !== 'Processing') {
		throw conflict(`Payout ${id} is ${payout.status}; expected Pending or Processing`);
	}
	payout.status = 'Processing';
	return payout;
}

export function completePayout(rt: Runtime, id: string): PayoutRecord {
	const payout = processingPayout(rt, id);
	payout.status = 'Completed';
	payout.txHash = hex(32);
	payout.completedAt = new Date();
	emit(rt, 'payout.completed', payoutWebhookData(payout));
	return payout;
}

/** A failed payout's amount goes back to the balance (guide: payouts). */
export function failPayout(rt: Runtime, id: string, reason: string): PayoutRecord {
	const payout = processingPayout(rt, id);
	payout.status = 'Failed';
	payout.errorReason = reason;
	rt.state.addBalance(payout.org, payout.currency, payout.amount);
	emit(rt, 'payout.failed', payoutWebhookData(payout));
	return payout;
}

export function registerPayouts(api: Router<RouteSpec>, rt: Runtime): void {
	api
		.add('POST', '/v1/payouts', {
			handler: (ctx) => createPayout(rt, ctx),
			subMerchantScope: true,
			bodyFields: PAYOUT_FIELDS,
			idempotency: 'required',
		})
		.add('GET', '/v1/payouts', { handler: (ctx) => listPayouts(rt, ctx), subMerchantScope: true })
		.add('GET', '/v1/payouts/:id', {
			handler: (ctx) => ({ status: 200, body: payoutResponse(findPayout(rt, ctx.org, ctx.params.id)) }),
			subMerchantScope: true,
		});
}
