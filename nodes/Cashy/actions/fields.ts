/** Node properties shared by several Cashy operations: the Bank dropdown and the order-number pair of Get. */
import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../shared/properties';

export function bankProperty(loadOptionsMethod: string, description: string): INodeProperties {
	return {
		displayName: 'Bank Name or ID',
		name: 'bankId',
		type: 'options',
		typeOptions: { loadOptionsMethod },
		required: true,
		default: '',
		description: `${description}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

/** The two ways to find an order (Query Payin / Query Payout): Cashy's number is preferred. */
export function queryProperties(resource: string): INodeProperties[] {
	return forOperation(resource, 'get', [
		{
			displayName: 'Platform Order Number',
			name: 'orderNo',
			type: 'string',
			default: '',
			placeholder: resource === 'payIn' ? 'e.g. PAYIN8231497473279467520' : 'e.g. PAYOUT8231515112790892544',
			description: 'Cashy\'s order number (orderNo), preferred by Cashy. Give this, the merchant order number, or both.',
		},
		{
			displayName: 'Merchant Order Number',
			name: 'mchOrderNo',
			type: 'string',
			default: '',
			description: 'Your order number (mchOrderNo) sent when the order was created',
		},
	]);
}
