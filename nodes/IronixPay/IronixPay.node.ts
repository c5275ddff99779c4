import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as checkoutSession from './actions/checkoutSession/CheckoutSession.resource';
import * as payout from './actions/payout/Payout.resource';
import { RESOURCES, router } from './actions/router';
import * as subMerchant from './actions/subMerchant/SubMerchant.resource';
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
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'checkoutSession',
				options: [...RESOURCES],
			},
			...checkoutSession.description,
			...payout.description,
			...subMerchant.description,
		],
	};

	methods = {
		listSearch: { searchCheckoutSessions, searchPayouts, searchSubMerchants },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// cs_... / po_... ids, and the code of a sub-merchant (Simplified output: reference), name what a stopped batch already sent.
		return await router.call(this, { idFields: ['id', 'sub_merchant_code', 'reference'] });
	}
}
