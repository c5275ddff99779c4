import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeStatus } from '../shared/status';
import { CONFIRMATION_RETRY_POLICY } from '../shared/transport';
import { signedTriggerProperties } from '../shared/triggerProperties';
import { nowInSeconds } from '../shared/verify';
import {
	parseJsonObject,
	receiveSignedWebhook,
	singleHeader,
	manuallyConfiguredWebhookMethods,
	signedWebhookDescription,
	type Confirmation,
} from '../shared/webhook';
import { getCheckoutSession } from './actions/checkoutSession/get.operation';
import { getPayout } from './actions/payout/get.operation';
import { contradiction, lookupTarget } from './confirmation';
import { CREDENTIAL_TYPE, PAYOUT_STATUS_MAP, SESSION_STATUS_MAP, WEBHOOK_EVENTS } from './constants';
import { verifySignature } from './signature';

/**
 * Off by default: IronixPay signs the timestamp with the whole body and the trigger refuses
 * deliveries older than the tolerance, so a replayed or rewritten body is already stopped by
 * the signature; the lookup adds IronixPay's current state and protection against a leaked
 * webhook secret, at the cost of one API request (and rate-limit budget) per delivery.
 */
const CONFIRM_BY_DEFAULT = false;

/**
 * Reads the event's session or payout with the same lookup as the Get operations (short retry
 * policy: IronixPay waits for the answer). IronixPay's 404 `resource_missing` proves the object
 * absent (or another merchant's); any other failure throws, so the delivery gets a 503 and
 * IronixPay resends it.
 */
async function confirmWithIronixPay(context: IWebhookFunctions, event: IDataObject): Promise<Confirmation> {
	const target = lookupTarget(event);
	if ('reason' in target) return { confirmed: false, reason: target.reason };
	const lookup = target.kind === 'payout' ? getPayout : getCheckoutSession;
	const object = await lookup(context, target.id, { itemIndex: 0, policy: CONFIRMATION_RETRY_POLICY, absentWhenMissing: true });
	if (object === undefined) return { confirmed: false, reason: `${target.id} does not exist at IronixPay` };
	const reason = contradiction(event, target, object);
	return reason === undefined ? { confirmed: true, object } : { confirmed: false, reason };
}

export class IronixPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IronixPay Trigger',
		name: 'ironixPayTrigger',
		icon: { light: 'file:ironixpay.svg', dark: 'file:ironixpay.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly as 1; n8n evaluates an expression on every delivery to a version-1
		// webhook node (its request body parser), which costs an expression isolate on the vm engine.
		version: [1, 2],
		defaultVersion: 2,
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
			{
				default: CONFIRM_BY_DEFAULT,
				description:
					'IronixPay: session.* events are checked against GET /v1/checkout/sessions/{id} and payout.* events against GET /v1/payouts/{id} (ID, amount, currency, network, status; a session may not claim more received than IronixPay shows). Off by default because IronixPay signs the timestamp with the whole body, so the signature already stops replayed or rewritten deliveries; turn it on to act only on state read back from IronixPay (e.g. in case the webhook secret leaks). Uses one API request per delivery (shared with the 60 per minute rate limit). Event types without a lookup API are refused (HTTP 422).',
			},
		),
	};

	// Webhook endpoints are configured in IronixPay's dashboard; there is no API to register them.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSignedWebhook(this, {
			credentialType: CREDENTIAL_TYPE,
			verify: async (rawBody, headers, options, credentials) => {
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
			confirm: async (event) => await confirmWithIronixPay(this, event),
			confirmByDefault: CONFIRM_BY_DEFAULT,
		});
	}
}
