/**
 * PayKKa v3 signatures (https://docs.paykka.com/payments/apis/introduction/api-certification): SHA256withRSA (RSASSA-PKCS1-v1_5) over
 * `METHOD\nPATH\nTIMESTAMP\nNONCE\nRAW_BODY`, Base64, then URL-encoded. Requests are signed with
 * the merchant's private key; responses and notifications are verified with PayKKa's platform
 * public key. v1.2 (`signature` / `type` / `version` headers, string
 * `merchantId=…&timestamp=…&requestBody=…`) is at the end of this file. Pure: no n8n imports.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'crypto';

import { isFreshTimestamp, type VerificationResult } from '../shared/verify';

export const SIGN_ALGORITHM = 'SHA256_WITH_RSA';

/** A key that cannot be used; the message says what to paste instead and never echoes key material. */
export class PayKkaKeyError extends Error {}

export interface SignedParts {
	method: string;
	path: string;
	timestamp: string;
	nonce: string;
	body: string | Buffer;
}

/** The v3 string to sign, as bytes (the body is kept byte for byte). */
export function stringToSign(parts: SignedParts): Buffer {
	const head = `${parts.method.toUpperCase()}\n${parts.path}\n${parts.timestamp}\n${parts.nonce}\n`;
	const body = typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body;
	return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/** Keys pasted into a one-line field often arrive with literal "\n" sequences. */
function unescapeNewlines(text: string): string {
	return text.trim().replace(/\\n/g, '\n');
}

/** Bare Base64 (no PEM armour) of a DER key; whitespace is allowed. */
function bareBase64(text: string): Buffer | undefined {
	const compact = text.replace(/\s+/g, '');
	if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
	return Buffer.from(compact, 'base64');
}

/** crypto's parse errors carry no useful text for a user; callers report their own. */
function attempt(parse: () => KeyObject | undefined): KeyObject | undefined {
	try {
		return parse();
	} catch {
		return undefined;
	}
}

/**
 * The merchant private key from a PKCS#8 PEM (PKCS#1 "RSA PRIVATE KEY" PEM also works) or the
 * bare Base64 of a PKCS#8 DER key, as PayKKa's portal hands it out.
 */
export function parsePrivateKey(input: unknown): KeyObject {
	if (typeof input !== 'string' || input.trim() === '') {
		throw new PayKkaKeyError('The merchant private key is empty. Paste the PKCS#8 private key (PEM or bare Base64).');
	}
	const text = unescapeNewlines(input);
	const key = attempt(() => {
		if (text.includes('-----BEGIN')) return createPrivateKey({ key: text, format: 'pem' });
		const der = bareBase64(text);
		return der ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) : undefined;
	});
	if (!key) {
		throw new PayKkaKeyError(
			'The merchant private key cannot be parsed. Paste the PKCS#8 key including "-----BEGIN PRIVATE KEY-----", or only its Base64 body.',
		);
	}
	if (key.asymmetricKeyType !== 'rsa') {
		throw new PayKkaKeyError(`The merchant private key is a ${key.asymmetricKeyType ?? 'non-RSA'} key; PayKKa needs an RSA key.`);
	}
	return key;
}

/** PayKKa's platform public key from an SPKI PEM or the bare Base64 of the SPKI DER. */
export function parsePublicKey(input: unknown): KeyObject {
	if (typeof input !== 'string' || input.trim() === '') {
		throw new PayKkaKeyError('The PayKKa platform public key is empty.');
	}
	const text = unescapeNewlines(input);
	const key = attempt(() => {
		if (text.includes('-----BEGIN')) return createPublicKey({ key: text, format: 'pem' });
		const der = bareBase64(text);
		return der ? createPublicKey({ key: der, format: 'der', type: 'spki' }) : undefined;
	});
	if (!key) {
		throw new PayKkaKeyError(
			'The PayKKa platform public key cannot be parsed. Paste the public key including "-----BEGIN PUBLIC KEY-----", or only its Base64 body.',
		);
	}
	if (key.asymmetricKeyType !== 'rsa') {
		throw new PayKkaKeyError('The PayKKa platform public key is not an RSA key.');
	}
	return key;
}

/** Base64 signature, URL-encoded as it goes into `x-paykka-sign`. Deterministic for a given key and input. */
export function signParts(privateKey: KeyObject, parts: SignedParts): string {
	return encodeURIComponent(sign('sha256', stringToSign(parts), privateKey).toString('base64'));
}

/** Accepts the header URL-encoded (as sent) or already decoded. */
export function verifyParts(publicKey: KeyObject, parts: SignedParts, signatureHeader: string): boolean {
	let base64: string;
	try {
		base64 = decodeURIComponent(signatureHeader.trim());
	} catch {
		return false;
	}
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return false;
	return verify('sha256', stringToSign(parts), publicKey, Buffer.from(base64, 'base64'));
}

/** 10-100 characters (https://docs.paykka.com/payments/apis/introduction/api-certification); 32 hex characters, fresh for every request. */
export function newNonce(): string {
	return randomBytes(16).toString('hex');
}

export interface VerifyMessageInput {
	/** PEM/Base64 text of the platform public key; empty means verification cannot run. */
	publicKey: string | undefined;
	method: string;
	/** Every path the sender may have signed (e.g. with and without the query string). */
	paths: string[];
	timestamp: string | undefined;
	nonce: string | undefined;
	signature: string | undefined;
	rawBody: Buffer;
	nowMs: number;
	toleranceSeconds: number;
}

/**
 * Verifies a notification or API response signed by PayKKa. Fails closed: a missing key, header
 * or body, a stale timestamp or an unparsable key are all failures.
 */
export function verifySignedMessage(input: VerifyMessageInput): VerificationResult {
	if (!input.publicKey || input.publicKey.trim() === '') return { valid: false, reason: 'missing_secret' };
	if (input.rawBody.length === 0) return { valid: false, reason: 'missing_body' };
	if (!input.signature) return { valid: false, reason: 'missing_signature' };
	if (!input.timestamp || !input.nonce) return { valid: false, reason: 'missing_timestamp' };
	if (!isFreshTimestamp(input.timestamp, input.nowMs, input.toleranceSeconds, 'milliseconds')) return { valid: false, reason: 'stale_timestamp' };
	let key: KeyObject;
	try {
		key = parsePublicKey(input.publicKey);
	} catch {
		return { valid: false, reason: 'missing_secret' };
	}
	let matched = false;
	for (const path of input.paths) {
		const parts = { method: input.method, path, timestamp: input.timestamp, nonce: input.nonce, body: input.rawBody };
		matched = verifyParts(key, parts, input.signature) || matched;
	}
	return matched ? { valid: true } : { valid: false, reason: 'bad_signature' };
}

/**
 * PayKKa v1.2 signatures (https://docs.paykka.com/payments/apis/introduction/api-certification-v1: headers
 * `signature`, `type: RSA256`, `version: v1.2`; the string to sign as PayKKa's WooCommerce plugin builds it for
 * the v1 endpoints): `merchantId={merchant_id}&timestamp={body timestamp}&requestBody={raw JSON body}`,
 * SHA256withRSA, Base64, then URL-encoded, like v3.
 */
export const V12_SIGN_TYPE = 'RSA256';
export const V12_VERSION = 'v1.2';

export interface V12SignedParts {
	merchantId: string;
	/** The body's `timestamp` as it appears in the body (ms). */
	timestamp: string;
	body: string | Buffer;
}

/** The v1.2 string to sign, as bytes (the body is kept byte for byte). */
export function v12StringToSign(parts: V12SignedParts): Buffer {
	const head = `merchantId=${parts.merchantId}&timestamp=${parts.timestamp}&requestBody=`;
	const body = typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body;
	return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/** URL-encoded Base64 v1.2 signature, as it goes into the `signature` header. Deterministic. */
export function signV12(privateKey: KeyObject, parts: V12SignedParts): string {
	return encodeURIComponent(sign('sha256', v12StringToSign(parts), privateKey).toString('base64'));
}

/** Accepts the header URL-encoded (as sent) or already decoded. */
export function verifyV12(publicKey: KeyObject, parts: V12SignedParts, signatureHeader: string): boolean {
	let base64: string;
	try {
		base64 = decodeURIComponent(signatureHeader.trim());
	} catch {
		return false;
	}
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return false;
	return verify('sha256', v12StringToSign(parts), publicKey, Buffer.from(base64, 'base64'));
}

/** A JSON scalar as the text a signer would have put in the string (numbers and strings only). */
export function signedText(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return undefined;
}

/**
 * [ASSUMPTION] v1.2 message timestamps: ms like the request bodies (`1700805506000`); the v1.2 notification
 * schema's example (`1659999999`) has 10 digits, so up to 11 digits are read as seconds.
 */
export function isFreshV12Timestamp(timestamp: string, nowMs: number, toleranceSeconds: number): boolean {
	if (!/^\d{1,16}$/.test(timestamp)) return false;
	return timestamp.length <= 11
		? isFreshTimestamp(timestamp, Math.floor(nowMs / 1000), toleranceSeconds, 'seconds')
		: isFreshTimestamp(timestamp, nowMs, toleranceSeconds, 'milliseconds');
}

export interface VerifyV12MessageInput {
	/** PEM/Base64 text of the platform public key; empty means verification cannot run. */
	publicKey: string | undefined;
	/** Every merchant id / timestamp the signer may have used (e.g. the payload's, else the request's). */
	merchantId: string | undefined;
	timestamp: string | undefined;
	signature: string | undefined;
	/** The `type` and `version` headers: when sent, they must be `RSA256` and `v1.2`. */
	type: string | undefined;
	version: string | undefined;
	rawBody: Buffer;
	nowMs: number;
	toleranceSeconds: number;
}

/**
 * Verifies a v1.2 notification or API response signed by PayKKa with its platform key, over
 * `merchantId=…&timestamp=…&requestBody={raw body}` ([ASSUMPTION] the request rule, with the payload's
 * merchant_id and timestamp). Fails closed like `verifySignedMessage`.
 */
export function verifyV12Message(input: VerifyV12MessageInput): VerificationResult {
	if (!input.publicKey || input.publicKey.trim() === '') return { valid: false, reason: 'missing_secret' };
	if (input.rawBody.length === 0) return { valid: false, reason: 'missing_body' };
	if (!input.signature) return { valid: false, reason: 'missing_signature' };
	if (!input.timestamp || !input.merchantId) return { valid: false, reason: 'missing_timestamp' };
	if (!isFreshV12Timestamp(input.timestamp, input.nowMs, input.toleranceSeconds)) return { valid: false, reason: 'stale_timestamp' };
	if ((input.type !== undefined && input.type !== V12_SIGN_TYPE) || (input.version !== undefined && input.version !== V12_VERSION)) {
		return { valid: false, reason: 'bad_signature' };
	}
	let key: KeyObject;
	try {
		key = parsePublicKey(input.publicKey);
	} catch {
		return { valid: false, reason: 'missing_secret' };
	}
	const parts = { merchantId: input.merchantId, timestamp: input.timestamp, body: input.rawBody };
	return verifyV12(key, parts, input.signature) ? { valid: true } : { valid: false, reason: 'bad_signature' };
}
