import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SendItem } from '../../../shared/router';
import { PATHS, PAYOUT_STATUS_MAP } from '../../constants';
import { prepareQuery, queryProperties } from '../common';

export const description: INodeProperties[] = queryProperties('payout');

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	return prepareQuery(this, itemIndex, PATHS.payOutQuery, PAYOUT_STATUS_MAP);
}
