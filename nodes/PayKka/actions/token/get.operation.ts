import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { stringParameter } from '../../../shared/validation';
import { PayKkaClient } from '../../transport';
import { reference } from '../inputs';
import { pathOverrideCollection, pathOverrides } from '../pathOverrides';

export const description: INodeProperties[] = forOperation('token', 'get', [
	{
		displayName: 'Shopper Reference',
		name: 'shopperReference',
		type: 'string',
		required: true,
		default: '',
		description: 'Your customer ID whose stored cards to list',
	},
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Only this token (leave empty for all of the shopper\'s tokens)',
	},
	pathOverrideCollection({ pathOverride: 'tokenQuery' }),
]);

/**
 * Token query (token查询 in the v1.2 reference's navigation, https://open-aq-paykka.apifox.cn; schemas QueryTokenReqDto /
 * QueryTokenRespDto in https://docs.paykka.com/payments/apis/payments/openapi/transaction). [ASSUMPTION] Its
 * path (v3 /v3/payment/acq/token/query, v1.2 /payments/token/query), request {merchant_id, shopper_reference,
 * token?} and answer (`data`: a list of {token, payment_method, card_info, token_usage}) are not shown there.
 * One output item per shopper, the tokens in `tokens`.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const shopperReference = reference(this, itemIndex, 'shopperReference', 'Shopper Reference');
	const token = stringParameter(this, 'token', itemIndex);
	const body: IDataObject = { shopper_reference: shopperReference };
	if (token !== '') body.token = reference(this, itemIndex, 'token', 'Token');
	const client = await PayKkaClient.prepare(this, itemIndex, undefined, pathOverrides(this, itemIndex, { pathOverride: 'tokenQuery' }));
	return async () => {
		const result = await client.request({ endpoint: 'tokenQuery', body, retrySafe: true, listField: 'tokens' });
		const tokens = Array.isArray(result.tokens) ? (result.tokens as IDataObject[]) : [];
		return { shopper_reference: shopperReference, count: tokens.length, ...result, tokens };
	};
}
