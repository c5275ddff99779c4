/**
 * Payouts (http://docs.pinddpay.com/346239672e0) and the payout balance (page not public).
 * Pinddpay publishes no payout query: the sandbox serves none either.
 */
import { currencyDecimals, PLATFORMS } from './constants';
import { amountField, currencyField, stringField, stringRecord, urlField, type Body } from './fields';
import { decimalNumber, toDecimal } from './money';
import { JsonNumber } from './json';
import { badRequest, balanceOf, isoSeconds, PinddpayError, type PayoutRecord, type PinddpayState } from './state';

const DETAIL_FIELDS = ['account', 'userName', 'ip', 'notifyUrl', 'country', 'platform', 'phoneNumber', 'email'];

/** The docs' response echoes the request; `id`, `status` etc. mirror the payout webhook's `resouce` [ASSUMPTION]. */
export function payoutResponse(payout: PayoutRecord): Record<string, unknown> {
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

/**
 * POST /api/payout/create. [ASSUMPTION] orderNo is unique per merchant: the same payout again
 * returns the first one, other details under the same orderNo are refused (the docs say nothing).
 */
export function createPayout(state: PinddpayState, body: Body): unknown {
	const payoutAccount = stringField(body, 'payoutAccount', 'payoutAccount', true)!;
	const currency = currencyField(body, 'currency', 'currency');
	const amount = amountField(body, 'amount', 'amount', currency);
	const orderNo = stringField(body, 'orderNo', 'orderNo', true)!;
	const gateway = stringField(body, 'gateway', 'gateway', true)!;
	urlField(body, 'notifyUrl', 'notifyUrl', false);
	const details = stringRecord(body, DETAIL_FIELDS, 'payout');
	if (details.platform !== undefined && !PLATFORMS.includes(details.platform)) {
		throw badRequest(`platform must be one of ${PLATFORMS.join(', ')}`);
	}

	const existing = state.payoutsByOrderNo.get(orderNo);
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
	const available = balanceOf(state, amount.currency);
	if (available < amount.minor) {
		throw badRequest(`Insufficient balance: ${toDecimal(available, amount.exponent)} ${amount.currency} available`);
	}
	state.balances.set(amount.currency, available - amount.minor);
	const payout: PayoutRecord = {
		id: state.nextPayoutId(),
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
	state.payouts.set(payout.id, payout);
	state.payoutsByOrderNo.set(orderNo, payout);
	return payoutResponse(payout);
}

/**
 * GET balance: `[{ currency, balance }]` with balance a number, as a sibling Admin.NET payment
 * API documents for /api/merchant/Balance [ASSUMPTION for Pinddpay].
 */
export function balanceList(state: PinddpayState): unknown {
	return [...state.balances.keys()].sort().map((currency) => ({
		currency,
		balance: new JsonNumber(toDecimal(balanceOf(state, currency), currencyDecimals(currency) ?? 2)),
	}));
}

/** For test controls: a payout still in flight, by Pinddpay id or merchant orderNo. */
export function findPayoutForControl(state: PinddpayState, id: string): PayoutRecord {
	const payout = state.payouts.get(id) ?? state.payoutsByOrderNo.get(id);
	if (!payout) throw new PinddpayError(404, `Payout ${id} not found`);
	if (payout.status !== 'CREATED' && payout.status !== 'PROCESSING') {
		throw new PinddpayError(409, `Payout ${id} is ${payout.status}`);
	}
	return payout;
}
