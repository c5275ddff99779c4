import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeStatus, withNormalizedStatus } from '../shared/status';
import { CONFIRMATION_RETRY_POLICY } from '../shared/transport';
import { signedTriggerProperties } from '../shared/triggerProperties';
import {
	parseJsonObject,
	receiveSignedWebhook,
	singleHeader,
	manuallyConfiguredWebhookMethods,
	signedWebhookDescription,
	type Confirmation,
} from '../shared/webhook';
import { contradiction, type NotificationType } from './confirmation';
import { CREDENTIAL_TYPE, NOTIFICATION_TYPES, PATHS, PAYIN_STATUS_MAP, PAYOUT_STATUS_MAP } from './constants';
import { numberLiteralAt } from './rawJson';
import { verifySign } from './signature';
import { lookUpOrder } from './transport';

const SETUP_NOTICE =
	'Put the Production URL above as the Notify URL of your Cashy pay-ins and payouts. Each notification must carry your MerchantId and a valid Sign (MD5 of the raw body + your secret key); others get HTTP 401 and start nothing. Cashy signs no timestamp, so replays cannot be detected by time: a repeated order number + status is acknowledged and ignored instead, and Confirm With Gateway (on by default) checks each notification against the order at Cashy.';

/**
 * On by default: Cashy's Sign covers no timestamp, so a captured notification (e.g. an old SUCCESS
 * for an order Cashy now shows in another state) stays validly signed for ever; only the order at
 * Cashy tells whether it is still true. Both notification types can be looked up, so none is
 * delivered unconfirmed.
 */
const CONFIRM_DESCRIPTION =
	'Cashy signs no timestamp, so a captured notification could be replayed later: the pay-in or payout is queried at Cashy (Query Payin / Query Payout by the platform order number, else the merchant order number) and its order numbers, amount and status must match (a notification for an earlier, non-final status is accepted when Cashy shows a later one). Each notification costs one query to Cashy.';

/** The shared trigger parameters without the timestamp window, which Cashy's Sign cannot support. */
function triggerProperties(): INodeProperties[] {
	return signedTriggerProperties(SETUP_NOTICE, NOTIFICATION_TYPES, { default: true, description: CONFIRM_DESCRIPTION }).map((property) =>
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

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

export class CashyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cashy Trigger',
		name: 'cashyTrigger',
		icon: { light: 'file:cashy.svg', dark: 'file:cashy.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly as 1; n8n evaluates an expression on every delivery to a version-1
		// webhook node (its request body parser), which costs an expression isolate on the vm engine.
		version: [1, 2],
		defaultVersion: 2,
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
		// The amount of each parsed notification exactly as written in the signed body (not as a float).
		const amountTexts = new WeakMap<IDataObject, string>();
		/**
		 * Queries the order the notification names, with the trigger's credential and a short retry
		 * policy (Cashy waits for the answer). Cashy's "order not found" -> not confirmed (HTTP 422);
		 * any other failure throws (HTTP 503, Cashy resends: it retries up to 10 times over ~17 hours).
		 */
		const confirm = async (event: IDataObject): Promise<Confirmation> => {
			const type: NotificationType = notificationType(event);
			const orderNo = text(event.orderNo);
			const mchOrderNo = text(event.mchOrderNo);
			// Cashy recommends querying by its own number; the other one is compared afterwards.
			const found = await lookUpOrder(
				this,
				type === 'payout' ? PATHS.payOutQuery : PATHS.payInQuery,
				orderNo !== undefined ? { orderNo } : { mchOrderNo },
				{ policy: CONFIRMATION_RETRY_POLICY },
			);
			const which = type === 'payout' ? 'payout' : 'pay-in';
			if (!found) return { confirmed: false, reason: `Cashy has no ${which} order ${orderNo ?? mchOrderNo ?? ''}` };
			const reason = contradiction(
				{
					type,
					orderNo,
					mchOrderNo,
					merchantId: text(event.merchantId),
					status: String(event.orderStatus),
					amountText: amountTexts.get(event),
					currency: text(event.currency),
				},
				found.order,
				found.amountText,
			);
			if (reason !== undefined) return { confirmed: false, reason: `${which} ${orderNo ?? mchOrderNo ?? ''}: ${reason}` };
			return {
				confirmed: true,
				object: withNormalizedStatus(found.order, type === 'payout' ? PAYOUT_STATUS_MAP : PAYIN_STATUS_MAP, 'orderStatus'),
			};
		};

		return await receiveSignedWebhook(this, {
			credentialType: CREDENTIAL_TYPE,
			verify: async (rawBody, headers, _options, credentials) => {
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
				if (!event || !hasOrder || typeof event.orderStatus !== 'string') return undefined;
				const amountText = numberLiteralAt(rawBody.toString('utf8'), ['amount']);
				if (amountText !== undefined) amountTexts.set(event, amountText);
				return event;
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
			confirm,
			confirmByDefault: true,
		});
	}
}
