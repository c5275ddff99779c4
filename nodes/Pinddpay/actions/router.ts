import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { routeOperations, type ResourceTable, type RouteOptions } from '../../shared/router';
import * as payIn from './payIn/PayIn.resource';
import * as payout from './payout/Payout.resource';
import * as subscription from './subscription/Subscription.resource';

/** The node's resources, listed once: the Resource options of Pinddpay.node.ts and the keys of the table below. */
export const RESOURCES = [
	{ name: 'Pay-In', value: 'payIn' },
	{ name: 'Payout', value: 'payout' },
	{ name: 'Subscription', value: 'subscription' },
] as const satisfies readonly INodePropertyOptions[];

const table: ResourceTable<typeof RESOURCES> = {
	payIn: payIn.operations,
	payout: payout.operations,
	subscription: subscription.operations,
};

export async function router(this: IExecuteFunctions, options: RouteOptions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, table, options);
}
