import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { withNormalizedStatus } from '../../../shared/status';
import { forOperation, paginationProperties } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { PAYOUT_STATUS_MAP } from '../../constants';
import { PAYOUT } from '../../simplify';
import { LISTS, listPages, pagingOf } from '../list';

export const description: INodeProperties[] = forOperation('payout', 'getAll', [...paginationProperties(), ...outputProperties(PAYOUT)]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const paging = pagingOf(this, itemIndex);
	const shape = outputShaper(this, itemIndex, PAYOUT);
	return async () => {
		const payouts = await listPages(this, itemIndex, LISTS.payouts, {}, paging);
		return shape(payouts.map((payout) => withNormalizedStatus(payout, PAYOUT_STATUS_MAP)));
	};
}
