import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeStatus } from '../shared/status';
import { signedTriggerProperties } from '../shared/triggerProperties';
import { parseJsonObject, receiveSignedWebhook, singleHeader, manuallyConfiguredWebhookMethods, signedWebhookDescription } from '../shared/webhook';
import { CREDENTIAL_TYPE, NOTIFICATION_TYPES, PAYIN_STATUS_MAP, PAYOUT_STATUS_MAP } from './constants';
import { verifySign } from './signature';

const SETUP_NOTICE =
	'Put the Production URL above as the Notify URL of your Cashy pay-ins and payouts. Each notification must carry your MerchantId and a valid Sign (MD5 of the raw body + your secret key); others get HTTP 401 and start nothing. Cashy signs no timestamp, so replays cannot be detected by time: a repeated order number + status is acknowledged and ignored instead.';

/** The shared trigger parameters without the timestamp window, which Cashy's Sign cannot support. */
function triggerProperties(): INodeProperties[] {
	return signedTriggerProperties(SETUP_NOTICE, NOTIFICATION_TYPES).map((property) =>
		property.name === 'options'
			? { ...property, options: (property.options as INodeProperties[]).filter((option) => option.name !== 'toleranceSeconds') }
			: property,
	);
}

/** Payout notifications have a PAYOUT... order number or payout-only fields; everything else is a pay-in. */
function notificationType(event: IDataObject): 'payIn' | 'payout' {
	const orderNo = String(event.orderNo ?? '').toUpperCase();
	if (orderNo.startsWith('PAYOUT') || event.resultDesc !== undefined || event.accountNo !== undefined) return 'payout';
	return 'payIn';
}

export class CashyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cashy Trigger',
		name: 'cashyTrigger',
		icon: { light: 'file:cashy.svg', dark: 'file:cashy.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on signed Cashy pay-in and payout notifications',
		defaults: { name: 'Cashy Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [signedWebhookDescription],
		properties: triggerProperties(),
	};

	// Cashy takes the notify URL per order (notifyUrl); there is nothing to register.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSignedWebhook(this, {
			verify: async (rawBody, headers) => {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				// Cashy sends the MerchantId header with every notification (required in "Async Webhook
				// Notification", https://docs.cashypro.com/en_us/col/payin.html). It is not signed, but a
				// notification without it, or for another merchant, is never ours.
				const merchantId = singleHeader(headers, 'merchantid');
				if (merchantId === undefined) return { valid: false, reason: 'missing_signature' };
				if (merchantId.trim() !== String(credentials.merchantId ?? '').trim()) return { valid: false, reason: 'bad_signature' };
				return verifySign({
					secret: credentials.secretKey as string | undefined,
					signature: singleHeader(headers, 'sign'),
					rawBody,
				});
			},
			parse: (rawBody) => {
				const event = parseJsonObject(rawBody);
				const hasOrder = typeof event?.orderNo === 'string' || typeof event?.mchOrderNo === 'string';
				return event && hasOrder && typeof event.orderStatus === 'string' ? event : undefined;
			},
			eventName: (event) => notificationType(event),
			// Cashy resends the same notification until it gets SUCCESS: one run per order and status.
			eventKey: (event) => `${notificationType(event)}:${String(event.orderNo ?? event.mchOrderNo)}:${String(event.orderStatus)}`,
			ack: { contentType: 'text/plain', body: 'SUCCESS' },
			toItem: (event) => {
				const type = notificationType(event);
				return {
					...event,
					notificationType: type,
					normalizedStatus: normalizeStatus(event.orderStatus, type === 'payout' ? PAYOUT_STATUS_MAP : PAYIN_STATUS_MAP),
				};
			},
		});
	}
}
