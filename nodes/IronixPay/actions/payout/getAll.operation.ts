import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { forOperation, paginationProperties } from '../../../shared/properties';
import { PAYOUT_STATUS_MAP } from '../../constants';
import { listPages } from '../list';

export const description: INodeProperties[] = forOperation('payout', 'getAll', paginationProperties());

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const payouts = await listPages(this, itemIndex, '/v1/payouts', {}, 'meta');
	return payouts.map((payout) => withNormalizedStatus(payout, PAYOUT_STATUS_MAP));
}
