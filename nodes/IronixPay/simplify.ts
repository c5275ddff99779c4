import type { Simplification } from '../shared/output';

/*
 * Where IronixPay's objects keep the fields of the Simplified output
 * (https://ironixpay.com/guide/api: Checkout Sessions, Payouts, Sub-Merchants).
 */

/** `amount` and `currency` are what the payer sends (the token), not the pricing currency. */
export const CHECKOUT_SESSION: Simplification = {
	id: 'id',
	reference: 'client_reference_id',
	status: 'status',
	amount: 'amount',
	currency: 'currency',
	created: 'created_at',
	url: 'url',
};

/** A payout's answer does not echo the Payout Reference (it only goes into the request's metadata). */
export const PAYOUT: Simplification = {
	id: 'id',
	status: 'status',
	amount: 'amount',
	currency: 'currency',
	created: 'created_at',
	updated: 'completed_at',
};

export const SUB_MERCHANT: Simplification = {
	id: 'id',
	reference: 'sub_merchant_code',
	status: 'status',
	created: 'created_at',
	updated: 'updated_at',
};
