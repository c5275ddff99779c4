import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as payIn from './actions/payIn/PayIn.resource';
import * as payout from './actions/payout/Payout.resource';
import { RESOURCES, router } from './actions/router';
import * as subscription from './actions/subscription/Subscription.resource';

export class Pinddpay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pinddpay',
		name: 'pinddpay',
		icon: { light: 'file:pinddpay.svg', dark: 'file:pinddpay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Take card and wallet payments with Pinddpay, send payouts, check the balance and cancel subscriptions',
		defaults: { name: 'Pinddpay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pinddpayApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'payIn',
				options: [...RESOURCES],
			},
			...payIn.description,
			...payout.description,
			...subscription.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Pinddpay's ids in the output: order/payout id, session's decoded order id, subscription contract, then the merchant's numbers.
		return await router.call(this, { idFields: ['id', 'orderId', 'contractId', 'orderNo', 'merchantOrderNo', 'reference'] });
	}
}
