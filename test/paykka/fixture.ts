/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'fs';
import * as path from 'path';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { newNonce, parsePrivateKey, signParts } from '../../nodes/PayKka/signature';
import type { PayKkaSandbox } from '../../sandbox/paykka/server';
import { runNode, type NodeRunResult } from '../harness/workflow';

/** Test-only key pair of the worked signature examples: `../shared/vectors` from the repo root. */
const VECTORS = path.resolve(__dirname, '../../../shared/vectors');
export const MERCHANT_PRIVATE_KEY = readFileSync(path.join(VECTORS, 'paykka_test_merchant_private_pkcs8.pem'), 'utf8');
export const MERCHANT_PUBLIC_KEY = readFileSync(path.join(VECTORS, 'paykka_test_merchant_public_spki.pem'), 'utf8');

export function sandboxCredentials(sandbox: PayKkaSandbox, overrides: Record<string, string | boolean> = {}) {
	return {
		environment: 'custom',
		baseUrl: sandbox.url,
		merchantId: sandbox.merchantId,
		appId: sandbox.appId,
		privateKey: MERCHANT_PRIVATE_KEY,
		platformPublicKey: sandbox.platformPublicKeyPem,
		...overrides,
	};
}

export async function runPayKka(
	sandbox: PayKkaSandbox,
	parameters: Record<string, unknown>,
	options: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean; credentials?: Record<string, string | boolean> } = {},
): Promise<NodeRunResult> {
	return await runNode({
		node: new PayKka(),
		credentialType: new PayKkaApi(),
		credentials: sandboxCredentials(sandbox, options.credentials),
		parameters: parameters as never,
		items: options.items as never,
		continueOnFail: options.continueOnFail,
	});
}

let sequence = 0;
/** A merchant number no other test of the run uses, so tests do not share sandbox orders. */
export const unique = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

export const RETURN_URL = 'https://shop.example.com/return';

/** Checkout Session > Create of 12.50 EUR under a new order number; `extra` changes or adds parameters. */
export function sessionParameters(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { resource: 'checkoutSession', operation: 'create', transId: unique('order'), amount: '12.50', currency: 'EUR', returnUrl: RETURN_URL, ...extra };
}

/**
 * An order paid (or declined, or only authorised with captureMethod MANUAL) through a hosted session
 * created with `parameters` and completed with the test card `card`.
 */
export async function paidOrder(
	sandbox: PayKkaSandbox,
	parameters: Record<string, unknown> = {},
	options: { card?: string; credentials?: Record<string, string | boolean> } = {},
): Promise<Record<string, string>> {
	const session = await runPayKka(sandbox, sessionParameters(parameters), { credentials: options.credentials });
	expect(session.error).toBeUndefined();
	const completed = await completeSession(sandbox, String(session.items[0].json.session_id), options.card);
	expect(completed.status).toBe(200);
	return completed.json;
}

/** A card token the sandbox stores for a shopper of `merchantId`, as a first payment storing the card would. */
export async function storedToken(sandbox: PayKkaSandbox, merchantId: string, shopperReference: string, cardNumber = '4242424242424242'): Promise<string> {
	const response = await fetch(`${sandbox.url}/_sandbox/tokens`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ merchant_id: merchantId, shopper_reference: shopperReference, card_number: cardNumber }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { token: string }).token;
}

/** A PayKKa envelope as the tests read it. */
export interface Envelope {
	ret_code: string;
	ret_msg: string;
	data: Record<string, string>;
}

/** A raw v3 call signed with the test merchant key, for wire-level sandbox tests. */
export async function signedPost(
	sandbox: PayKkaSandbox,
	requestPath: string,
	body: Record<string, unknown> | string,
	options: { timestamp?: string; nonce?: string; sign?: string | null; privateKey?: string; appId?: string } = {},
) {
	const raw = typeof body === 'string' ? body : JSON.stringify({ merchant_id: sandbox.merchantId, ...body });
	const timestamp = options.timestamp ?? String(Date.now());
	const nonce = options.nonce ?? newNonce();
	const signature =
		options.sign === undefined
			? signParts(parsePrivateKey(options.privateKey ?? MERCHANT_PRIVATE_KEY), { method: 'POST', path: requestPath, timestamp, nonce, body: raw })
			: options.sign;
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'x-paykka-appid': options.appId ?? sandbox.appId,
		'x-paykka-timestamp': timestamp,
		'x-paykka-nonce': nonce,
		'x-paykka-sign-alg': 'SHA256_WITH_RSA',
	};
	if (signature !== null) headers['x-paykka-sign'] = signature;
	const response = await fetch(`${sandbox.url}${requestPath}`, { method: 'POST', headers, body: raw });
	const text = await response.text();
	return { status: response.status, text, json: JSON.parse(text) as Envelope, headers: response.headers };
}

/** Shopper pays the hosted session with a test card (sandbox control endpoint). */
export async function completeSession(sandbox: PayKkaSandbox, sessionId: string, cardNumber = '4242424242424242') {
	const response = await fetch(`${sandbox.url}/_sandbox/sessions/${sessionId}/complete`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ card_number: cardNumber }),
	});
	return { status: response.status, json: (await response.json()) as Record<string, string> };
}
