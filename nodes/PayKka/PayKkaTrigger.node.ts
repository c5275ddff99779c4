import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { withNormalizedStatus } from '../shared/status';
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
import { paymentQuery, paymentView } from './actions/payment/get.operation';
import { refundQuery, refundView } from './actions/refund/get.operation';
import { compareWithGateway, confirmationTarget, notificationType as eventType } from './confirmation';
import {
	apiVersionOf,
	CREDENTIAL_TYPE,
	NOTIFICATION_ACK,
	NOTIFICATION_EVENTS,
	ORDER_NOT_FOUND,
	ORDER_STATUS_MAP,
	REFUND_STATUS_MAP,
} from './constants';
import { signedText, verifySignedMessage, verifyV12Message } from './signature';
import { PayKkaClient } from './transport';

/**
 * Confirm With Gateway: the object a notification names, fetched with Payment > Get's or Refund >
 * Get's request and the trigger's credential, compared by `compareWithGateway`. Not found is
 * PayKKa's 206024 "The order doesn't exist" (https://docs.paykka.com/payments/apis/introduction/response-code;
 * [ASSUMPTION] the refund query answers it too); any other failure throws (-> 503, PayKKa resends).
 * Disputes: PayKKa's acquiring API has no dispute query, so the disputed payment is what is
 * confirmed (it exists, amount/currency match, it was captured) and the dispute's own fields are
 * delivered as signed; refusing every dispute instead would hide chargebacks and their due_time.
 */
async function confirmWithPayKka(context: IWebhookFunctions, event: IDataObject): Promise<Confirmation> {
	const target = confirmationTarget(event);
	if ('reason' in target) return { confirmed: false, reason: target.reason };
	const client = await PayKkaClient.prepare(context, 0, CONFIRMATION_RETRY_POLICY);
	const isRefund = target.kind === 'refund';
	const request = target.kind === 'refund' ? refundQuery(target.field, target.value) : paymentQuery(target.field, target.value);
	// keepOutcome: a declined order's query carries error_code 2099 beside status FAILURE; that is its state.
	const object = await client.find(request, [ORDER_NOT_FOUND], { keepOutcome: true });
	if (!object) {
		return { confirmed: false, reason: `PayKKa has no ${isRefund ? 'refund' : 'order'} with ${target.field} ${target.value} (${ORDER_NOT_FOUND})` };
	}
	const verdict = compareWithGateway(event, target, object);
	if (!verdict.confirmed) return verdict;
	return { confirmed: true, object: isRefund ? refundView(object) : paymentView(object) };
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
		// Version 2 behaves exactly as 1; n8n evaluates an expression on every delivery to a version-1
		// webhook node (its request body parser), which costs an expression isolate on the vm engine.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on signed PayKKa payment, refund and dispute notifications',
		defaults: { name: 'PayKKa Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [signedWebhookDescription],
		properties: signedTriggerProperties(
			'Use the Production URL above as notify_url (Checkout Session > Create or Refund > Create, Options > Notify URL) or in the PayKKa back office. Put PayKKa\'s platform public key in the credentials: notifications that are unsigned, forged, or signed more than 5 minutes ago get HTTP 401 and start nothing. With API Version v1.2 in the credentials, notifications must carry the v1.2 signature headers (signature, type, version).',
			NOTIFICATION_EVENTS,
			{
				default: false,
				description:
					'PayKKa\'s docs advise confirming results by query. Payment results: the order (transaction query by order_id), whose order_id, trans_id, amount, currency and status must agree (a later status, e.g. captured after an authorisation, is fine). Refund results: the refund (refund query by refund_order_id or trans_id). Disputes: PayKKa has no dispute query, so the disputed payment is confirmed (exists, order amount and currency agree, captured) and gatewayState holds that payment. Off by default: notifications are RSA-signed with a 5-minute window, so a rewritten body already fails; on, each delivery waits for one query.',
			},
		),
	};

	// PayKKa takes notify_url per request or from its back office; there is no registration API.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSignedWebhook(this, {
			credentialType: CREDENTIAL_TYPE,
			verify: async (rawBody, headers, options, credentials) => {
				if (apiVersionOf(credentials) === 'v1.2') {
					// v1.2 notifications carry `signature` / `type` / `version` (https://docs.paykka.com/payments/apis/payments/openapi/notify-webhook);
					// [ASSUMPTION] signed like a v1.2 request over the body's merchant_id and timestamp.
					const event = parseJsonObject(rawBody);
					return verifyV12Message({
						publicKey: credentials.platformPublicKey as string | undefined,
						merchantId: signedText(event?.merchant_id),
						timestamp: signedText(event?.timestamp),
						signature: singleHeader(headers, 'signature'),
						type: singleHeader(headers, 'type'),
						version: singleHeader(headers, 'version'),
						rawBody,
						nowMs: Date.now(),
						toleranceSeconds: options.toleranceSeconds,
					});
				}
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
			confirm: async (event) => await confirmWithPayKka(this, event),
			// PayKKa's RSA signature covers the whole body and a timestamp (5-minute window): rewriting fails verification.
			confirmByDefault: false,
			toItem: (event) => {
				if (event.status === undefined) return event;
				return withNormalizedStatus(event, eventType(event).startsWith('REFUND.') ? REFUND_STATUS_MAP : ORDER_STATUS_MAP);
			},
		});
	}
}
