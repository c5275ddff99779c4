import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { withNormalizedStatus } from '../../../shared/status';
import { stringParameter } from '../../../shared/validation';
import { ORDER_STATUS_MAP } from '../../constants';
import { payKkaRequest } from '../../transport';
import { amountUnit, amountUnitProperty, currencyCode, currencyProperty, minorAmount, reference } from '../common';

export const description: INodeProperties[] = forOperation('payment', 'capture', [
	{
		displayName: 'PayKKa Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'GW20598371023658327',
		description: 'The authorised order (order_id) to capture',
	},
	amountUnitProperty(),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		placeholder: '4.45',
		description: 'Amount to capture, at most the authorised amount. Leave empty to capture everything.',
	},
	currencyProperty('Currency of the order (used to convert the amount).'),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const orderId = reference(this, itemIndex, 'orderId', 'PayKKa Order ID');
	const body: IDataObject = { order_id: orderId };
	const amountText = stringParameter(this, 'amount', itemIndex);
	if (amountText !== '') {
		const currency = currencyCode(this, itemIndex);
		body.amount = minorAmount(this, itemIndex, 'Amount', amountText, currency, amountUnit(this, itemIndex));
		body.currency = currency;
	}
	// Not retried: a lost answer to a partial capture must not capture twice.
	const result = await payKkaRequest(this, { endpoint: 'paymentCapture', itemIndex, body, retrySafe: false });
	return result.status === undefined ? { order_id: orderId, ...result } : withNormalizedStatus(result, ORDER_STATUS_MAP);
}
