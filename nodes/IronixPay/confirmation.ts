/**
 * Confirm With Gateway for IronixPay webhooks, as pure rules (no n8n imports): which object an
 * event names, and whether IronixPay's own copy of it (GET /v1/checkout/sessions/{id} or
 * GET /v1/payouts/{id}) contradicts the event. Events and statuses: https://ironixpay.com/guide/webhooks
 * and the public backend source (https://github.com/Vincentkovsky/ironixpay-core,
 * backend/src/entity/checkout_sessions.rs, payouts.rs, services/webhook/service.rs).
 */

import { PAYOUT_ID_PATTERN, SESSION_ID_PATTERN } from './constants';

type Json = Record<string, unknown>;

export type LookupKind = 'checkout_session' | 'payout';

export interface LookupTarget {
	kind: LookupKind;
	id: string;
}

const ID_PATTERNS: Record<LookupKind, RegExp> = {
	checkout_session: SESSION_ID_PATTERN,
	payout: PAYOUT_ID_PATTERN,
};

/**
 * The statuses each documented event may claim. `session.resolved` follows a dashboard
 * Accept/Attach and carries fee/net amounts like `session.completed`, so it claims Paid or
 * Overpaid [ASSUMPTION: the guide does not list its status].
 */
const EVENT_CLAIMS: Record<string, { kind: LookupKind; statuses: string[] }> = {
	'session.completed': { kind: 'checkout_session', statuses: ['Paid', 'Overpaid'] },
	'session.expired': { kind: 'checkout_session', statuses: ['Expired'] },
	'session.blocked': { kind: 'checkout_session', statuses: ['Blocked'] },
	'session.resolved': { kind: 'checkout_session', statuses: ['Paid', 'Overpaid'] },
	'payout.completed': { kind: 'payout', statuses: ['Completed'] },
	'payout.failed': { kind: 'payout', statuses: ['Failed'] },
};

/**
 * The states IronixPay can reach after each state. Terminal states (sessions: Paid, Overpaid,
 * Expired, Blocked; payouts: Completed, Failed, Cancelled, ApprovalExpired) have none: a payment
 * after a terminal state becomes a Resolution Center exception, not a status change.
 */
const LATER_STATES: Record<LookupKind, Record<string, string[]>> = {
	checkout_session: {
		Pending: ['Underpaid', 'Paid', 'Overpaid', 'Expired', 'Blocked'],
		Underpaid: ['Paid', 'Overpaid', 'Expired'],
		Paid: [],
		Overpaid: [],
		Expired: [],
		Blocked: [],
	},
	payout: {
		PendingApproval: ['Pending', 'Processing', 'Completed', 'Failed', 'Cancelled', 'ApprovalExpired'],
		Pending: ['Processing', 'Completed', 'Failed'],
		Processing: ['Completed', 'Failed'],
		Completed: [],
		Failed: [],
		Cancelled: [],
		ApprovalExpired: [],
	},
};

const KIND_LABEL: Record<LookupKind, string> = { checkout_session: 'checkout session', payout: 'payout' };

/**
 * The object to look up, or why none can be. `session.*` and `payout.*` name an object IronixPay
 * serves by id. Any other event type (e.g. `withdrawal.*`, whose constants exist but which has no
 * public endpoint) cannot be confirmed and fails closed: the user switched confirmation on so that
 * nothing unconfirmed starts a workflow.
 */
export function lookupTarget(event: Json): LookupTarget | { reason: string } {
	const eventType = String(event.event_type);
	const kind = EVENT_CLAIMS[eventType]?.kind ?? (eventType.startsWith('session.') ? 'checkout_session' : eventType.startsWith('payout.') ? 'payout' : undefined);
	if (!kind) return { reason: `IronixPay has no API to look up the object of ${eventType} events` };
	const data = isObject(event.data) ? event.data : {};
	if (data.object !== undefined && data.object !== kind) {
		return { reason: `${eventType} event carries a ${String(data.object)} object, expected ${kind}` };
	}
	const id = data.id;
	if (typeof id !== 'string' || !ID_PATTERNS[kind].test(id)) {
		return { reason: `${eventType} event does not name a ${KIND_LABEL[kind]} id` };
	}
	return { kind, id };
}

/**
 * Why IronixPay's object contradicts the event, or `undefined` when it confirms it. Rules:
 * - id, currency and network (when both state it) are equal; the event must state amount,
 *   currency and status;
 * - amount is equal as an exact decimal ("10.5" = "10.50"); a session's `amount_received` at
 *   IronixPay is at least the event's (money received is never taken back);
 * - status: the event's type may claim that status; IronixPay shows it or a later state of a
 *   non-terminal one (the session or payout moved on); a terminal state that differs contradicts.
 */
export function contradiction(event: Json, target: LookupTarget, object: Json): string | undefined {
	const data = isObject(event.data) ? event.data : {};
	const label = `${KIND_LABEL[target.kind]} ${target.id}`;
	if (object.id !== target.id) return `IronixPay answered with another object for ${label}`;

	for (const field of ['amount', 'currency', 'status']) {
		if (typeof data[field] !== 'string' || data[field] === '') return `the event states no ${field} for ${label}`;
	}
	if (object.currency !== data.currency) return `${label} is in ${String(object.currency)} at IronixPay, not ${String(data.currency)}`;
	if (data.network !== undefined && object.network !== undefined && object.network !== data.network) {
		return `${label} is on ${String(object.network)} at IronixPay, not ${String(data.network)}`;
	}
	if (compareDecimal(data.amount, object.amount) !== 0) {
		return `${label} is for ${String(object.amount)} at IronixPay, not ${String(data.amount)}`;
	}
	if (target.kind === 'checkout_session' && data.amount_received !== undefined) {
		const order = compareDecimal(data.amount_received, object.amount_received);
		if (order === undefined || order > 0) {
			return `${label} has received ${String(object.amount_received)} at IronixPay, not ${String(data.amount_received)}`;
		}
	}
	return statusContradiction(String(event.event_type), target.kind, data.status as string, object.status, label);
}

/** The status rule alone (see `contradiction`). */
export function statusContradiction(
	eventType: string,
	kind: LookupKind,
	claimed: string,
	actual: unknown,
	label = KIND_LABEL[kind],
): string | undefined {
	const claims = EVENT_CLAIMS[eventType];
	if (claims && !claims.statuses.includes(claimed)) return `a ${eventType} event cannot claim status ${claimed}`;
	const later = LATER_STATES[kind][claimed];
	if (!later) return `${claimed} is not a ${KIND_LABEL[kind]} status`;
	if (typeof actual !== 'string') return `IronixPay shows no status for ${label}`;
	if (actual === claimed || later.includes(actual)) return undefined;
	return `${label} is ${actual} at IronixPay, not ${claimed}`;
}

/**
 * Compares two plain decimal strings exactly (no floats): -1, 0 or 1; `undefined` when either is
 * not a plain non-negative decimal. IronixPay sends amounts as normalised decimal strings ("10.5").
 */
export function compareDecimal(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
	const left = decimalParts(a);
	const right = decimalParts(b);
	if (!left || !right) return undefined;
	const scale = Math.max(left.fraction.length, right.fraction.length);
	const l = BigInt(left.integer + left.fraction.padEnd(scale, '0'));
	const r = BigInt(right.integer + right.fraction.padEnd(scale, '0'));
	return l === r ? 0 : l < r ? -1 : 1;
}

function decimalParts(value: unknown): { integer: string; fraction: string } | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{1,30})(?:\.(\d{1,30}))?$/.exec(value);
	return match ? { integer: match[1], fraction: match[2] ?? '' } : undefined;
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
