import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { routeOperations } from '../shared/router';
import { properties, table } from './actions/router';
import { searchCheckoutSessions, searchPayouts, searchSubMerchants } from './methods/listSearch';

export class IronixPay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IronixPay',
		name: 'ironixPay',
		icon: { light: 'file:ironixpay.svg', dark: 'file:ironixpay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Accept USDT/USDC with IronixPay checkout sessions and send payouts. IronixPay has no public balance API: balances are in its dashboard.',
		defaults: { name: 'IronixPay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ironixPayApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchCheckoutSessions, searchPayouts, searchSubMerchants },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// cs_... / po_... ids, and the code of a sub-merchant (Simplified output: reference), name what a stopped batch already sent.
		return await routeOperations.call(this, table, { idFields: ['id', 'sub_merchant_code', 'reference'] });
	}
}
