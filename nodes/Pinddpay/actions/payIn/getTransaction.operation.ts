import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { normalizeStatus, withNormalizedStatus } from '../../../shared/status';
import type { RequestContext, RetryPolicy } from '../../../shared/transport';
import { ORDER_STATUS_MAP, PATHS } from '../../constants';
import { TRANSACTION } from '../../simplify';
import { pinddpayRequest } from '../../transport';
import { referenceParameter } from '../parameters';

export const description: INodeProperties[] = forOperation('payIn', 'getTransaction', [
	{
		displayName: 'Pinddpay Order ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 650863804891205',
		description:
			'Pinddpay\'s ID of the order: the "orderId" of Create Order Session, the "ID" of Create Transaction, or order.ID of a webhook (not your merchant order number)',
	},
	...outputProperties(TRANSACTION),
]);

/**
 * Query a transaction (GET /api/order/detail?id=, http://docs.pinddpay.com/341501367e0): the order
 * by Pinddpay's order id, with `normalizedStatus` from `statusEn` (`status` is a Chinese label).
 * Used by this operation and by the trigger's Confirm With Gateway. `missingAsUndefined`: answer
 * undefined when Pinddpay says the order does not exist (`result` null, or envelope code 400
 * [ASSUMPTION: the page shows no error sample; Admin.NET answers business errors with code 400])
 * instead of returning an empty order or throwing.
 */
export async function queryTransaction(
	context: RequestContext,
	id: string,
	options: { itemIndex?: number; policy?: RetryPolicy; missingAsUndefined?: boolean } = {},
): Promise<IDataObject | undefined> {
	const result = await pinddpayRequest(context, {
		method: 'GET',
		path: PATHS.orderDetail,
		qs: { id },
		itemIndex: options.itemIndex ?? 0,
		policy: options.policy,
		notFoundCodes: options.missingAsUndefined ? ['400'] : undefined,
	});
	if (result === null || result === undefined || typeof result !== 'object' || Array.isArray(result)) {
		return options.missingAsUndefined ? undefined : withNormalizedStatus({}, ORDER_STATUS_MAP, 'statusEn');
	}
	// Set on the parsed object itself, which keeps the amounts' literals (see exactJson.ts).
	const order = result as IDataObject;
	order.normalizedStatus = normalizeStatus(order.statusEn, ORDER_STATUS_MAP);
	return order;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const id = referenceParameter(this, 'id', itemIndex, 'Pinddpay Order ID');
	const shape = outputShaper(this, itemIndex, TRANSACTION);
	return async () => shape((await queryTransaction(this, id, { itemIndex }))!);
}
