/**
 * Confirm With Gateway for the Pinddpay Trigger: which events can be looked up, and when the
 * gateway's order contradicts what an event states. Pure: no n8n runtime imports.
 *
 * Only pay-in orders can be looked up: Query a transaction (GET /api/order/detail?id=,
 * http://docs.pinddpay.com/341501367e0) takes Pinddpay's order id, which every pay-in webhook
 * carries as `order.id` (Payin webhook, http://docs.pinddpay.com/341969792e0). Pinddpay publishes
 * no payout query and no subscription query (its docs list Create a payout, Query balance, Cancel
 * subscription and the webhooks only), so payout.* and subscription.* events cannot be confirmed.
 */
import type { IDataObject } from 'n8n-workflow';

import { numberLiteral } from './exactJson';

export type OrderCheck = { confirmed: true } | { confirmed: false; reason: string };

/**
 * Why an event that names no order cannot be confirmed (fail closed: HTTP 422, nothing starts).
 *
 * Payout and subscription events are refused rather than delivered unconfirmed: under the default
 * sign-token reading the token is static, so whoever captured it can send any payout or
 * subscription body with a fresh eventAt and a new eventId, and only the gateway's own state could
 * tell. A rewritten payout.failed can make a workflow send the payout again (money out twice), a
 * rewritten payout.paid or subscription.capture.successful releases value that was never paid,
 * a rewritten subscription.cancelled cuts off a paying customer. Each payout and order carries its
 * own notify URL, so payout webhooks can go to a second trigger with Confirm With Gateway off.
 */
export function unconfirmableReason(eventName: string): string {
	const kind = eventName.startsWith('payout.')
		? 'Pinddpay publishes no payout lookup'
		: eventName.startsWith('subscription.')
			? 'Pinddpay publishes no subscription lookup'
			: 'the event names no Pinddpay order to look up';
	return `${clip(eventName)} cannot be confirmed: ${kind} (only pay-in orders can be queried, by order.id). To receive such events, point their notify URL at a trigger with Confirm With Gateway off.`;
}

/** Pinddpay's order id of a pay-in event (`order.id`), or undefined when it names none usable. */
export function orderIdOf(event: IDataObject): string | undefined {
	const order = event.order;
	if (order === null || typeof order !== 'object' || Array.isArray(order)) return undefined;
	// A string as documented; a number is read from its JSON literal. Same rule as the Query Transaction operation's Pinddpay Order ID.
	const id = field(order, 'id');
	return /^[\x21-\x7e]{1,64}$/.test(id) ? id : undefined;
}

/**
 * Order states after each state [ASSUMPTION: the docs show only `created` and `paid`; the rest is
 * the usual hosted-checkout order life]. A claim is confirmed when the gateway shows the claimed
 * state or one of these later states: it was true when sent and the order has moved on. `failed`
 * and `paid` are results of a payment: the gateway must show that result (or, after `paid`, a
 * refund or dispute of it); a failure the gateway no longer shows (the payer paid on a retry) is
 * not delivered, the order.paid event follows.
 */
const LATER_STATES: Record<string, readonly string[]> = {
	created: ['processing', 'paid', 'failed', 'cancelled', 'refunded', 'disputed'],
	processing: ['paid', 'failed', 'cancelled', 'refunded', 'disputed'],
	failed: ['cancelled'],
	paid: ['refunded', 'disputed'],
	disputed: ['refunded'],
	refunded: [],
	cancelled: [],
};

/** The state each documented (or assumed) event name claims. */
const EVENT_STATES: Record<string, string> = {
	'order.created': 'created',
	'order.paid': 'paid',
	'order.failed': 'failed',
	'order.refunded': 'refunded',
	'order.disputed': 'disputed',
};

/** States in which the payment happened: its transaction facts (tradeNo, captured amount) are fixed. */
const PAID_STATES = new Set(['paid', 'refunded', 'disputed']);

/** Whether an order the gateway shows in `gatewayState` agrees with a claim of `claimed`. */
export function stateAgrees(claimed: string, gatewayState: string): boolean {
	return claimed === gatewayState || (LATER_STATES[claimed]?.includes(gatewayState) ?? false);
}

/**
 * Checks a pay-in event against the order Query a transaction returned for its `order.id`:
 * - the order id, and the merchant order number when the event states one, are the gateway's;
 * - `order.amount` and `order.currency` are required and equal the gateway's (exact decimals);
 * - the state the event name claims, and `order.statusEn` when stated, agree with the gateway's
 *   `statusEn` (stateAgrees);
 * - for a paid (or later) claim, the transaction's tradeNo, capturedAmount and currency, when
 *   stated, equal the gateway's `transaction`;
 * - a refund section's refundAmount is at most the order amount, in the order's currency (the
 *   query shows no refund, so the refunded amount itself cannot be confirmed).
 */
export function checkOrderEvent(event: IDataObject, gateway: IDataObject): OrderCheck {
	const fail = (reason: string): OrderCheck => ({ confirmed: false, reason });
	const order = event.order as IDataObject;
	const id = orderIdOf(event);
	if (id === undefined) return fail('the event names no usable order.id');
	if (field(gateway, 'id') !== id) return fail(`Pinddpay answered for order ${clip(field(gateway, 'id'))}, not ${clip(id)}`);
	const merchantOrderNo = field(order, 'merchantOrderNo');
	if (merchantOrderNo !== '' && merchantOrderNo !== field(gateway, 'merchantOrderNo')) {
		return fail(`merchantOrderNo ${clip(merchantOrderNo)} is not the order's (${clip(field(gateway, 'merchantOrderNo'))})`);
	}

	const amount = decimalOf(order, 'amount');
	const gatewayAmount = decimalOf(gateway, 'amount');
	if (amount === undefined) return fail('the event states no readable order.amount');
	if (gatewayAmount === undefined || amount !== gatewayAmount) {
		return fail(`amount ${amount} is not the order's (${gatewayAmount ?? 'unreadable'})`);
	}
	const currency = currencyOf(field(order, 'currency'));
	if (currency === '' || currency !== currencyOf(field(gateway, 'currency'))) {
		return fail(`currency ${clip(currency || '(none)')} is not the order's (${clip(currencyOf(field(gateway, 'currency')))})`);
	}

	const gatewayState = field(gateway, 'statusEn');
	const eventName = field(event, 'eventName');
	const claims = [EVENT_STATES[eventName], field(order, 'statusEn')].filter((claim): claim is string => !!claim);
	if (EVENT_STATES[eventName] === undefined && field(order, 'statusEn') === '') {
		return fail(`${clip(eventName)} states no order state that could be checked`);
	}
	for (const claim of claims) {
		if (!stateAgrees(claim, gatewayState)) {
			return fail(`the event says the order is ${clip(claim)}, Pinddpay says ${clip(gatewayState || '(no state)')}`);
		}
	}

	if (claims.some((claim) => PAID_STATES.has(claim))) {
		const problem = transactionProblem(event.transaction, gateway);
		if (problem) return fail(problem);
	}
	const refund = event.refund;
	if (refund !== null && typeof refund === 'object' && !Array.isArray(refund)) {
		const problem = refundProblem(refund as IDataObject, gatewayAmount, currencyOf(field(gateway, 'currency')));
		if (problem) return fail(problem);
	}
	return { confirmed: true };
}

function transactionProblem(section: unknown, gateway: IDataObject): string | undefined {
	if (section === null || typeof section !== 'object' || Array.isArray(section)) return undefined;
	const stated = section as IDataObject;
	const known = (gateway.transaction !== null && typeof gateway.transaction === 'object' ? gateway.transaction : {}) as IDataObject;
	const tradeNo = field(stated, 'tradeNo');
	const gatewayTradeNo = field(known, 'tradeNo') || field(gateway, 'tradeNo');
	if (tradeNo !== '' && tradeNo !== gatewayTradeNo) return `transaction.tradeNo ${clip(tradeNo)} is not the order's (${clip(gatewayTradeNo || '(none)')})`;
	if (stated.capturedAmount !== undefined && stated.capturedAmount !== null && stated.capturedAmount !== '') {
		const captured = decimalOf(stated, 'capturedAmount');
		const gatewayCaptured = decimalOf(known, 'capturedAmount');
		if (captured === undefined || captured !== gatewayCaptured) {
			return `transaction.capturedAmount ${captured ?? 'unreadable'} is not the order's (${gatewayCaptured ?? 'none'})`;
		}
	}
	const currency = currencyOf(field(stated, 'currency'));
	if (currency !== '' && currency !== currencyOf(field(known, 'currency'))) {
		return `transaction.currency ${clip(currency)} is not the order's (${clip(currencyOf(field(known, 'currency')) || '(none)')})`;
	}
	return undefined;
}

function refundProblem(refund: IDataObject, orderAmount: string, orderCurrency: string): string | undefined {
	if (refund.refundAmount !== undefined && refund.refundAmount !== null && refund.refundAmount !== '') {
		const amount = decimalOf(refund, 'refundAmount');
		if (amount === undefined || compareDecimals(amount, orderAmount) > 0) {
			return `refund.refundAmount ${amount ?? 'unreadable'} is more than the order amount (${orderAmount})`;
		}
	}
	const currency = currencyOf(field(refund, 'currency'));
	if (currency !== '' && currency !== orderCurrency) return `refund.currency ${clip(currency)} is not the order's (${clip(orderCurrency)})`;
	return undefined;
}

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * `container[key]` as a canonical decimal ("2.50" and 2.5 -> "2.5", "007" -> "7"), read from the
 * text: a string as written, a number from its JSON literal (exactJson.ts). A number without a
 * literal is accepted only as a safe integer (exact); anything else is unreadable.
 */
export function decimalOf(container: unknown, key: string): string | undefined {
	if (container === null || typeof container !== 'object') return undefined;
	const value = (container as IDataObject)[key];
	let written: string | undefined;
	if (typeof value === 'string') written = value.trim();
	else if (typeof value === 'number') written = numberLiteral(container, key) ?? (Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined);
	const match = written === undefined ? null : PLAIN_DECIMAL.exec(written);
	if (!match) return undefined;
	const whole = match[1].replace(/^0+(?=\d)/, '');
	const fraction = (match[2] ?? '').replace(/0+$/, '');
	return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** Compares two canonical decimals (decimalOf) without floats: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
	const [aWhole, aFraction = ''] = a.split('.');
	const [bWhole, bFraction = ''] = b.split('.');
	if (aWhole.length !== bWhole.length) return aWhole.length < bWhole.length ? -1 : 1;
	const width = Math.max(aFraction.length, bFraction.length);
	const left = aWhole + aFraction.padEnd(width, '0');
	const right = bWhole + bFraction.padEnd(width, '0');
	return left === right ? 0 : left < right ? -1 : 1;
}

/** `container[key]` as text: a string trimmed, a number as its JSON literal (ids may be long numbers); else ''. */
function field(container: unknown, key: string): string {
	if (container === null || typeof container !== 'object') return '';
	const value = (container as IDataObject)[key];
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return numberLiteral(container, key) ?? (Number.isSafeInteger(value) ? String(value) : '');
	return '';
}

function currencyOf(value: string): string {
	return value.toUpperCase();
}

/** Event values quoted in a reason (logged) are cut short: they come from the sender. */
function clip(value: string): string {
	return value.length > 64 ? `${value.slice(0, 64)}...` : value;
}
