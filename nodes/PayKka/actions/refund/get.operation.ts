import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { REFUND_STATUS_MAP } from '../../constants';
import { REFUND } from '../../simplify';
import { PayKkaClient, type PayKkaRequest } from '../../transport';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

/** The references the refund query takes (refund_trans_id and/or refund_order_id, as PayKKa's WooCommerce plugin sends them). */
export type RefundReference = 'refund_trans_id' | 'refund_order_id';

/** Refund > Get's request (POST /v3/payment/acq/refund/query); the PayKKa Trigger confirms refund events with it too. */
export function refundQuery(field: RefundReference, value: string): Omit<PayKkaRequest, 'retrySafe'> {
	return { endpoint: 'refundQuery', body: { [field]: value } };
}

/** The refund as PayKKa returned it, plus normalizedStatus. */
export function refundView(refund: IDataObject): IDataObject {
	return withNormalizedStatus(refund, REFUND_STATUS_MAP);
}

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
	...outputProperties(REFUND),
	pathOverrideCollection({ pathOverride: 'refundQuery' }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const byOrderId = this.getNodeParameter('lookupBy', itemIndex, 'refundTransId') === 'refundOrderId';
	const value = reference(this, itemIndex, 'lookupValue', byOrderId ? 'PayKKa Refund Order ID' : 'Merchant Refund Number');
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'refundQuery' }));
	const shape = outputShaper(this, itemIndex, REFUND);
	return async () => {
		const request = refundQuery(byOrderId ? 'refund_order_id' : 'refund_trans_id', value);
		return shape(refundView(await client.request({ ...request, retrySafe: true })));
	};
}
