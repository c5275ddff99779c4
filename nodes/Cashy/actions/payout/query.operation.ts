import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { PATHS, PAYOUT_STATUS_MAP } from '../../constants';
import { queryOrder, queryProperties } from '../common';

export const description: INodeProperties[] = queryProperties('payout');

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await queryOrder(this, itemIndex, PATHS.payOutQuery, PAYOUT_STATUS_MAP);
}
