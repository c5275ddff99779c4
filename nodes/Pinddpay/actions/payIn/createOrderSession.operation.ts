import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { CREDENTIAL_TYPE, PATHS } from '../../constants';
import { ORDER_SESSION } from '../../simplify';
import { pinddpayRequest } from '../../transport';
import { orderUnknownOutcome } from '../unknownOutcome';
import { buildOrderBody } from './orderBody';
import { orderAdditionalFields, orderProperties } from './orderFields';

export const description: INodeProperties[] = forOperation('payIn', 'createOrderSession', [
	...orderProperties,
	...outputProperties(ORDER_SESSION),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: orderAdditionalFields,
	},
]);

/**
 * The session id is Base64 of "<Pinddpay order id>:<checkout domain>": Pinddpay's JS SDK (HostSdk)
 * decodes it to open the checkout; the Create order session page (http://docs.pinddpay.com/ ›
 * Payin) documents only `result.session`. Decoding it gives the order id for Query Transaction and
 * the hosted checkout URL.
 */
export function decodeSession(session: unknown): { orderId: string; checkoutUrl: string } | undefined {
	if (typeof session !== 'string' || session === '') return undefined;
	const decoded = Buffer.from(session, 'base64').toString('utf8');
	const separator = decoded.indexOf(':');
	if (separator <= 0 || separator === decoded.length - 1) return undefined;
	const orderId = decoded.slice(0, separator);
	const domain = decoded.slice(separator + 1);
	if (!/^[\x21-\x7e]+$/.test(orderId) || !/^[\x21-\x7e]+$/.test(domain)) return undefined;
	const origin = /^https?:\/\//i.test(domain) ? domain.replace(/\/+$/, '') : `https://${domain.replace(/\/+$/, '')}`;
	return { orderId, checkoutUrl: `${origin}/app/v2/checkout?token=${encodeURIComponent(orderId)}` };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const { body, orderId } = await buildOrderBody(this, itemIndex);
	const environment = (await this.getCredentials(CREDENTIAL_TYPE)).environment;
	const shape = outputShaper(this, itemIndex, ORDER_SESSION);
	return async () => {
		const result = ((await pinddpayRequest(this, {
			method: 'POST',
			path: PATHS.createSession,
			itemIndex,
			body,
			unknownOutcome: orderUnknownOutcome(orderId),
		})) ?? {}) as IDataObject;
		return shape({
			...result,
			merchantOrderNo: orderId,
			...decodeSession(result.session),
			// What to pass to the front-end SDK together with the session id.
			sdkEnv: environment === 'production' ? 'prod' : environment === 'test' ? 'test' : undefined,
		});
	};
}
