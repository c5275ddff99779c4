import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation, paginationProperties } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { listPages, pagingOf } from '../list';

export const description: INodeProperties[] = forOperation('subMerchant', 'getAll', paginationProperties());

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const paging = pagingOf(this, itemIndex);
	return async () => await listPages(this, itemIndex, '/v1/sub-merchants', {}, 'items', paging);
}
