import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation, paginationProperties } from '../../../shared/properties';
import { listPages } from '../list';

export const description: INodeProperties[] = forOperation('subMerchant', 'getAll', paginationProperties());

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listPages(this, itemIndex, '/v1/sub-merchants', {}, 'items');
}
