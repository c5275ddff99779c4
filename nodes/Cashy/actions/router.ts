import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperations, type RouteOptions } from '../../shared/router';
import * as balance from './balance/Balance.resource';
import * as bankList from './bankList/BankList.resource';
import * as payIn from './payIn/PayIn.resource';
import * as payout from './payout/Payout.resource';

export async function router(this: IExecuteFunctions, options: RouteOptions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(
		this,
		{
			payIn: payIn.operations,
			payout: payout.operations,
			balance: balance.operations,
			bankList: bankList.operations,
		},
		options,
	);
}
