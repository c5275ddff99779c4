import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { ORDER_STATUS_MAP } from '../../constants';
import { PayKkaClient } from '../../transport';
import { reference } from '../common';

const LOOKUP_FIELDS: Record<string, { field: string; label: string }> = {
	transId: { field: 'trans_id', label: 'Merchant Order Number' },
	orderId: { field: 'order_id', label: 'PayKKa Order ID' },
	sessionId: { field: 'session_id', label: 'Session ID' },
};

export const description: INodeProperties[] = forOperation('payment', 'get', [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		default: 'transId',
		options: [
			{ name: 'Merchant Order Number', value: 'transId', description: 'Your trans_id' },
			{ name: 'PayKKa Order ID', value: 'orderId', description: 'The order_id (GW...)' },
			{ name: 'Session ID', value: 'sessionId', description: 'The checkout session_id (CS...)' },
		],
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		required: true,
		default: '',
		description: 'The trans_id, order_id or session_id to look up',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const lookup = LOOKUP_FIELDS[this.getNodeParameter('lookupBy', itemIndex, 'transId') as string] ?? LOOKUP_FIELDS.transId;
	const value = reference(this, itemIndex, 'lookupValue', lookup.label);
	const client = await PayKkaClient.prepare(this, itemIndex);
	return async () => {
		const payment = await client.request({ endpoint: 'paymentQuery', body: { [lookup.field]: value }, retrySafe: true });
		return withNormalizedStatus(payment, ORDER_STATUS_MAP);
	};
}
