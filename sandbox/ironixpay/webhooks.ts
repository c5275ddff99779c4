/**
 * Webhook events (guide: webhooks): envelope `{id: "evt_<uuidv7 hex>", event_type, created (Unix
 * s), data}`, POSTed to the one configured endpoint, signed per attempt, retried on anything but
 * 2xx by the shared dispatcher. Every event is recorded, also when no endpoint is configured.
 */
import { hex, unix, type Runtime } from './runtime';
import { webhookHeaders } from './signing';
import type { WebhookEnvelope } from './state';

export function emit(rt: Runtime, eventType: string, data: Record<string, unknown>): WebhookEnvelope {
	const now = new Date();
	const envelope: WebhookEnvelope = {
		// uuidv7-like: millisecond timestamp first, so ids sort by time.
		id: `evt_${now.getTime().toString(16).padStart(12, '0')}${hex(10)}`,
		event_type: eventType,
		created: unix(now),
		data,
	};
	rt.state.events.push(envelope);
	if (rt.options.webhookUrl) {
		const body = JSON.stringify(envelope);
		const secret = rt.options.webhookSecret;
		rt.dispatcher.enqueue({
			url: rt.options.webhookUrl,
			eventId: envelope.id,
			body,
			headers: (nowSeconds) => webhookHeaders(secret, nowSeconds, body),
		});
	}
	return envelope;
}
