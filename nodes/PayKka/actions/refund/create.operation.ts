import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { withNormalizedStatus } from '../../../shared/status';
import { checkUrl } from '../../../shared/validation';
import { REASONS, REFUND_STATUS_MAP } from '../../constants';
import { payKkaRequest } from '../../transport';
import { amountUnit, amountUnitProperty, currencyCode, currencyProperty, minorAmount, reference } from '../common';

export const description: INodeProperties[] = forOperation('refund', 'create', [
	{
		displayName: 'Merchant Refund Number',
		name: 'refundTransId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'refund-2026-0001',
		description:
			'Your unique refund number (refund_trans_id). PayKKa keeps one refund per number, so running the same item again never refunds twice.',
	},
	{
		displayName: 'PayKKa Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'GW20598371023658327',
		description: 'The captured order (order_id) to refund',
	},
	amountUnitProperty(),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '4.45',
		description: 'Amount to refund; partial refunds are allowed up to the refundable amount',
	},
	currencyProperty('Currency of the order.'),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		default: 'REQUESTED_BY_CUSTOMER',
		options: REASONS,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Notify URL',
				name: 'notifyUrl',
				type: 'string',
				default: '',
				description: 'Where PayKKa posts the refund result: the Production URL of a PayKKa Trigger node',
			},
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const refundTransId = reference(this, itemIndex, 'refundTransId', 'Merchant Refund Number');
	const orderId = reference(this, itemIndex, 'orderId', 'PayKKa Order ID');
	const currency = currencyCode(this, itemIndex);
	const refundAmount = minorAmount(
		this,
		itemIndex,
		'Amount',
		this.getNodeParameter('amount', itemIndex, ''),
		currency,
		amountUnit(this, itemIndex),
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		refund_trans_id: refundTransId,
		ori_order_id: orderId,
		refund_amount: refundAmount,
		currency,
		reason: this.getNodeParameter('reason', itemIndex, 'REQUESTED_BY_CUSTOMER') as string,
	};
	if (options.notifyUrl) body.notify_url = checkUrl(this, itemIndex, 'Notify URL', String(options.notifyUrl));
	// PayKKa dedupes on refund_trans_id, so a retry returns the same refund.
	const refund = await payKkaRequest(this, { endpoint: 'refundCreate', itemIndex, body, retrySafe: true });
	return withNormalizedStatus(refund, REFUND_STATUS_MAP);
}
