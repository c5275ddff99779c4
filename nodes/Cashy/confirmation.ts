/**
 * Confirm With Gateway for the Cashy Trigger: does Cashy's own order (Query Payin / Query Payout)
 * bear out what a notification says? Pure: no n8n imports, so the rules are unit tested alone.
 *
 * Why it is on by default: Cashy's Sign (MD5 of body + key) covers no timestamp and Cashy documents
 * no replay protection, so a captured notification stays valid for ever. Only the gateway's current
 * state tells whether "order X is SUCCESS" is still true.
 */
import type { IDataObject } from 'n8n-workflow';

export type NotificationType = 'payIn' | 'payout';

/**
 * How far along an order's life each status is. Pay-in: PAYING, then SUCCESS/FAIL/CANCEL, all final
 * (Payin Order Status, https://docs.cashypro.com/en_us/pak/appendix.html; CANCEL from
 * https://www.showdoc.com.cn/IdCashyEnglish). Payout: PROCESSING -> WAITING -> PAYING, then
 * SUCCESS/FAIL/CANCEL, all final (Payout Order Status, https://docs.cashypro.com/en_us/col/appendix.html).
 * [ASSUMPTION] the order of the non-final payout states (WAITING "routing / wait for payment"
 * before PAYING); a payout may skip WAITING.
 */
const FINAL = 100;
export const STATUS_RANK: Record<NotificationType, Record<string, number>> = {
	payIn: { PAYING: 0, SUCCESS: FINAL, FAIL: FINAL, CANCEL: FINAL },
	payout: { PROCESSING: 0, WAITING: 1, PAYING: 2, SUCCESS: FINAL, FAIL: FINAL, CANCEL: FINAL },
};

/**
 * The status rule. A notification must not claim a state Cashy does not show:
 * - same status: confirmed;
 * - the notification names a known non-final status and Cashy shows a later one (e.g. payout
 *   PAYING, Cashy already SUCCESS): confirmed, the order moved on (the item carries Cashy's state);
 * - anything else contradicts: a final status Cashy does not show (SUCCESS while Cashy says PAYING
 *   or FAIL), a status Cashy shows an earlier one for, or a status not in Cashy's tables.
 * Returns the reason for a contradiction, undefined when it is confirmed.
 */
export function statusContradiction(type: NotificationType, claimed: string, actual: string): string | undefined {
	if (claimed === actual) return undefined;
	const ranks = STATUS_RANK[type];
	const claimedRank = ranks[claimed];
	const actualRank = ranks[actual];
	if (claimedRank !== undefined && actualRank !== undefined && claimedRank < FINAL && actualRank > claimedRank) return undefined;
	return `the notification says ${claimed}, Cashy shows ${actual}`;
}

/** `10000.0` -> `10000`, `0.50` -> `0.5`: one spelling per value, compared as text (never as floats). */
export function canonicalDecimal(text: string): string | undefined {
	const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
	if (!match) return undefined;
	const whole = match[2].replace(/^0+(?=\d)/, '');
	const fraction = (match[3] ?? '').replace(/0+$/, '');
	const value = fraction === '' ? whole : `${whole}.${fraction}`;
	return match[1] === '-' && value !== '0' ? `-${value}` : value;
}

/** What a notification states, with its amount as written in the raw body. */
export interface NotificationClaims {
	type: NotificationType;
	orderNo?: string;
	mchOrderNo?: string;
	merchantId?: string;
	status: string;
	/** The literal of `amount` in the signed body (undefined when the body has none). */
	amountText?: string;
	/** Undocumented in Cashy's notifications; compared when present. */
	currency?: string;
}

/** The only currency of Cashy Colombia ("currency: COP", https://docs.cashypro.com/en_us/col/payin.html). */
export const CASHY_CURRENCY = 'COP';

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/**
 * Compares a notification with Cashy's order (the `data` of Query Payin / Query Payout, and the
 * literal of its `amount`). Returns the first contradiction, or undefined when Cashy bears it out.
 * Compared: order numbers (both), merchant ID, amount (exact decimal), currency, status.
 * Currency: neither the notification nor the query carries one in Cashy's docs; the account is
 * COP only, so a currency other than COP on either side contradicts ([ASSUMPTION] about fields the
 * docs do not show).
 */
export function contradiction(claims: NotificationClaims, order: IDataObject, orderAmountText: string | undefined): string | undefined {
	if (claims.orderNo !== undefined && text(order.orderNo) !== claims.orderNo) {
		return `Cashy's order number is ${text(order.orderNo) ?? 'missing'}, not ${claims.orderNo}`;
	}
	if (claims.mchOrderNo !== undefined && text(order.mchOrderNo) !== claims.mchOrderNo) {
		return `the order's merchant order number at Cashy differs from the notification's`;
	}
	if (claims.merchantId !== undefined && text(order.merchantId) !== undefined && text(order.merchantId) !== claims.merchantId) {
		return 'the order belongs to another merchant ID at Cashy';
	}
	const claimedAmount = claims.amountText === undefined ? undefined : canonicalDecimal(claims.amountText);
	if (claimedAmount === undefined) return 'the notification has no plain decimal amount';
	const actualAmount = orderAmountText === undefined ? undefined : canonicalDecimal(orderAmountText);
	if (actualAmount === undefined) throw new Error('Cashy answered the lookup without a plain decimal amount');
	if (claimedAmount !== actualAmount) return `the notification says amount ${claimedAmount}, Cashy shows ${actualAmount}`;
	const currencies = [claims.currency, text(order.currency)].filter((currency) => currency !== undefined);
	const otherCurrency = currencies.find((currency) => currency.toUpperCase() !== CASHY_CURRENCY);
	if (otherCurrency !== undefined) return `currency ${otherCurrency} is not Cashy Colombia's ${CASHY_CURRENCY}`;
	const actualStatus = text(order.orderStatus);
	if (actualStatus === undefined) throw new Error('Cashy answered the lookup without an order status');
	return statusContradiction(claims.type, claims.status, actualStatus);
}
