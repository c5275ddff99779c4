import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation, idLocator } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkPattern, locatorValue } from '../../../shared/validation';
import { SUB_MERCHANT } from '../../simplify';
import { ironixPayRequest } from '../../transport';

/** IronixPay's rule for a sub-merchant code: 1-100 characters, not starting with "_" (reserved). */
const SUB_MERCHANT_CODE_PATTERN = /^[^_].{0,99}$/su;

export const description: INodeProperties[] = [
	...forOperation('subMerchant', ['get', 'update'], [
		idLocator({
			displayName: 'Sub-Merchant Code',
			name: 'subMerchantCode',
			searchListMethod: 'searchSubMerchants',
			listPlaceholder: 'Select a sub-merchant...',
			byIdLabel: 'By Code',
			placeholder: 'e.g. shop_tokyo',
			pattern: '^[^_].{0,99}$',
			patternMessage: 'Not a sub-merchant code (1-100 characters, not starting with "_")',
		}),
	]),
	...forOperation('subMerchant', 'get', outputProperties(SUB_MERCHANT)),
];

/** The chosen sub-merchant's code (shared with "update"), checked before anything is sent. */
export function subMerchantCodeOf(context: IExecuteFunctions, itemIndex: number): string {
	return checkPattern(
		context,
		itemIndex,
		'Sub-Merchant Code',
		locatorValue(context, 'subMerchantCode', itemIndex, 'Sub-Merchant Code'),
		SUB_MERCHANT_CODE_PATTERN,
		'is not a sub-merchant code (1-100 characters, not starting with "_")',
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const code = subMerchantCodeOf(this, itemIndex);
	const shape = outputShaper(this, itemIndex, SUB_MERCHANT);
	return async () =>
		shape(
			await ironixPayRequest(this, {
				method: 'GET',
				path: `/v1/sub-merchants/${encodeURIComponent(code)}`,
				itemIndex,
			}),
		);
}
