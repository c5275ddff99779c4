import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { PATHS, PAYIN_STATUS_MAP } from '../../constants';
import { queryOrder, queryProperties } from '../common';

export const description: INodeProperties[] = queryProperties('payIn');

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await queryOrder(this, itemIndex, PATHS.payInQuery, PAYIN_STATUS_MAP);
}
