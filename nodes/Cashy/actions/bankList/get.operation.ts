import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { fetchBanks, type BankList } from '../requests';

export const description: INodeProperties[] = forOperation('bankList', 'get', [
	{
		displayName: 'List',
		name: 'list',
		type: 'options',
		default: 'payout',
		options: [
			{ name: 'Payout Banks', value: 'payout', description: 'Banks and e-wallets payouts can go to' },
			{ name: 'Pay-In Banks (PSE)', value: 'payIn', description: 'Banks a PSE payer can pay from' },
		],
	},
]);

/** One item per bank: `{bankId, bankCode, bankName, bankType?}`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const list: BankList = this.getNodeParameter('list', itemIndex, 'payout') === 'payIn' ? 'payIn' : 'payout';
	return async () => await fetchBanks(this, list, itemIndex);
}
