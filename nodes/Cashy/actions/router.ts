import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { routeOperations, type ResourceTable, type RouteOptions } from '../../shared/router';
import * as balance from './balance/Balance.resource';
import * as bankList from './bankList/BankList.resource';
import * as payIn from './payIn/PayIn.resource';
import * as payout from './payout/Payout.resource';

/** The node's resources, in the order the Resource dropdown shows them; each has one operation table below. */
export const RESOURCES = [
	{ name: 'Balance', value: 'balance' },
	{ name: 'Bank List', value: 'bankList' },
	{ name: 'Pay-In', value: 'payIn' },
	{ name: 'Payout', value: 'payout' },
] as const satisfies readonly INodePropertyOptions[];

const table: ResourceTable<typeof RESOURCES> = {
	balance: balance.operations,
	bankList: bankList.operations,
	payIn: payIn.operations,
	payout: payout.operations,
};

export async function router(this: IExecuteFunctions, options: RouteOptions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, table, options);
}
