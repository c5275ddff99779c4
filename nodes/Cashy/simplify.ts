import type { Simplification } from '../shared/output';
import { CURRENCY } from './constants';

/*
 * Where Cashy's orders keep the fields of the Simplified output (Query Payin,
 * https://docs.cashypro.com/en_us/col/payin.html; Query Payout, https://docs.cashypro.com/en_us/col/payout.html). Cashy's own order number is the
 * id, the merchant's (mchOrderNo) the reference; Cashy trades in COP only, so its answers name no
 * currency. Orders report no creation time, only completionTime.
 */

export const PAYOUT: Simplification = {
	id: 'orderNo',
	reference: 'mchOrderNo',
	status: 'orderStatus',
	amount: 'amount',
	currency: { fixed: CURRENCY },
	updated: 'completionTime',
};

/** A pay-in is read like a payout, plus the page the payer pays on. */
export const PAY_IN: Simplification = { ...PAYOUT, url: 'payUrl' };
