import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeOperations } from '../shared/router';
import { properties, table } from './actions/router';

export class PayKka implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PayKKa',
		name: 'payKka',
		icon: { light: 'file:paykka.svg', dark: 'file:paykka.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Accept card payments with PayKKa: hosted checkout sessions, saved-card and recurring charges, capture, void, refunds, tokens and recurring agreements (RSA-signed API v3 or v1.2)',
		defaults: { name: 'PayKKa' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'payKkaApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// PayKKa's ids in the output (Simplified output: id, reference), named when a batch stops after some items were sent.
		return await routeOperations.call(this, table, { idFields: ['refund_order_id', 'order_id', 'session_id', 'recurring_agreement_id', 'id', 'reference'] });
	}
}
