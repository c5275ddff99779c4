import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { requiredString, stringParameter } from '../../../shared/validation';
import { DEFAULT_CANCEL_SUBSCRIPTION_PATH, SUBSCRIPTION_STATUS_MAP } from '../../constants';
import { pinddpayRequest, type JsonBody } from '../../transport';
import { pathOption } from '../parameters';

export const description: INodeProperties[] = forOperation('subscription', 'cancel', [
	{
		displayName: 'Contract ID',
		name: 'contractId',
		type: 'string',
		required: true,
		default: '',
		description: 'The subscription\'s contract ID: resouce.capture.contractId of a subscription webhook',
	},
	{
		displayName: 'Plan ID',
		name: 'planId',
		type: 'string',
		default: '',
		description: 'The plan of the subscription (optional)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Endpoint Path',
				name: 'path',
				type: 'string',
				default: DEFAULT_CANCEL_SUBSCRIPTION_PATH,
				description: 'Pinddpay does not publish the cancel endpoint. The default is an assumption; ask Pinddpay for the path of your account.',
			},
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const contractId = requiredString(this, 'contractId', itemIndex, 'Contract ID');
	const planId = stringParameter(this, 'planId', itemIndex);
	const path = pathOption(this, itemIndex, DEFAULT_CANCEL_SUBSCRIPTION_PATH);
	const body: JsonBody = { contractId, ...(planId !== '' ? { planId } : {}) };
	return async () => {
		const result = await pinddpayRequest(this, { method: 'POST', path, itemIndex, body });
		if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
			return withNormalizedStatus(result as IDataObject, SUBSCRIPTION_STATUS_MAP);
		}
		// Pinddpay may answer with just `true`.
		const cancelled = result === true;
		return { contractId, cancelled, normalizedStatus: cancelled ? 'canceled' : 'unknown' };
	};
}
