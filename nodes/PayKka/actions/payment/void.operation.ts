import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createExactlyOnce } from '../../../shared/exactlyOnce';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { ORDER_NOT_FOUND, ORDER_STATUS_MAP, REASONS } from '../../constants';
import { PayKkaClient } from '../../transport';
import { returnedAmount } from '../amounts';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('payment', 'void', [
	{
		displayName: 'PayKKa Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. GW20598371023658327',
		description:
			'The authorised, not yet captured order (order_id) to cancel. Before voiding, the node queries the order and returns it if it is already cancelled, so a re-run or retry is answered without a second void.',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		default: 'REQUESTED_BY_CUSTOMER',
		options: REASONS,
	},
	pathOverrideCollection({ pathOverride: 'paymentVoid', lookupPathOverride: 'paymentQuery' }),
]);

/**
 * A void releases the shopper's authorised funds. Exactly once through the order itself, like
 * capture: the transaction query (POST /v3/payment/acq/query, documented) shows CANCELED /
 * balances.voided_amount once it was voided.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const orderId = reference(this, itemIndex, 'orderId', 'PayKKa Order ID');
	const reason = this.getNodeParameter('reason', itemIndex, 'REQUESTED_BY_CUSTOMER') as string;
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'paymentVoid', lookupPathOverride: 'paymentQuery' }));
	return async () => {
		const result = await createExactlyOnce(
			{
				find: async () => {
					const order = await client.lookup({ endpoint: 'paymentQuery', body: { order_id: orderId } }, [ORDER_NOT_FOUND], `order ${orderId}`);
					const voided = returnedAmount((order?.balances as IDataObject | undefined)?.voided_amount) ?? 0;
					return order && (voided > 0 || order.status === 'CANCELED') ? order : undefined;
				},
				create: async () => await client.request({ endpoint: 'paymentVoid', body: { order_id: orderId, reason }, retrySafe: false }),
			},
			{ lookedUpBy: `order ${orderId} (its voided amount)` },
		);
		// Void answers only ret_code/ret_msg (https://docs.paykka.com/payments/apis/payments/openapi/transaction/payments-void-opl_1.md).
		return result.status === undefined
			? { order_id: orderId, reason, ...result }
			: withNormalizedStatus(result, ORDER_STATUS_MAP);
	};
}
