import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { requiredString } from '../../../shared/validation';
import { ironixPayRequest } from '../../transport';

export const description: INodeProperties[] = forOperation('subMerchant', ['get', 'update'], [
	{ displayName: 'Sub-Merchant Code', name: 'subMerchantCode', type: 'string', required: true, default: '' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const code = requiredString(this, 'subMerchantCode', itemIndex, 'Sub-Merchant Code');
	return async () =>
		await ironixPayRequest(this, {
			method: 'GET',
			path: `/v1/sub-merchants/${encodeURIComponent(code)}`,
			itemIndex,
		});
}
