import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { withNormalizedStatus } from '../shared/status';
import { signedTriggerProperties } from '../shared/triggerProperties';
import { parseJsonObject, receiveSignedWebhook, singleHeader, manuallyConfiguredWebhookMethods, signedWebhookDescription } from '../shared/webhook';
import {
	CREDENTIAL_TYPE,
	NOTIFICATION_ACK,
	NOTIFICATION_EVENTS,
	ORDER_STATUS_MAP,
	REFUND_STATUS_MAP,
} from './constants';
import { verifySignedMessage } from './signature';

/** notify_type for payments and refunds; disputes carry event_type instead. */
function eventType(event: IDataObject): string {
	return String(event.notify_type ?? event.event_type);
}

/**
 * The paths PayKKa may have signed: the notify path exactly as received, without the query
 * string (https://docs.paykka.com/payments/apis/introduction/api-certification: "path only") and, when there is one, with it.
 */
function receivedPaths(context: IWebhookFunctions): string[] {
	const request = context.getRequestObject() as { originalUrl?: string; url?: string };
	const received = request.originalUrl ?? request.url ?? '';
	const path = received.split('?')[0];
	return path === received ? [path] : [path, received];
}

export class PayKkaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PayKKa Trigger',
		name: 'payKkaTrigger',
		icon: { light: 'file:paykka.svg', dark: 'file:paykka.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on signed PayKKa payment, refund and dispute notifications',
		defaults: { name: 'PayKKa Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [signedWebhookDescription],
		properties: signedTriggerProperties(
			'Use the Production URL above as notify_url (Checkout Session > Create or Refund > Create, Options > Notify URL) or in the PayKKa back office. Put PayKKa\'s platform public key in the credentials: notifications that are unsigned, forged, or signed more than 5 minutes ago get HTTP 401 and start nothing.',
			NOTIFICATION_EVENTS,
		),
	};

	// PayKKa takes notify_url per request or from its back office; there is no registration API.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSignedWebhook(this, {
			verify: async (rawBody, headers, options) => {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				return verifySignedMessage({
					publicKey: credentials.platformPublicKey as string | undefined,
					method: 'POST',
					paths: receivedPaths(this),
					timestamp: singleHeader(headers, 'x-paykka-timestamp'),
					nonce: singleHeader(headers, 'x-paykka-nonce'),
					signature: singleHeader(headers, 'x-paykka-sign'),
					rawBody,
					nowMs: Date.now(),
					toleranceSeconds: options.toleranceSeconds,
				});
			},
			parse: (rawBody) => {
				const event = parseJsonObject(rawBody);
				const type = event?.notify_type ?? event?.event_type;
				return typeof type === 'string' && type !== '' ? event : undefined;
			},
			eventName: eventType,
			// A redelivery carries the same type and the same order / refund / dispute stage.
			eventKey: (event) => {
				const type = eventType(event);
				if (type.startsWith('REFUND.')) return `${type}:${String(event.refund_order_id ?? event.trans_id)}`;
				if (type === 'DISPUTE') return `${type}:${String(event.dispute_id ?? event.order_id)}:${String(event.dispute_stage ?? '')}`;
				return `${type}:${String(event.order_id ?? event.trans_id)}`;
			},
			ack: { contentType: 'application/json', body: NOTIFICATION_ACK },
			toItem: (event) => {
				if (event.status === undefined) return event;
				return withNormalizedStatus(event, eventType(event).startsWith('REFUND.') ? REFUND_STATUS_MAP : ORDER_STATUS_MAP);
			},
		});
	}
}
