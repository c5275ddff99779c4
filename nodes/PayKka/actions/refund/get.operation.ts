import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { withNormalizedStatus } from '../../../shared/status';
import { REFUND_STATUS_MAP } from '../../constants';
import { payKkaRequest } from '../../transport';
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const byOrderId = this.getNodeParameter('lookupBy', itemIndex, 'refundTransId') === 'refundOrderId';
	const value = reference(this, itemIndex, 'lookupValue', byOrderId ? 'PayKKa Refund Order ID' : 'Merchant Refund Number');
	const refund = await payKkaRequest(this, {
		endpoint: 'refundQuery',
		itemIndex,
		body: byOrderId ? { refund_order_id: value } : { refund_trans_id: value },
		retrySafe: true,
	});
	return withNormalizedStatus(refund, REFUND_STATUS_MAP);
}
