/**
 * Confirm With Gateway for the PayKKa Trigger, the pure part: which object a notification names,
 * and whether PayKKa's own copy of it contradicts the notification. No n8n runtime and no I/O;
 * the trigger sends the lookup (Payment > Get / Refund > Get's request) and hands the answer here.
 *
 * Why PayKKa offers it: its docs tell merchants to confirm results by query rather than by the
 * notification alone (https://docs.paykka.com/payments/docs/transaction/web/hosted-web, "Payment
 * Process" step 5: "integrate the Query Session interface to get checkout results, or directly
 * integrate the Query Transaction interface"; https://docs.paykka.com/payments/docs/transaction/ios/drop-in-ios:
 * "it is recommended that you integrate transaction query to get the payment result").
 */
import type { IDataObject } from 'n8n-workflow';

import { parseMinorUnits } from '../shared/money';

export type ConfirmationVerdict = { confirmed: true } | { confirmed: false; reason: string };

/** What the trigger looks up for one notification. */
export type ConfirmationTarget =
	| { kind: 'payment'; field: 'order_id' | 'trans_id' | 'session_id'; value: string }
	| { kind: 'refund'; field: 'refund_order_id' | 'refund_trans_id'; value: string }
	/** The payment a dispute names: PayKKa documents no dispute query, so the dispute itself cannot be looked up. */
	| { kind: 'dispute'; field: 'order_id' | 'trans_id'; value: string };

/** notify_type for payments and refunds; the dispute notification carries event_type instead. */
export function notificationType(event: IDataObject): string {
	return String(event.notify_type ?? event.event_type ?? '');
}

function reference(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return undefined;
}

function firstReference<F extends string>(event: IDataObject, fields: F[]): { field: F; value: string } | undefined {
	for (const field of fields) {
		const value = reference(event[field]);
		if (value !== undefined) return { field, value };
	}
	return undefined;
}

/**
 * The lookup for a notification, or why there is none. Payment results: the transaction query by
 * order_id, else trans_id, else session_id ("all three cannot be empty",
 * https://docs.paykka.com/payments/apis/payments/openapi/transaction). Refund results: the refund
 * query by refund_order_id, else by the notification's trans_id, which is the merchant's
 * refund_trans_id (as PayKKa's WooCommerce plugin reads refund notifications). Disputes: the
 * disputed payment, by order_id else trans_id.
 */
export function confirmationTarget(event: IDataObject): ConfirmationTarget | { reason: string } {
	const type = notificationType(event);
	if (type.startsWith('PAYMENT.')) {
		const found = firstReference(event, ['order_id', 'trans_id', 'session_id']);
		return found ? { kind: 'payment', ...found } : { reason: `${type} names no order_id, trans_id or session_id to look up` };
	}
	if (type.startsWith('REFUND.')) {
		const byOrder = reference(event.refund_order_id);
		if (byOrder !== undefined) return { kind: 'refund', field: 'refund_order_id', value: byOrder };
		const byTrans = reference(event.trans_id);
		return byTrans !== undefined
			? { kind: 'refund', field: 'refund_trans_id', value: byTrans }
			: { reason: `${type} names no refund_order_id or trans_id (refund_trans_id) to look up` };
	}
	if (type === 'DISPUTE') {
		const found = firstReference(event, ['order_id', 'trans_id']);
		return found ? { kind: 'dispute', ...found } : { reason: 'DISPUTE names no order_id or trans_id of the disputed payment to look up' };
	}
	// Fail closed: a type this node does not know has no known lookup, so it cannot be confirmed.
	return { reason: `PayKKa documents no lookup for notification type "${type}"` };
}

/** The order state each payment notification type claims (notify_type enum and GatewayOrderStatusEnum of the notify-webhook page). */
const PAYMENT_TYPE_STATES: Record<string, string> = {
	'PAYMENT.AUTHORIZATION': 'AUTHORIZED',
	'PAYMENT.SUCCESS': 'SUCCESS',
	'PAYMENT.FAILURE': 'FAILURE',
	'PAYMENT.CANCELED': 'CANCELED',
};

const REFUND_TYPE_STATES: Record<string, string> = {
	'REFUND.SUCCESS': 'SUCCESS',
	'REFUND.FAILURE': 'FAILURE',
};

/**
 * For each order state a notification may claim, the states PayKKa may show without contradicting
 * it: the same state or a later one. PROCESSING -> AUTHORIZED -> SUCCESS (capture) or CANCELED
 * (void); SUCCESS -> PARTIALLY_REFUNDED / PARTIALLY_REVERSED -> REFUNDED (money that went back after
 * the capture; the payment was paid). FAILURE, CANCELED and REFUNDED are final: only the same state.
 * [ASSUMPTION] The order of the states: the docs list GatewayOrderStatusEnum without transitions;
 * this is the order their capture, void and refund operations imply. PARTIALLY_REVERSED is read as
 * a partial return of captured money, like PARTIALLY_REFUNDED.
 */
const ORDER_STATES_AT_OR_AFTER: Record<string, string[]> = {
	PROCESSING: ['PROCESSING', 'AUTHORIZED', 'SUCCESS', 'FAILURE', 'CANCELED', 'PARTIALLY_REFUNDED', 'PARTIALLY_REVERSED', 'REFUNDED'],
	AUTHORIZED: ['AUTHORIZED', 'SUCCESS', 'CANCELED', 'PARTIALLY_REFUNDED', 'PARTIALLY_REVERSED', 'REFUNDED'],
	SUCCESS: ['SUCCESS', 'PARTIALLY_REFUNDED', 'PARTIALLY_REVERSED', 'REFUNDED'],
	PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'PARTIALLY_REVERSED', 'REFUNDED'],
	PARTIALLY_REVERSED: ['PARTIALLY_REVERSED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
	REFUNDED: ['REFUNDED'],
	FAILURE: ['FAILURE'],
	CANCELED: ['CANCELED'],
};

/**
 * Refund states (GatewayRefundOrderStatusEnum as PayKKa's WooCommerce plugin handles it; the enum's
 * values are not in the docs): PROCESSING and REVIEWING are pending [ASSUMPTION: either may come
 * first], SUCCESS and FAILURE final.
 */
const REFUND_STATES_AT_OR_AFTER: Record<string, string[]> = {
	PROCESSING: ['PROCESSING', 'REVIEWING', 'SUCCESS', 'FAILURE'],
	REVIEWING: ['PROCESSING', 'REVIEWING', 'SUCCESS', 'FAILURE'],
	SUCCESS: ['SUCCESS'],
	FAILURE: ['FAILURE'],
};

/** A dispute (chargeback) is raised on money that was captured. [ASSUMPTION] Not stated by PayKKa; true of card schemes. */
const DISPUTABLE_ORDER_STATES = ['SUCCESS', 'PARTIALLY_REFUNDED', 'PARTIALLY_REVERSED', 'REFUNDED'];

function upper(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
}

/**
 * Whether PayKKa's state `gateway` is compatible with the state an event claims: the same, or a
 * later one while the claim is not final. An unknown claimed state must match exactly.
 */
export function paymentStateConfirms(claimed: string, gateway: string): boolean {
	return (ORDER_STATES_AT_OR_AFTER[claimed] ?? [claimed]).includes(gateway);
}

export function refundStateConfirms(claimed: string, gateway: string): boolean {
	return (REFUND_STATES_AT_OR_AFTER[claimed] ?? [claimed]).includes(gateway);
}

/** Exact integer minor units (PayKKa's amounts, "USD/CNY unit is cent"), never through floating point. */
function minorUnits(value: unknown): bigint | undefined {
	try {
		return parseMinorUnits(value);
	} catch {
		return undefined;
	}
}

type Check = string | undefined;

/** The event's amount must equal PayKKa's; an event without the field claims nothing. */
function sameAmount(label: string, claimed: unknown, gateway: unknown): Check {
	if (claimed === undefined || claimed === null || claimed === '') return undefined;
	const event = minorUnits(claimed);
	if (event === undefined) return `${label} ${String(claimed)} is not a whole number of minor units`;
	const actual = minorUnits(gateway);
	if (actual === undefined) return `PayKKa shows no ${label} to compare with ${event}`;
	return event === actual ? undefined : `${label} ${event} differs from PayKKa's ${actual}`;
}

function sameCurrency(label: string, claimed: unknown, gateway: unknown): Check {
	const event = upper(claimed);
	if (event === undefined) return undefined;
	const actual = upper(gateway);
	if (actual === undefined) return `PayKKa shows no currency to compare with ${event}`;
	return event === actual ? undefined : `${label} ${event} differs from PayKKa's ${actual}`;
}

/** An identifier both sides carry must be the same (one missing on either side claims nothing). */
function sameReference(label: string, claimed: unknown, gateway: unknown): Check {
	const event = reference(claimed);
	const actual = reference(gateway);
	if (event === undefined || actual === undefined) return undefined;
	return event === actual ? undefined : `${label} ${event} differs from PayKKa's ${actual}`;
}

function claimedStates(type: string, typeStates: Record<string, string>, status: unknown): string[] {
	return [...new Set([typeStates[type], upper(status)].filter((state): state is string => state !== undefined))];
}

function stateCheck(
	claims: string[],
	gateway: unknown,
	confirms: (claimed: string, gateway: string) => boolean,
	what: string,
): Check {
	const actual = upper(gateway);
	if (claims.length === 0) return undefined;
	if (actual === undefined) return `PayKKa shows no status for the ${what}`;
	const contradicted = claims.find((claimed) => !confirms(claimed, actual));
	return contradicted === undefined ? undefined : `the event claims ${contradicted}, PayKKa shows the ${what} ${actual}`;
}

function verdict(checks: Check[]): ConfirmationVerdict {
	const problems = checks.filter((check): check is string => check !== undefined);
	return problems.length === 0 ? { confirmed: true } : { confirmed: false, reason: problems.join('; ') };
}

/**
 * Compares a notification with PayKKa's copy of the object it names (`gateway`: the `data` of the
 * transaction or refund query). Payment results: order_id, trans_id, session_id, merchant_id,
 * amount, currency and the state (`paymentStateConfirms`). Refund results: refund_order_id,
 * refund_trans_id (the notification's trans_id), the original order, amount, currency and the state
 * (`refundStateConfirms`). Disputes: the disputed payment's ids, order_amount, order_currency, and
 * that it was captured; the dispute's own fields (stage, dispute amount) have no lookup.
 */
export function compareWithGateway(event: IDataObject, target: ConfirmationTarget, gateway: IDataObject): ConfirmationVerdict {
	const type = notificationType(event);
	const merchant = sameReference('merchant_id', event.merchant_id, gateway.merchant_id);
	if (target.kind === 'payment') {
		return verdict([
			merchant,
			sameReference('order_id', event.order_id, gateway.order_id),
			sameReference('trans_id', event.trans_id, gateway.trans_id),
			sameReference('session_id', event.session_id, gateway.session_id),
			sameAmount('amount', event.amount, gateway.amount),
			sameCurrency('currency', event.currency, gateway.currency),
			stateCheck(claimedStates(type, PAYMENT_TYPE_STATES, event.status), gateway.status, paymentStateConfirms, 'payment'),
		]);
	}
	if (target.kind === 'refund') {
		return verdict([
			merchant,
			sameReference('refund_order_id', event.refund_order_id, gateway.refund_order_id),
			sameReference('refund_trans_id', event.trans_id, gateway.refund_trans_id),
			sameReference('order_id', event.ori_order_id ?? event.order_id, gateway.ori_order_id),
			sameAmount('amount', event.amount, gateway.amount),
			// [ASSUMPTION] The refund query's answer is not documented to carry currency: compared only when it does.
			gateway.currency === undefined ? undefined : sameCurrency('currency', event.currency, gateway.currency),
			stateCheck(claimedStates(type, REFUND_TYPE_STATES, event.status), gateway.status, refundStateConfirms, 'refund'),
		]);
	}
	const status = upper(gateway.status);
	return verdict([
		merchant,
		sameReference('order_id', event.order_id, gateway.order_id),
		sameReference('trans_id', event.trans_id, gateway.trans_id),
		sameAmount('order_amount', event.order_amount, gateway.amount),
		sameCurrency('order_currency', event.order_currency, gateway.currency),
		status !== undefined && DISPUTABLE_ORDER_STATES.includes(status)
			? undefined
			: `a dispute needs a captured payment, PayKKa shows the payment ${status ?? 'without a status'}`,
	]);
}
