import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { routeOperations, type ResourceTable, type RouteOptions } from '../../shared/router';
import * as checkoutSession from './checkoutSession/CheckoutSession.resource';
import * as payout from './payout/Payout.resource';
import * as subMerchant from './subMerchant/SubMerchant.resource';

/** The node's resources, declared once: the Resource options of IronixPay.node.ts and the keys of the table below. */
export const RESOURCES = [
	{ name: 'Checkout Session', value: 'checkoutSession' },
	{ name: 'Payout', value: 'payout' },
	{ name: 'Sub-Merchant', value: 'subMerchant' },
] as const satisfies readonly INodePropertyOptions[];

const table: ResourceTable<typeof RESOURCES> = {
	checkoutSession: checkoutSession.operations,
	payout: payout.operations,
	subMerchant: subMerchant.operations,
};

export async function router(this: IExecuteFunctions, options: RouteOptions = {}): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, table, options);
}
