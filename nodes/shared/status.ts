import type { IDataObject } from 'n8n-workflow';

/**
 * One payment status vocabulary across gateways, added beside each gateway's raw status so a
 * workflow can branch the same way whichever gateway it uses.
 */
export type NormalizedStatus =
	| 'pending'
	| 'processing'
	| 'requires_action'
	| 'authorized'
	| 'paid'
	| 'partially_paid'
	| 'overpaid'
	| 'failed'
	| 'expired'
	| 'canceled'
	| 'refunded'
	| 'partially_refunded'
	| 'blocked'
	| 'unknown';

export function normalizeStatus(raw: unknown, mapping: Record<string, NormalizedStatus>): NormalizedStatus {
	if (typeof raw !== 'string' && typeof raw !== 'number') return 'unknown';
	return mapping[String(raw)] ?? mapping[String(raw).toUpperCase()] ?? 'unknown';
}

/** The gateway's object unchanged, plus `normalizedStatus` computed from its `status` field. */
export function withNormalizedStatus(
	object: IDataObject,
	mapping: Record<string, NormalizedStatus>,
	statusField = 'status',
): IDataObject {
	return { ...object, normalizedStatus: normalizeStatus(object[statusField], mapping) };
}
