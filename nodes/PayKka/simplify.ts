import type { Simplification } from '../shared/output';

/*
 * Where PayKKa's objects keep the fields of the Simplified output. PayKKa's own ids are order_id,
 * session_id and refund_order_id; the merchant's numbers are trans_id and refund_trans_id
 * (https://docs.paykka.com/payments/apis/payments/openapi/transaction). Amounts are integers
 * in the currency's minor unit, as in Raw.
 */

export const CHECKOUT_SESSION: Simplification = {
	id: 'session_id',
	reference: 'trans_id',
	status: 'status',
	amount: 'amount',
	currency: 'currency',
	url: 'session_url',
};

/**
 * A payment reports no creation time; pay_finish_time is when it completed. The URL is the 3-D Secure
 * page a shopper must finish (https://docs.paykka.com/payments/docs/transaction/web/api-only).
 */
export const PAYMENT: Simplification = {
	id: 'order_id',
	reference: 'trans_id',
	status: 'status',
	amount: 'amount',
	currency: 'currency',
	updated: 'pay_finish_time',
	url: 'authentication_result.authentication_url',
};

export const REFUND: Simplification = {
	id: 'refund_order_id',
	reference: 'refund_trans_id',
	status: 'status',
	amount: 'amount',
	currency: 'currency',
	created: 'create_time',
};
