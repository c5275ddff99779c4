import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { checkPattern, requiredString } from '../../../shared/validation';
import { ORDER_STATUS_MAP, PATHS } from '../../constants';
import { pinddpayRequest } from '../../transport';

export const description: INodeProperties[] = forOperation('payin', 'getTransaction', [
	{
		displayName: 'Pinddpay Order ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: '650863804891205',
		description:
			'Pinddpay\'s ID of the order: the "orderId" of Create Order Session, the "ID" of Create Transaction, or order.ID of a webhook (not your merchant order number)',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const id = checkPattern(
		this,
		itemIndex,
		'Pinddpay Order ID',
		requiredString(this, 'id', itemIndex, 'Pinddpay Order ID'),
		/^[\x21-\x7e]{1,64}$/,
		'must be 1-64 visible ASCII characters without spaces',
	);
	return async () => {
		const order = ((await pinddpayRequest(this, { method: 'GET', path: PATHS.orderDetail, qs: { id }, itemIndex })) ??
			{}) as IDataObject;
		// `status` is a Chinese label; `statusEn` is the machine value.
		return withNormalizedStatus(order, ORDER_STATUS_MAP, 'statusEn');
	};
}
