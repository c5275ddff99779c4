/** Creating a PayKKa object exactly once: PayKKa documents no idempotency key, so the merchant's own reference is looked up first. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { createExactlyOnce } from '../../shared/exactlyOnce';
import { ORDER_NOT_FOUND, SESSION_NOT_FOUND, type EndpointName } from '../constants';
import type { PayKkaClient } from '../transport';
import { returnedAmount } from './amounts';

/**
 * The object an earlier run created under the same merchant reference differs from this item
 * (e.g. another amount): returning it would hide the change, sending again would create a second one.
 */
export function referenceConflict(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: `${fix} Nothing new was sent to PayKKa.`,
	});
}

/** True when a charge PayKKa returned is for another amount or currency than this item's. */
export function isOtherCharge(found: IDataObject, amount: number, currency: string): boolean {
	const foundAmount = returnedAmount(found.amount);
	return (foundAmount !== undefined && foundAmount !== amount) || (found.currency !== undefined && found.currency !== currency);
}

/**
 * What PayKKa keeps one object per, by object: the merchant's reference (its field, and its name in
 * messages), the query finding it, PayKKa's code for "none exists" and the write creating it.
 */
const BY_REFERENCE = {
	checkoutSession: { field: 'trans_id', label: 'merchant order number', lookup: 'sessionQuery', notFoundCode: SESSION_NOT_FOUND, create: 'sessionCreate' },
	payment: { field: 'trans_id', label: 'merchant order number', lookup: 'paymentQuery', notFoundCode: ORDER_NOT_FOUND, create: 'paymentCreate' },
	refund: { field: 'refund_trans_id', label: 'merchant refund number', lookup: 'refundQuery', notFoundCode: ORDER_NOT_FOUND, create: 'refundCreate' },
} as const satisfies Record<string, { field: string; label: string; lookup: EndpointName; notFoundCode: string; create: EndpointName }>;

export interface CreateByReference {
	/** The merchant's reference of this item, e.g. its trans_id. */
	reference: string;
	body: IDataObject;
	/** How the object found differs from this item (message, and what to do), or undefined when it is this item's. */
	conflict: (found: IDataObject) => { message: string; fix: string } | undefined;
}

/** Returns the object an earlier run created under the reference, else creates it (sent once, never resent blindly). */
export async function createByReference(
	context: IExecuteFunctions,
	itemIndex: number,
	client: PayKkaClient,
	object: keyof typeof BY_REFERENCE,
	write: CreateByReference,
): Promise<IDataObject> {
	const { field, label, lookup, notFoundCode, create } = BY_REFERENCE[object];
	const value = write.reference;
	return await createExactlyOnce(
		{
			find: async () => {
				const found = await client.lookup({ endpoint: lookup, body: { [field]: value } }, [notFoundCode], `${field} "${value}"`);
				const conflict = found && write.conflict(found);
				if (conflict) throw referenceConflict(context, itemIndex, conflict.message, conflict.fix);
				return found;
			},
			create: async () => await client.request({ endpoint: create, body: write.body, retrySafe: false }),
		},
		{ lookedUpBy: `${label} (${field}) "${value}"` },
	);
}
