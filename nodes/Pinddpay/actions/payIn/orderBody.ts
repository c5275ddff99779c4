/** The order body both pay-in creates send, read and checked from the item's parameters. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkEmail, checkUrl, requiredString } from '../../../shared/validation';
import { CREDENTIAL_TYPE } from '../../constants';
import type { JsonBody } from '../../transport';
import { amountParameter, currencyParameter, normalizeCountry, positiveInteger, presentStrings, referenceParameter } from '../parameters';

/** The App ID of the credential, or its access key (what Pinddpay's PHP client sends as appid). */
async function appId(context: IExecuteFunctions): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const configured = String(credentials.appId ?? '').trim();
	return configured !== '' ? configured : String(credentials.accessKey ?? '');
}

/**
 * The body both pay-in creates send (Create order session, http://docs.pinddpay.com/ › Payin ›
 * Create order session; Create a transaction, http://docs.pinddpay.com/330499047e0), validated
 * before any request, plus the additional fields so the caller can add its own.
 */
export async function buildOrderBody(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<{ body: JsonBody; orderId: string; additionalFields: IDataObject }> {
	const orderId = referenceParameter(context, 'orderId', itemIndex, 'Merchant Order ID');
	const currency = currencyParameter(context, 'currency', itemIndex, 'Currency');
	const amount = amountParameter(context, 'amount', itemIndex, 'Amount', currency);
	const name = requiredString(context, 'productName', itemIndex, 'Product Name');
	const quantity = positiveInteger(context, itemIndex, 'Quantity', context.getNodeParameter('quantity', itemIndex, 1));
	const notifyUrl = checkUrl(context, itemIndex, 'Notify URL', requiredString(context, 'notifyUrl', itemIndex, 'Notify URL'));

	const customer = presentStrings(context.getNodeParameter('customer', itemIndex, {}) as IDataObject, [
		'id',
		'country',
		'ip',
		'name',
		'email',
	]);
	normalizeCountry(context, itemIndex, 'Customer Country', customer);
	if (customer.email !== undefined) checkEmail(context, itemIndex, 'Customer Email', String(customer.email));

	const additionalFields = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const extra = presentStrings(additionalFields, ['paymentMethod', 'redirectUrl', 'website', 'skuId']);
	for (const [key, field] of [
		['redirectUrl', 'Redirect URL'],
		['website', 'Website'],
	]) {
		if (extra[key] !== undefined) checkUrl(context, itemIndex, field, String(extra[key]));
	}

	const body: JsonBody = {
		appid: await appId(context),
		order: {
			id: orderId,
			// The PHP client always sends a SKU id; the merchant order ID is a stable default. [ASSUMPTION]
			sku: { id: extra.skuId ?? orderId, currency, amount, name, quantity },
		},
		// The PHP client always sends the customer; an empty one is left out. [ASSUMPTION]
		customer: Object.keys(customer).length > 0 ? customer : undefined,
		notifyUrl,
		redirectUrl: extra.redirectUrl,
		options: extra.paymentMethod !== undefined ? { paymentMethod: extra.paymentMethod } : undefined,
		website: extra.website,
	};
	return { body, orderId, additionalFields };
}
