import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeStatus } from '../shared/status';
import { signedTriggerProperties } from '../shared/triggerProperties';
import { nowInSeconds } from '../shared/verify';
import { parseJsonObject, receiveSignedWebhook, singleHeader, manuallyConfiguredWebhookMethods, signedWebhookDescription } from '../shared/webhook';
import { CREDENTIAL_TYPE, PAYOUT_STATUS_MAP, SESSION_STATUS_MAP, WEBHOOK_EVENTS } from './constants';
import { verifySignature } from './signature';

export class IronixPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IronixPay Trigger',
		name: 'ironixPayTrigger',
		icon: { light: 'file:ironixpay.svg', dark: 'file:ironixpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on signed IronixPay webhooks (checkout sessions and payouts)',
		defaults: { name: 'IronixPay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [signedWebhookDescription],
		properties: signedTriggerProperties(
			'Copy the Production URL above into IronixPay Dashboard > Settings > Webhooks (HTTPS, public host) and put that endpoint\'s signing secret (whsec_...) in the credentials. Unsigned, forged or stale deliveries get HTTP 401 and start nothing.',
			WEBHOOK_EVENTS,
		),
	};

	// Webhook endpoints are configured in IronixPay's dashboard; there is no API to register them.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSignedWebhook(this, {
			verify: async (rawBody, headers, options) => {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				return verifySignature({
					secret: credentials.webhookSecret as string | undefined,
					signature: singleHeader(headers, 'x-signature'),
					timestamp: singleHeader(headers, 'x-timestamp'),
					rawBody,
					nowSeconds: nowInSeconds(),
					toleranceSeconds: options.toleranceSeconds,
				});
			},
			parse: (rawBody) => {
				const event = parseJsonObject(rawBody);
				return typeof event?.id === 'string' && typeof event.event_type === 'string' ? event : undefined;
			},
			eventName: (event) => event.event_type as string,
			eventKey: (event) => event.id as string,
			ack: { contentType: 'application/json', body: '{"received":true}' },
			toItem: (event) => {
				const data = (event.data ?? {}) as IDataObject;
				const mapping = data.object === 'payout' ? PAYOUT_STATUS_MAP : SESSION_STATUS_MAP;
				return { ...event, normalizedStatus: normalizeStatus(data.status, mapping) };
			},
		});
	}
}
