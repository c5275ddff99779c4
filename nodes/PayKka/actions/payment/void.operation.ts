import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { withNormalizedStatus } from '../../../shared/status';
import { ORDER_STATUS_MAP, REASONS } from '../../constants';
import { payKkaRequest } from '../../transport';
import { reference } from '../common';

export const description: INodeProperties[] = forOperation('payment', 'void', [
	{
		displayName: 'PayKKa Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'GW20598371023658327',
		description: 'The authorised, not yet captured order (order_id) to cancel',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		default: 'REQUESTED_BY_CUSTOMER',
		options: REASONS,
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const orderId = reference(this, itemIndex, 'orderId', 'PayKKa Order ID');
	const reason = this.getNodeParameter('reason', itemIndex, 'REQUESTED_BY_CUSTOMER') as string;
	const result = await payKkaRequest(this, {
		endpoint: 'paymentVoid',
		itemIndex,
		body: { order_id: orderId, reason },
		retrySafe: false,
	});
	// Void answers only ret_code/ret_msg (spec A6.4): report what was voided.
	return result.status === undefined
		? { order_id: orderId, reason, ...result }
		: withNormalizedStatus(result, ORDER_STATUS_MAP);
}
