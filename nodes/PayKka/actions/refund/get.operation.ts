import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { REFUND_STATUS_MAP } from '../../constants';
import { PayKkaClient } from '../../transport';
import { reference } from '../common';

export const description: INodeProperties[] = forOperation('refund', 'get', [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		default: 'refundTransId',
		options: [
			{ name: 'Merchant Refund Number', value: 'refundTransId', description: 'Your refund_trans_id' },
			{ name: 'PayKKa Refund Order ID', value: 'refundOrderId', description: 'The refund_order_id (RG...)' },
		],
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		required: true,
		default: '',
		description: 'The refund_trans_id or refund_order_id to look up',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const byOrderId = this.getNodeParameter('lookupBy', itemIndex, 'refundTransId') === 'refundOrderId';
	const value = reference(this, itemIndex, 'lookupValue', byOrderId ? 'PayKKa Refund Order ID' : 'Merchant Refund Number');
	const client = await PayKkaClient.prepare(this, itemIndex);
	return async () => {
		const refund = await client.request({
			endpoint: 'refundQuery',
			body: byOrderId ? { refund_order_id: value } : { refund_trans_id: value },
			retrySafe: true,
		});
		return withNormalizedStatus(refund, REFUND_STATUS_MAP);
	};
}
