/**
 * IronixPay webhook signing (guide: webhooks): `X-Signature` is the lowercase hex
 * HMAC-SHA256, keyed with the UTF-8 bytes of the whole `whsec_...` secret, of
 * `X-Timestamp + "." + raw body`; `X-Timestamp` is Unix seconds as a string.
 */
import { createHmac } from 'crypto';

export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${timestamp}.${rawBody}`, 'utf8')).digest('hex');
}

export function webhookHeaders(secret: string, nowSeconds: number, rawBody: string): Record<string, string> {
	const timestamp = String(nowSeconds);
	return {
		'Content-Type': 'application/json',
		'X-Timestamp': timestamp,
		'X-Signature': webhookSignature(secret, timestamp, rawBody),
	};
}
