import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import { payKkaRequest } from '../../transport';
import { reference } from '../common';

export const description: INodeProperties[] = forOperation('recurringAgreement', 'cancel', [
	{
		displayName: 'Recurring Agreement ID',
		name: 'recurringAgreementId',
		type: 'string',
		required: true,
		default: '',
		description: 'The recurring_agreement_id returned with the first recurring payment',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const recurringAgreementId = reference(this, itemIndex, 'recurringAgreementId', 'Recurring Agreement ID');
	const result = await payKkaRequest(this, {
		endpoint: 'recurringCancel',
		itemIndex,
		body: { recurring_agreement_id: recurringAgreementId },
		retrySafe: false,
	});
	return { recurring_agreement_id: recurringAgreementId, canceled: true, ...result };
}
