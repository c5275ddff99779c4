import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { requiredString } from '../../../shared/validation';
import { ironixPayRequest } from '../../transport';

export const description: INodeProperties[] = forOperation('subMerchant', ['get', 'update'], [
	{ displayName: 'Sub-Merchant Code', name: 'subMerchantCode', type: 'string', required: true, default: '' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const code = requiredString(this, 'subMerchantCode', itemIndex, 'Sub-Merchant Code');
	return await ironixPayRequest(this, {
		method: 'GET',
		path: `/v1/sub-merchants/${encodeURIComponent(code)}`,
		itemIndex,
	});
}
