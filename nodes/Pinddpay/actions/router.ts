import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type RouteOptions } from '../../shared/router';
import * as payIn from './payIn/PayIn.resource';
import * as payout from './payout/Payout.resource';
import * as subscription from './subscription/Subscription.resource';

export async function router(this: IExecuteFunctions, options: RouteOptions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(
		this,
		{
			payIn: payIn.operations,
			payout: payout.operations,
			subscription: subscription.operations,
		},
		options,
	);
}
