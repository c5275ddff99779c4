import type { Simplification } from '../shared/output';

/*
 * Where Pinddpay's objects keep the fields of the Simplified output (Create a transaction,
 * http://docs.pinddpay.com/330499047e0; Query a transaction, http://docs.pinddpay.com/341501367e0;
 * Create a payout, http://docs.pinddpay.com/346239672e0). Pinddpay's order or payout id is the id,
 * the merchant's order number the reference.
 */

/** Create Order Session answers with the session and its checkout page, before any status exists. */
export const ORDER_SESSION: Simplification = {
	id: 'orderId',
	reference: 'merchantOrderNo',
	url: 'checkoutUrl',
};

/** Create Transaction answers with the order id and its payment link, before any status exists. */
export const TRANSACTION_LINK: Simplification = {
	id: 'id',
	reference: 'merchantOrderNo',
	url: 'paylink',
};

/** `status` is Pinddpay's Chinese label; normalizedStatus (from statusEn) follows it. paidAt is when it was paid. */
export const TRANSACTION: Simplification = {
	id: 'id',
	reference: 'merchantOrderNo',
	status: 'statusEn',
	amount: 'amount',
	currency: 'currency',
	created: 'createdAt',
	updated: 'paidAt',
};

export const PAYOUT: Simplification = {
	id: 'id',
	reference: 'orderNo',
	status: 'status',
	amount: 'amount',
	currency: 'currency',
	created: 'createdAt',
	updated: 'payAt',
};
