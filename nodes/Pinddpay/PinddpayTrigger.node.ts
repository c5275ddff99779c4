import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeStatus, type NormalizedStatus } from '../shared/status';
import { CONFIRMATION_RETRY_POLICY } from '../shared/transport';
import { signedTriggerProperties } from '../shared/triggerProperties';
import { nowInSeconds } from '../shared/verify';
import {
	receiveSignedWebhook,
	singleHeader,
	manuallyConfiguredWebhookMethods,
	signedWebhookDescription,
	type Confirmation,
} from '../shared/webhook';
import { queryTransaction } from './actions/payIn/getTransaction.operation';
import { checkOrderEvent, orderIdOf, unconfirmableReason } from './confirm';
import { CREDENTIAL_TYPE, EVENT_STATUS_MAP, ORDER_STATUS_MAP, PAYOUT_STATUS_MAP, WEBHOOK_EVENTS } from './constants';
import { parseJsonKeepingNumbers } from './exactJson';
import { verifyWebhook, type SignTokenContent } from './signature';

/** Text of the Confirm With Gateway option: what is looked up, and why it is on by default here. */
const CONFIRM_DESCRIPTION =
	'On by default for Pinddpay: under the default sign-token reading the token is static, so anyone who captured it can send any body with a fresh eventAt and a new eventId, and only Pinddpay\'s own state can tell a rewritten one. Pay-in (order.*) events are looked up with Query a Transaction by order.id: the order id, merchant order number, amount, currency, status (the event must not claim a state the order has not reached; an order that has moved on, e.g. paid then refunded, is delivered) and, once paid, the transaction are compared. Payout and subscription events get HTTP 422: Pinddpay publishes no lookup for them, and a rewritten payout.failed could make a workflow pay out twice. To receive them, send their notify URL to a trigger with this option off.';

/**
 * Looks a pay-in event's order up (Query a transaction, by `order.id`) and checks the event
 * against it (confirm.ts). Events that name no order cannot be looked up and are refused.
 */
async function confirmEvent(context: IWebhookFunctions, event: IDataObject): Promise<Confirmation> {
	const eventName = String(event.eventName);
	const id = eventName.startsWith('order.') ? orderIdOf(event) : undefined;
	if (id === undefined) {
		return { confirmed: false, reason: eventName.startsWith('order.') ? `${eventName.slice(0, 64)} names no usable order.id` : unconfirmableReason(eventName) };
	}
	// Not found answers undefined; any other failure throws, so the delivery gets 503 and is resent.
	const order = await queryTransaction(context, id, { policy: CONFIRMATION_RETRY_POLICY, missingAsUndefined: true });
	if (!order) return { confirmed: false, reason: `Pinddpay has no order ${id}` };
	const check = checkOrderEvent(event, order);
	return check.confirmed ? { confirmed: true, object: order } : check;
}

/** The body as a JSON object, keeping each number's literal (exact amounts for the confirmation). */
function parseEventObject(rawBody: Buffer): IDataObject | undefined {
	try {
		const parsed = parseJsonKeepingNumbers(rawBody.toString('utf8'));
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

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
		// Version 2 behaves exactly as 1; n8n evaluates an expression on every delivery to a version-1
		// webhook node (its request body parser), which costs an expression isolate on the vm engine.
		version: [1, 2],
		defaultVersion: 2,
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
				{ default: true, description: CONFIRM_DESCRIPTION },
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
			credentialType: CREDENTIAL_TYPE,
			verify: async (rawBody, headers, options, credentials) => {
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
				const event = parseEventObject(rawBody);
				return typeof event?.eventId === 'string' && event.eventId !== '' && typeof event.eventName === 'string'
					? event
					: undefined;
			},
			eventName: (event) => event.eventName as string,
			eventKey: (event) => event.eventId as string,
			// "Respond with status code 200"; the body is not checked (the payout page shows {}).
			ack: { contentType: 'application/json', body: '{}' },
			toItem: webhookItem,
			confirm: async (event) => await confirmEvent(this, event),
			confirmByDefault: true,
		});
	}
}
