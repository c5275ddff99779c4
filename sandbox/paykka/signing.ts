/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * PayKKa v3 signatures, with node's crypto only
 * (https://docs.paykka.com/payments/apis/introduction/api-certification): SHA256withRSA over
 * `METHOD\nPATH\nTIMESTAMP\nNONCE\nRAW_BODY`, Base64, then URL-encoded, in `x-paykka-sign`.
 * The sandbox verifies the merchant's requests with the merchant public key and signs its
 * answers and notifications with its own "platform" key. [ASSUMPTION] Answers are signed over the
 * request's method and path (the docs name the response headers, not the signed string);
 * notifications over POST and the notify URL's path, as PayKKa's WooCommerce plugin verifies them.
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'crypto';
import { readFileSync } from 'fs';
import type { IncomingMessage } from 'http';

import { header } from '../shared/server';
import { PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE, RET, SIGN_ALGORITHM, SIGNATURE_WINDOW_MS } from './constants';
import { PayKkaError } from './envelope';

export function stringToSign(method: string, signedPath: string, timestamp: string, nonce: string, body: Buffer | string): Buffer {
	return Buffer.concat([
		Buffer.from(`${method}\n${signedPath}\n${timestamp}\n${nonce}\n`, 'utf8'),
		typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
	]);
}

/** The merchant public key: the given PEM, or the test vector file. */
export function loadMerchantPublicKey(pem: string | undefined): KeyObject {
	if (pem !== undefined) return createPublicKey(pem);
	let vector: string | undefined;
	try {
		vector = readFileSync(PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE, 'utf8');
	} catch {
		vector = undefined;
	}
	if (vector === undefined) {
		throw new Error(`PayKKa sandbox: no merchantPublicKeyPem given and ${PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE} is not readable`);
	}
	return createPublicKey(vector);
}

export interface PlatformKey {
	privateKey: KeyObject;
	publicKeyPem: string;
}

/** The given platform key pair, or a fresh RSA-2048 pair. */
export function platformKey(privateKeyPem: string | undefined, publicKeyPem: string | undefined): PlatformKey {
	if (privateKeyPem) {
		const privateKey = createPrivateKey(privateKeyPem);
		return {
			privateKey,
			publicKeyPem: publicKeyPem ?? (createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string),
		};
	}
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return { privateKey: pair.privateKey, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** Fresh timestamp, nonce and signature headers for an answer or a notification. */
export function platformHeaders(key: PlatformKey, method: string, signedPath: string, body: string): Record<string, string> {
	const timestamp = String(Date.now());
	const nonce = randomBytes(16).toString('hex');
	const signature = createSign('RSA-SHA256').update(stringToSign(method, signedPath, timestamp, nonce, body)).sign(key.privateKey, 'base64');
	return {
		'x-paykka-timestamp': timestamp,
		'x-paykka-nonce': nonce,
		'x-paykka-sign-alg': SIGN_ALGORITHM,
		'x-paykka-sign': encodeURIComponent(signature),
	};
}

/**
 * Checks a merchant request's signature and throws the ret_code PayKKa answers: 206002 no
 * signature, 206003 bad signature (or a reused nonce), 206004 outside the 5-minute window,
 * 206005 unknown caller. A nonce is good once inside the window (replay prevention).
 */
export class RequestVerifier {
	private readonly seenNonces = new Map<string, number>();

	constructor(
		private readonly merchantPublicKey: KeyObject,
		private readonly callers: string[],
	) {}

	verify(req: IncomingMessage, requestPath: string, rawBody: Buffer): void {
		const sign = header(req, 'x-paykka-sign');
		const timestamp = header(req, 'x-paykka-timestamp');
		const nonce = header(req, 'x-paykka-nonce');
		if (!sign) throw new PayKkaError(401, RET.signatureMissing, 'Signature not found');
		if (!this.callers.includes(header(req, 'x-paykka-appid') ?? '')) throw new PayKkaError(401, RET.merchantMissing, 'Merchant does not exist');
		if (header(req, 'x-paykka-sign-alg') !== SIGN_ALGORITHM) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		if (!timestamp || !/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > SIGNATURE_WINDOW_MS) {
			throw new PayKkaError(401, RET.signatureExpired, 'Signature expired');
		}
		if (!nonce || nonce.length < 10 || nonce.length > 100) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		let signature: Buffer | undefined;
		try {
			signature = Buffer.from(decodeURIComponent(sign), 'base64');
		} catch {
			signature = undefined;
		}
		const valid =
			signature !== undefined &&
			createVerify('RSA-SHA256')
				.update(stringToSign(req.method ?? '', requestPath, timestamp, nonce, rawBody))
				.verify(this.merchantPublicKey, signature);
		if (!valid) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		const now = Date.now();
		for (const [seen, at] of this.seenNonces) if (now - at > SIGNATURE_WINDOW_MS) this.seenNonces.delete(seen);
		if (this.seenNonces.has(nonce)) throw new PayKkaError(401, RET.signatureError, 'Signature error: nonce already used');
		this.seenNonces.set(nonce, now);
	}
}
