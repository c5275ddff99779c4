/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * PayKKa v3 signatures, with node's crypto only
 * (https://docs.paykka.com/payments/apis/introduction/api-certification): SHA256withRSA over
 * `METHOD\nPATH\nTIMESTAMP\nNONCE\nRAW_BODY`, Base64, then URL-encoded, in `x-paykka-sign`.
 * The sandbox verifies the merchant's requests with the merchant public key and signs its
 * answers and notifications with its own "platform" key. [ASSUMPTION] Answers are signed over the
 * request's method and path (the docs name the response headers, not the signed string);
 * notifications over POST and the notify URL's path, as PayKKa's WooCommerce plugin verifies them.
 *
 * v1.2 (https://docs.paykka.com/payments/apis/introduction/api-certification-v1; the string as PayKKa's
 * plugin signs v1 calls): headers `signature`, `type: RSA256`, `version: v1.2`, signature over
 * `merchantId={merchant_id}&timestamp={body timestamp}&requestBody={raw body}`, Base64, URL-encoded.
 * [ASSUMPTION] Answers and notifications are signed the same way with the platform key, over the payload's
 * merchant_id and timestamp (an answer without them: the request's).
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'crypto';
import { readFileSync } from 'fs';
import type { IncomingMessage } from 'http';

import { header } from '../shared/server';
import {
	PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE,
	RET,
	SIGN_ALGORITHM,
	SIGNATURE_WINDOW_MS,
	V12_SIGN_TYPE,
	V12_VERSION,
	type ApiVersion,
} from './constants';
import { PayKkaError, type Json } from './envelope';

export function stringToSign(method: string, signedPath: string, timestamp: string, nonce: string, body: Buffer | string): Buffer {
	return Buffer.concat([
		Buffer.from(`${method}\n${signedPath}\n${timestamp}\n${nonce}\n`, 'utf8'),
		typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
	]);
}

export function v12StringToSign(merchantId: string, timestamp: string, body: Buffer | string): Buffer {
	return Buffer.concat([
		Buffer.from(`merchantId=${merchantId}&timestamp=${timestamp}&requestBody=`, 'utf8'),
		typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
	]);
}

/** v1.2 headers for an answer or a notification, signed with the platform key. */
export function v12PlatformHeaders(key: PlatformKey, merchantId: string, timestamp: string, body: string): Record<string, string> {
	const signature = createSign('RSA-SHA256').update(v12StringToSign(merchantId, timestamp, body)).sign(key.privateKey, 'base64');
	return { signature: encodeURIComponent(signature), type: V12_SIGN_TYPE, version: V12_VERSION };
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

/** A merchant the sandbox knows: its id, app id, API generation and public key. */
export interface Merchant {
	merchantId: string;
	appId: string;
	apiVersion: ApiVersion;
	publicKey: KeyObject;
}

const wrongVersion = (merchant: Merchant) =>
	new PayKkaError(401, RET.invalidVersion, `Invalid API version: merchant ${merchant.merchantId} is on API ${merchant.apiVersion}`);

function signatureBytes(sign: string): Buffer | undefined {
	try {
		const base64 = decodeURIComponent(sign);
		return /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Checks a merchant request's signature and throws the ret_code PayKKa answers: 206001 a request signed
 * for the other API version (or a merchant on the other version), 206002 no signature, 206003 bad
 * signature (or a reused nonce), 206004 outside the 5-minute window, 206005 unknown caller. A v3 nonce is
 * good once inside the window (replay prevention).
 */
export class RequestVerifier {
	private readonly seenNonces = new Map<string, number>();

	constructor(private readonly merchants: Merchant[]) {}

	/** v3: the caller is x-paykka-appid (its app ID or merchant ID). Returns the merchant. */
	verify(req: IncomingMessage, requestPath: string, rawBody: Buffer): Merchant {
		const sign = header(req, 'x-paykka-sign');
		const timestamp = header(req, 'x-paykka-timestamp');
		const nonce = header(req, 'x-paykka-nonce');
		if (!sign) {
			if (header(req, 'signature')) throw new PayKkaError(401, RET.invalidVersion, 'Invalid API version: a v1.2 signature on a v3 path');
			throw new PayKkaError(401, RET.signatureMissing, 'Signature not found');
		}
		const caller = header(req, 'x-paykka-appid') ?? '';
		const merchant = this.merchants.find((candidate) => candidate.appId === caller || candidate.merchantId === caller);
		if (!merchant) throw new PayKkaError(401, RET.merchantMissing, 'Merchant does not exist');
		if (merchant.apiVersion !== 'v3') throw wrongVersion(merchant);
		if (header(req, 'x-paykka-sign-alg') !== SIGN_ALGORITHM) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		if (!timestamp || !/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > SIGNATURE_WINDOW_MS) {
			throw new PayKkaError(401, RET.signatureExpired, 'Signature expired');
		}
		if (!nonce || nonce.length < 10 || nonce.length > 100) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		const signature = signatureBytes(sign);
		const valid =
			signature !== undefined &&
			createVerify('RSA-SHA256')
				.update(stringToSign(req.method ?? '', requestPath, timestamp, nonce, rawBody))
				.verify(merchant.publicKey, signature);
		if (!valid) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		const now = Date.now();
		for (const [seen, at] of this.seenNonces) if (now - at > SIGNATURE_WINDOW_MS) this.seenNonces.delete(seen);
		if (this.seenNonces.has(nonce)) throw new PayKkaError(401, RET.signatureError, 'Signature error: nonce already used');
		this.seenNonces.set(nonce, now);
		return merchant;
	}

	/**
	 * v1.2: the caller is the body's merchant_id; the body's `timestamp` (ms, as written in the body) is
	 * signed and must be within 5 minutes ([ASSUMPTION] v3's window). `body` is the parsed JSON,
	 * `timestampText` the timestamp's exact text in the raw body.
	 */
	verifyV12(req: IncomingMessage, rawBody: Buffer, body: Json, timestampText: string | undefined): Merchant {
		const sign = header(req, 'signature');
		if (!sign) {
			if (header(req, 'x-paykka-sign')) throw new PayKkaError(401, RET.invalidVersion, 'Invalid API version: a v3 signature on a v1.2 path');
			throw new PayKkaError(401, RET.signatureMissing, 'Signature not found');
		}
		if (header(req, 'version') !== V12_VERSION) throw new PayKkaError(401, RET.invalidVersion, 'Invalid API version');
		const merchant = this.merchants.find((candidate) => candidate.merchantId === body.merchant_id);
		if (!merchant) throw new PayKkaError(401, RET.merchantMissing, 'Merchant does not exist');
		if (merchant.apiVersion !== 'v1.2') throw wrongVersion(merchant);
		if (header(req, 'type') !== V12_SIGN_TYPE) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		if (typeof body.timestamp !== 'number' || !timestampText || !/^\d{13}$/.test(timestampText) || Math.abs(Date.now() - Number(timestampText)) > SIGNATURE_WINDOW_MS) {
			throw new PayKkaError(401, RET.signatureExpired, 'Signature expired');
		}
		const signature = signatureBytes(sign);
		const valid =
			signature !== undefined &&
			createVerify('RSA-SHA256').update(v12StringToSign(merchant.merchantId, timestampText, rawBody)).verify(merchant.publicKey, signature);
		if (!valid) throw new PayKkaError(401, RET.signatureError, 'Signature error');
		return merchant;
	}
}
