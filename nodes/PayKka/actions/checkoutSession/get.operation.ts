import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { SESSION_STATUS_MAP } from '../../constants';
import { CHECKOUT_SESSION } from '../../simplify';
import { PayKkaClient } from '../../transport';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('checkoutSession', 'get', [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. CS200395192979024625',
		description: 'The session_id returned by Create',
	},
	...outputProperties(CHECKOUT_SESSION),
	pathOverrideCollection({ pathOverride: 'sessionQuery' }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const sessionId = reference(this, itemIndex, 'sessionId', 'Session ID');
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'sessionQuery' }));
	const shape = outputShaper(this, itemIndex, CHECKOUT_SESSION);
	return async () => {
		const session = await client.request({ endpoint: 'sessionQuery', body: { session_id: sessionId }, retrySafe: true });
		return shape(withNormalizedStatus(session, SESSION_STATUS_MAP));
	};
}
