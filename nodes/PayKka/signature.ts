/**
 * PayKKa v3 signatures (https://docs.paykka.com/payments/apis/introduction/api-certification): SHA256withRSA (RSASSA-PKCS1-v1_5) over
 * `METHOD\nPATH\nTIMESTAMP\nNONCE\nRAW_BODY`, Base64, then URL-encoded. Requests are signed with
 * the merchant's private key; responses and notifications are verified with PayKKa's platform
 * public key. Pure: no n8n imports.
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
