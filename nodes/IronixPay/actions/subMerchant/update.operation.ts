import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { inputError } from '../../../shared/validation';
import { ironixPayRequest } from '../../transport';
import { subMerchantCodeOf } from './get.operation';

// The Sub-Merchant Code locator is shared with "get" (see get.operation.ts).
export const description: INodeProperties[] = forOperation('subMerchant', 'update', [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'active',
				options: [
					{ name: 'Active', value: 'active' },
					{ name: 'Suspended', value: 'suspended', description: 'New sessions and payouts for it are refused' },
				],
			},
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const code = subMerchantCodeOf(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.displayName !== undefined) body.display_name = String(fields.displayName).trim();
	if (fields.status !== undefined) body.status = fields.status;
	if (Object.keys(body).length === 0) throw inputError(this, itemIndex, 'Update Fields', 'add at least one field to change');
	if (body.display_name === '') throw inputError(this, itemIndex, 'Display Name', 'must not be empty');
	return async () =>
		await ironixPayRequest(this, {
			method: 'PATCH',
			path: `/v1/sub-merchants/${encodeURIComponent(code)}`,
			itemIndex,
			body,
		});
}
