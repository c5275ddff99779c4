import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkPattern, requiredString } from '../../../shared/validation';
import { SESSION_STATUS_MAP } from '../../constants';
import { ironixPayRequest } from '../../transport';

export const description: INodeProperties[] = forOperation('checkoutSession', 'get', [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'cs_...',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const sessionId = checkPattern(
		this,
		itemIndex,
		'Session ID',
		requiredString(this, 'sessionId', itemIndex, 'Session ID'),
		/^cs_[A-Za-z0-9]+$/,
		'is not a checkout session ID (cs_...)',
	);
	return async () => {
		const session = await ironixPayRequest(this, {
			method: 'GET',
			path: `/v1/checkout/sessions/${sessionId}`,
			itemIndex,
		});
		return withNormalizedStatus(session, SESSION_STATUS_MAP);
	};
}
