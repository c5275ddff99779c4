import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { routeOperations, type ResourceTable, type RouteOptions } from '../../shared/router';
import * as checkoutSession from './checkoutSession/CheckoutSession.resource';
import * as payment from './payment/Payment.resource';
import * as recurringAgreement from './recurringAgreement/RecurringAgreement.resource';
import * as refund from './refund/Refund.resource';
import * as token from './token/Token.resource';

/** The PayKKa node's resources, in the order its Resource dropdown lists them. */
export const RESOURCES = [
	{ name: 'Checkout Session', value: 'checkoutSession' },
	{ name: 'Payment', value: 'payment' },
	{ name: 'Recurring Agreement', value: 'recurringAgreement' },
	{ name: 'Refund', value: 'refund' },
	{ name: 'Token', value: 'token' },
] as const satisfies readonly INodePropertyOptions[];

const table: ResourceTable<typeof RESOURCES> = {
	checkoutSession: checkoutSession.operations,
	payment: payment.operations,
	recurringAgreement: recurringAgreement.operations,
	refund: refund.operations,
	token: token.operations,
};

export async function router(this: IExecuteFunctions, options: RouteOptions = {}): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, table, options);
}
