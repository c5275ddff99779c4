import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkPattern, inputError, requiredString } from '../../../shared/validation';
import { SUB_MERCHANT } from '../../simplify';
import { ironixPayRequest } from '../../transport';

export const description: INodeProperties[] = forOperation('subMerchant', 'create', [
	{
		displayName: 'Sub-Merchant Code',
		name: 'subMerchantCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. shop_tokyo',
		description: 'Your code for the sub-merchant: 1-100 characters, not starting with "_"',
	},
	{ displayName: 'Display Name', name: 'displayName', type: 'string', required: true, default: '' },
	...outputProperties(SUB_MERCHANT),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const code = checkPattern(
		this,
		itemIndex,
		'Sub-Merchant Code',
		requiredString(this, 'subMerchantCode', itemIndex, 'Sub-Merchant Code'),
		/^[^_].{0,99}$/su,
		'must be 1-100 characters and not start with "_"',
	);
	const displayName = requiredString(this, 'displayName', itemIndex, 'Display Name');
	if ([...displayName].length > 200) throw inputError(this, itemIndex, 'Display Name', 'must be at most 200 characters');
	const shape = outputShaper(this, itemIndex, SUB_MERCHANT);
	return async () =>
		shape(
			await ironixPayRequest(this, {
				method: 'POST',
				path: '/v1/sub-merchants',
				itemIndex,
				body: { sub_merchant_code: code, display_name: displayName },
			}),
		);
}
