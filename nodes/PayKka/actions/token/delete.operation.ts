import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { PayKkaClient } from '../../transport';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('token', 'delete', [
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. TK32896597324223532',
		description: 'The stored card token to delete',
	},
	{
		displayName: 'Shopper Reference',
		name: 'shopperReference',
		type: 'string',
		required: true,
		default: '',
		description: 'The customer the token belongs to',
	},
	pathOverrideCollection({ pathOverride: 'tokenRemove' }),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const token = reference(this, itemIndex, 'token', 'Token');
	const shopperReference = reference(this, itemIndex, 'shopperReference', 'Shopper Reference');
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'tokenRemove' }));
	return async () => {
		// Moves no money; sent once (a lost answer is reported, not resent).
		const result = await client.request({
			endpoint: 'tokenRemove',
			body: { token, shopper_reference: shopperReference },
			retrySafe: false,
		});
		return { token, shopper_reference: shopperReference, deleted: true, ...result };
	};
}
