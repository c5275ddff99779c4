import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeStatus, type NormalizedStatus } from '../shared/status';
import { signedTriggerProperties } from '../shared/triggerProperties';
import { nowInSeconds } from '../shared/verify';
import { parseJsonObject, receiveSignedWebhook, singleHeader, manuallyConfiguredWebhookMethods, signedWebhookDescription } from '../shared/webhook';
import { CREDENTIAL_TYPE, EVENT_STATUS_MAP, ORDER_STATUS_MAP, PAYOUT_STATUS_MAP, WEBHOOK_EVENTS } from './constants';
import { verifyWebhook, type SignTokenContent } from './signature';

/**
 * The event as delivered, with the pay-in sections always present (null when absent), the
 * payout/subscription `resouce` (sic) also as `resource`, and a normalised status.
 */
export function webhookItem(event: IDataObject): IDataObject {
	const eventName = String(event.eventName);
	const resource = (event.resouce ?? event.resource ?? null) as IDataObject | null;
	const order = (event.order ?? null) as IDataObject | null;
	const category = eventName.startsWith('payout.') ? 'payout' : eventName.startsWith('subscription.') ? 'subscription' : 'payin';
	let normalizedStatus: NormalizedStatus = EVENT_STATUS_MAP[eventName] ?? 'unknown';
	if (normalizedStatus === 'unknown' && order) normalizedStatus = normalizeStatus(order.statusEn, ORDER_STATUS_MAP);
	if (normalizedStatus === 'unknown' && resource && category === 'payout') {
		normalizedStatus = normalizeStatus(resource.status, PAYOUT_STATUS_MAP);
	}
	return {
		...event,
		category,
		order,
		transaction: event.transaction ?? null,
		dispute: event.dispute ?? null,
		refund: event.refund ?? null,
		resource,
		normalizedStatus,
	};
}

export class PinddpayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pinddpay Trigger',
		name: 'pinddpayTrigger',
		icon: { light: 'file:pinddpay.svg', dark: 'file:pinddpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on signed Pinddpay webhooks (pay-in orders, payouts, subscriptions)',
		defaults: { name: 'Pinddpay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [signedWebhookDescription],
		properties: [
			...signedTriggerProperties(
				'Use the Production URL above as the Notify URL of your Pinddpay orders and payouts. Deliveries whose sign-token header does not match the credential\'s secret, or whose eventAt is missing or outside the Timestamp Tolerance, get HTTP 401 and start nothing. eventAt may be ISO 8601 (with or without offset), yyyy-MM-dd HH:mm:ss, or Unix seconds or milliseconds; a time without an offset is read as UTC.',
				WEBHOOK_EVENTS,
			),
			{
				displayName: 'Sign-Token Content',
				name: 'signTokenContent',
				type: 'options',
				default: 'secret',
				description:
					'What Pinddpay hashes into the sign-token header (upper-case MD5). Its docs do not say; ask Pinddpay which one your account uses.',
				options: [
					{
						name: 'MD5 of the Secret',
						value: 'secret',
						description:
							'A static token: the same on every delivery and not tied to the body, so it only proves the sender knows the secret. A captured token can be sent with any body, so every delivery must carry a fresh eventAt; a changed body within the Timestamp Tolerance is still accepted.',
					},
					{
						name: 'MD5 of Raw Body + Secret',
						value: 'bodyAndSecret',
						description: 'Binds the token to the exact bytes delivered, so a changed body is rejected',
					},
				],
			},
		],
	};

	// Notify URLs are passed per order and payout; there is no endpoint registration API.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSignedWebhook(this, {
			verify: async (rawBody, headers, options) => {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				return verifyWebhook({
					secret: credentials.secret as string | undefined,
					signToken: singleHeader(headers, 'sign-token'),
					content: this.getNodeParameter('signTokenContent', 'secret') as SignTokenContent,
					rawBody,
					nowSeconds: nowInSeconds(),
					toleranceSeconds: options.toleranceSeconds,
				});
			},
			parse: (rawBody) => {
				const event = parseJsonObject(rawBody);
				return typeof event?.eventId === 'string' && event.eventId !== '' && typeof event.eventName === 'string'
					? event
					: undefined;
			},
			eventName: (event) => event.eventName as string,
			eventKey: (event) => event.eventId as string,
			// "Respond with status code 200"; the body is not checked (the payout page shows {}).
			ack: { contentType: 'application/json', body: '{}' },
			toItem: webhookItem,
		});
	}
}
