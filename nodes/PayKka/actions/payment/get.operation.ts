import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { ORDER_STATUS_MAP } from '../../constants';
import { PAYMENT } from '../../simplify';
import { PayKkaClient, type PayKkaRequest } from '../../transport';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

const LOOKUP_FIELDS: Record<string, { field: PaymentReference; label: string }> = {
	transId: { field: 'trans_id', label: 'Merchant Order Number' },
	orderId: { field: 'order_id', label: 'PayKKa Order ID' },
	sessionId: { field: 'session_id', label: 'Session ID' },
};

/** The references the transaction query takes (https://docs.paykka.com/payments/apis/payments/openapi/transaction: one of the three). */
export type PaymentReference = 'trans_id' | 'order_id' | 'session_id';

/** Payment > Get's request (POST /v3/payment/acq/query); the PayKKa Trigger confirms payment events with it too. */
export function paymentQuery(field: PaymentReference, value: string): Omit<PayKkaRequest, 'retrySafe'> {
	return { endpoint: 'paymentQuery', body: { [field]: value } };
}

/** The order as PayKKa returned it, plus normalizedStatus. */
export function paymentView(payment: IDataObject): IDataObject {
	return withNormalizedStatus(payment, ORDER_STATUS_MAP);
}

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
	...outputProperties(PAYMENT),
	pathOverrideCollection({ pathOverride: 'paymentQuery' }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const lookup = LOOKUP_FIELDS[this.getNodeParameter('lookupBy', itemIndex, 'transId') as string] ?? LOOKUP_FIELDS.transId;
	const value = reference(this, itemIndex, 'lookupValue', lookup.label);
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'paymentQuery' }));
	const shape = outputShaper(this, itemIndex, PAYMENT);
	return async () => {
		return shape(paymentView(await client.request({ ...paymentQuery(lookup.field, value), retrySafe: true })));
	};
}
