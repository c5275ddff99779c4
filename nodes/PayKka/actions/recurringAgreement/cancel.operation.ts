import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { PayKkaClient } from '../../transport';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('recurringAgreement', 'cancel', [
	{
		displayName: 'Recurring Agreement ID',
		name: 'recurringAgreementId',
		type: 'string',
		required: true,
		default: '',
		description: 'The recurring_agreement_id returned with the first recurring payment',
	},
	pathOverrideCollection({ pathOverride: 'recurringCancel' }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const recurringAgreementId = reference(this, itemIndex, 'recurringAgreementId', 'Recurring Agreement ID');
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'recurringCancel' }));
	return async () => {
		// Moves no money; sent once (a lost answer is reported, not resent).
		const result = await client.request({
			endpoint: 'recurringCancel',
			body: { recurring_agreement_id: recurringAgreementId },
			retrySafe: false,
		});
		return { recurring_agreement_id: recurringAgreementId, canceled: true, ...result };
	};
}
