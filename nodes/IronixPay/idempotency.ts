/**
 * Idempotency-Key values derived from the user's own references. Pure: no n8n imports.
 *
 * IronixPay types the header as a plain string (https://ironixpay.com/guide/idempotency and the
 * API reference of POST /v1/checkout/sessions, https://api.ironixpay.com/docs) but reads it with
 * `HeaderValue::to_str`, which yields nothing for bytes outside visible ASCII: such a key is
 * silently ignored on sessions and refused as missing on payouts (IronixPay's public backend,
 * https://github.com/Vincentkovsky/ironixpay-core, backend/src/api/routes/checkout.rs and payouts.rs).
 * References themselves may be any text ("Pedido nº 12", "注文 7"), so keys are derived:
 *
 * - a reference that is already safe header text (visible ASCII, no spaces) keeps a readable key,
 *   `n8n-<kind>-<reference>`;
 * - any other reference gets `n8n-<kind>:sha256:<base64url(SHA-256(UTF-8 reference))>`.
 *
 * The character right after `n8n-<kind>` is `-` in the first form and `:` in the second, so the
 * two forms never collide; SHA-256 keeps different references apart and the same reference
 * always maps to the same key.
 */
import { createHash } from 'crypto';

/** Visible ASCII without spaces: sent byte for byte and never trimmed by HTTP parsers. */
const SAFE_HEADER_TEXT = /^[\x21-\x7e]+$/;

/**
 * [ASSUMPTION] IronixPay documents no length limit for Idempotency-Key; keys stay within 255
 * characters, a common VARCHAR bound, by hashing longer ones.
 */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

export type KeyKind = 'payout' | 'session' | 'key';

export function isSafeHeaderText(text: string): boolean {
	return SAFE_HEADER_TEXT.test(text);
}

/** The Idempotency-Key for a reference: deterministic, header-safe, and distinct per reference and kind. */
export function idempotencyKeyFor(kind: KeyKind, reference: string): string {
	const readable = `n8n-${kind}-${reference}`;
	if (isSafeHeaderText(reference) && readable.length <= IDEMPOTENCY_KEY_MAX_LENGTH) return readable;
	const digest = createHash('sha256').update(reference, 'utf8').digest('base64url');
	return `n8n-${kind}:sha256:${digest}`;
}

/** A key the user typed: sent as is when it is safe header text, derived like a reference otherwise. */
export function userIdempotencyKey(text: string): string {
	return isSafeHeaderText(text) && text.length <= IDEMPOTENCY_KEY_MAX_LENGTH ? text : idempotencyKeyFor('key', text);
}
