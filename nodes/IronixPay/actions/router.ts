import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type RouteOptions } from '../../shared/router';
import * as checkoutSession from './checkoutSession/CheckoutSession.resource';
import * as payout from './payout/Payout.resource';
import * as subMerchant from './subMerchant/SubMerchant.resource';

export async function router(this: IExecuteFunctions, options: RouteOptions = {}): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(
		this,
		{
			checkoutSession: checkoutSession.operations,
			payout: payout.operations,
			subMerchant: subMerchant.operations,
		},
		options,
	);
}
