import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkPattern, requiredString } from '../../../shared/validation';
import { PAYOUT_STATUS_MAP } from '../../constants';
import { ironixPayRequest } from '../../transport';

export const description: INodeProperties[] = forOperation('payout', 'get', [
	{ displayName: 'Payout ID', name: 'payoutId', type: 'string', required: true, default: '', placeholder: 'po_...' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const payoutId = checkPattern(
		this,
		itemIndex,
		'Payout ID',
		requiredString(this, 'payoutId', itemIndex, 'Payout ID'),
		/^po_[A-Za-z0-9]+$/,
		'is not a payout ID (po_...)',
	);
	return async () => {
		const payout = await ironixPayRequest(this, { method: 'GET', path: `/v1/payouts/${payoutId}`, itemIndex });
		return withNormalizedStatus(payout, PAYOUT_STATUS_MAP);
	};
}
