import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation, paginationProperties } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { SUB_MERCHANT } from '../../simplify';
import { LISTS, listPages, pagingOf } from '../list';

export const description: INodeProperties[] = forOperation('subMerchant', 'getAll', [...paginationProperties(), ...outputProperties(SUB_MERCHANT)]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const paging = pagingOf(this, itemIndex);
	const shape = outputShaper(this, itemIndex, SUB_MERCHANT);
	return async () => shape(await listPages(this, itemIndex, LISTS.subMerchants, {}, paging));
}
