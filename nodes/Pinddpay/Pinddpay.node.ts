import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { routeOperations } from '../shared/router';
import { properties, table } from './actions/router';

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
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Pinddpay's ids in the output: order/payout id, session's decoded order id, subscription contract, then the merchant's numbers.
		return await routeOperations.call(this, table, { idFields: ['id', 'orderId', 'contractId', 'orderNo', 'merchantOrderNo', 'reference'] });
	}
}
