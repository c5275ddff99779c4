import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { DEFAULT_BALANCE_PATH } from '../../constants';
import { pinddpayRequest } from '../../transport';
import { pathOption } from '../parameters';

export const description: INodeProperties[] = forOperation('payout', 'getBalance', [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Endpoint Path',
				name: 'path',
				type: 'string',
				default: DEFAULT_BALANCE_PATH,
				description:
					'Pinddpay does not publish the balance endpoint. The default is an assumption; ask Pinddpay for the path of your account (e.g. /api/merchant/Balance).',
			},
		],
	},
]);

/** One item per currency when Pinddpay answers with a list (`[{currency, balance}]`). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const path = pathOption(this, itemIndex, DEFAULT_BALANCE_PATH);
	return async () => {
		const result = await pinddpayRequest(this, { method: 'GET', path, itemIndex });
		if (Array.isArray(result)) return result as IDataObject[];
		if (result !== null && typeof result === 'object') return [result as IDataObject];
		return [{ balance: result ?? null }];
	};
}
