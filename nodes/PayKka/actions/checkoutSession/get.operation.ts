import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { withNormalizedStatus } from '../../../shared/status';
import { SESSION_STATUS_MAP } from '../../constants';
import { payKkaRequest } from '../../transport';
import { reference } from '../common';

export const description: INodeProperties[] = forOperation('checkoutSession', 'get', [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'CS200395192979024625',
		description: 'The session_id returned by Create',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const sessionId = reference(this, itemIndex, 'sessionId', 'Session ID');
	const session = await payKkaRequest(this, {
		endpoint: 'sessionQuery',
		itemIndex,
		body: { session_id: sessionId },
		retrySafe: true,
	});
	return withNormalizedStatus(session, SESSION_STATUS_MAP);
}
