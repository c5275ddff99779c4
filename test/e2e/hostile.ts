/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Generator of hostile webhook deliveries for the real-n8n hostile-input suite
 * (hostile.e2e.test.ts): per gateway, a seeded, reproducible schedule of bad deliveries from
 * every mutation class that applies to the gateway's signature scheme, with freshly signed valid
 * deliveries and replays interleaved, and a bounded-concurrency sender over real HTTP (node's
 * http.request with a raw header list, so a header can be sent twice: fetch would merge it).
 *
 * Every delivery carries the exact statuses it may get, derived from what n8n 2.41.1 and the
 * trigger do with it (see CLASS_NOTES); the suite asserts them one by one.
 */
import { createHash, createHmac, generateKeyPairSync, sign as rsaSign } from 'crypto';
import * as http from 'http';

import type { SandboxHandle } from '../../scripts/gateways';

// ---------- seeded PRNG ----------

/** sfc32 seeded through splitmix32: fast, 32-bit, the same sequence for the same seed on every platform. */
export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(readonly seed: number) {
		let state = seed >>> 0;
		const split = () => {
			state = (state + 0x9e3779b9) >>> 0;
			let z = state;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.a = split();
		this.b = split();
		this.c = split();
		this.d = split();
		for (let index = 0; index < 12; index++) this.next();
	}

	/** Uniform in [0, 1). */
	next(): number {
		const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
		this.d = (this.d + 1) >>> 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) >>> 0;
		this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
		this.c = (this.c + t) >>> 0;
		return t / 4294967296;
	}

	/** Integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(list: readonly T[]): T {
		if (list.length === 0) throw new Error('pick from an empty list');
		return list[Math.floor(this.next() * list.length)];
	}

	bytes(count: number): Buffer {
		const out = Buffer.alloc(count);
		for (let index = 0; index < count; index++) out[index] = Math.floor(this.next() * 256);
		return out;
	}

	shuffle<T>(list: T[]): T[] {
		for (let index = list.length - 1; index > 0; index--) {
			const other = Math.floor(this.next() * (index + 1));
			[list[index], list[other]] = [list[other], list[index]];
		}
		return list;
	}
}

/** The seed of this run: E2E_HOSTILE_SEED (decimal or 0x-hex) to reproduce a failure, else a fresh one. */
export function hostileSeed(): number {
	const fromEnv = process.env.E2E_HOSTILE_SEED;
	if (fromEnv !== undefined && fromEnv.trim() !== '') {
		const value = Number(fromEnv.trim());
		if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`E2E_HOSTILE_SEED must be an integer in [0, 2^32): ${fromEnv}`);
		return value;
	}
	return Math.floor(Math.random() * 0x100000000) >>> 0;
}

// ---------- deliveries ----------

export type Header = [name: string, value: string];

export type DeliveryKind = 'valid' | 'bad' | 'replay';

export interface Delivery {
	kind: DeliveryKind;
	/** Mutation class (see CLASS_NOTES), `valid`, or `replay-exact` / `replay-resigned`. */
	cls: string;
	/** The variant inside the class, for the log and a failure message. */
	variant: string;
	body: Buffer;
	/** Sent in this order, duplicates included. Host and Content-Length are added by the sender. */
	headers: Header[];
	/** The key the trigger's item would carry (as GatewayE2E.eventKeyOfItem computes it), when the body has one. */
	eventKey?: string;
	/** Every status this delivery may be answered with. */
	expected: number[];
}

/** A planned delivery: all random choices are drawn when the schedule is built; signing happens at send time. */
export interface Planned {
	seq: number;
	kind: DeliveryKind;
	cls: string;
	build(): Delivery;
	/** For replays: the seq of the valid delivery replayed (sent only after that one was answered). */
	replayOf?: number;
}

/** What a gateway's hostile generator needs from its running sandbox and the trigger's URL. */
export interface HostileTarget {
	key: string;
	url: string;
	sandbox: SandboxHandle;
	/** The acknowledgement status the gateway expects (GatewayE2E.ack.status). */
	ackStatus: number;
	/** A valid event (GatewayE2E.prepareEvent) whose object exists at the gateway: valid deliveries reuse its object. */
	fixture?: Record<string, unknown>;
}

/** What each class is and which statuses it gets, for the per-gateway table and the report. */
export const CLASS_NOTES: Record<string, string> = {
	'body-bitflip': 'valid signature, then 1-3 bits flipped in the body: 401 (signature), 422 when the flip breaks the JSON (n8n parses application/json before the trigger)',
	'sig-bitflip': 'one bit flipped in the decoded signature, re-encoded in the scheme\'s encoding: 401',
	'wrong-secret': 'signed with a wrong secret/key (random, or another credential field): 401',
	'stale-timestamp': 'correctly signed, timestamp 6 min to 30 days in the past: 401',
	'future-timestamp': 'correctly signed, timestamp 6 min to 30 days ahead: 401',
	'malformed-timestamp': 'correctly signed over a timestamp that is not a plain number of the right unit: 401',
	'missing-header': 'a required header left out, or sent empty: 401',
	'duplicated-header': 'a required header sent twice (valid+junk, junk+valid, valid+valid; node joins them with ", "): 401',
	'wrong-content-type': 'a JSON event under a wrong content type with a bad signature (401; 400 multipart and 422 unknown charset: n8n refuses before the trigger), or a correctly signed non-JSON body under its own type (400 trigger; 401 multipart: n8n keeps no raw body to verify; 422 unknown charset). No XML type (n8n upstream bug, see WRONG_TYPES)',
	'signed-non-json': 'correctly signed body that is not JSON: 422 (n8n, application/json) or 400 (trigger, other types)',
	'signed-not-an-event': 'correctly signed JSON that is not an event of the gateway (array, scalar, missing/mistyped key fields): 400 (401 for Pinddpay when the object lacks the eventAt its authentication requires)',
	'empty-body': 'empty body with an otherwise valid signature: 401',
	'truncated-body': 'signed over the whole body, a prefix sent: 422 (application/json) or 401 (text/plain; Pinddpay 400: its token does not cover the body)',
	'sig-encoding': 'the right signature in a wrong encoding or format (base64 for hex, prefixes, truncated, double URL-encoded...): 401',
	'signed-parts-mismatch': 'signature valid for other signed parts (timestamp/nonce/path/method) than the ones sent: 401',
	'foreign-merchant': 'valid Sign, MerchantId header of another merchant: 401',
	oversized: 'correctly signed body over n8n\'s 16 MB payload limit: expected 413',
	'replay-exact': 'an already delivered valid delivery again, byte for byte (same headers): ack, no execution (401 once its signed time left the window)',
	'replay-resigned': 'an already delivered event body signed again now (a gateway resend): ack, no execution',
};

/** Classes that do not apply to a gateway, and why (printed with the table). */
export const NOT_APPLICABLE: Record<string, Record<string, string>> = {
	ironixpay: {
		'signature letter case': 'the hex HMAC is compared case-insensitively by design (the same digest): wrong encodings, prefixes and lengths are sent instead (sig-encoding)',
	},
	paykka: {},
	pinddpay: {
		'signature letter case': 'the hex token is compared case-insensitively by design (the same digest)',
		'body-bitflip': 'the demo trigger reads sign-token as MD5(secret): a static token that does not cover the body, so a body with flipped bits is as authentic as any other body sent with the token (see the trigger\'s "Sign-Token Content" option); the broken-JSON cases are covered by truncated-body and signed-non-json',
		'signed-parts-mismatch': 'the token signs no parts',
		'stale/future timestamp (header)': 'no signed header time: the eventAt freshness window inside the body is mutated instead',
	},
	cashy: {
		'signature letter case': 'the hex Sign is compared case-insensitively by design (the same digest)',
		'stale-timestamp / future-timestamp / malformed-timestamp': 'Cashy signs no time (Sign = MD5(rawBody + key)): replays are caught by dedupe of orderNo + status (replay classes) and, for a state Cashy no longer shows, by Confirm With Gateway (delivery.e2e)',
		'signed-parts-mismatch': 'the body is the only signed part',
	},
};

// ---------- encodings and bit flips ----------

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest();
const sha = (algorithm: string, data: Buffer | string) => createHash(algorithm).update(data).digest();
const b64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function flipBits(data: Buffer, rng: Prng, flips: number): Buffer {
	const out = Buffer.from(data);
	const positions = new Set<number>();
	while (positions.size < Math.min(flips, out.length * 8)) positions.add(rng.int(0, out.length * 8 - 1));
	for (const bit of positions) out[bit >> 3] ^= 1 << (bit & 7);
	return out;
}

/** True when n8n's body parser (application/json, utf-8, BOM stripped) accepts the bytes. */
function n8nParsesJson(body: Buffer): boolean {
	let text = body.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

function withoutHeader(headers: Header[], name: string): Header[] {
	return headers.filter(([candidate]) => candidate.toLowerCase() !== name.toLowerCase());
}

function replaceHeader(headers: Header[], name: string, value: string): Header[] {
	return headers.map(([candidate, current]) => [candidate, candidate.toLowerCase() === name.toLowerCase() ? value : current] as Header);
}

function headerValue(headers: Header[], name: string): string {
	const found = headers.find(([candidate]) => candidate.toLowerCase() === name.toLowerCase());
	if (!found) throw new Error(`no ${name} header`);
	return found[1];
}

const JSON_TYPE: Header = ['Content-Type', 'application/json'];

function without(event: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
	return Object.fromEntries(Object.entries(event).filter(([name]) => !names.includes(name)));
}

// ---------- per-gateway schemes ----------

/** How one gateway signs, and its scheme-specific hostile variants. */
interface Scheme {
	/** A new event; `tag` makes its key unique in this run (`v12`, `b340`...). */
	event(tag: string, rng: Prng, atMs?: number): { value: Record<string, unknown>; key: string };
	/** Headers of a correct signature over `body` at `atMs` (content type included). */
	sign(body: Buffer, atMs: number): Header[];
	/** Name of the signature header and its codec (for bit flips). */
	signature: { header: string; decode(value: string): Buffer; encode(bytes: Buffer): string };
	/** Headers the trigger needs. */
	required: string[];
	/** Wrong-key signatures: each returns the headers of a delivery of `body` signed with something else. */
	wrongSecrets: Array<[variant: string, make: (body: Buffer, atMs: number, rng: Prng) => Header[]]>;
	/** Wrong encodings of a correct signature value. */
	encodings: Array<[variant: string, make: (correct: string) => string | undefined]>;
	/** Time handling, when the scheme has a signed or checked time. */
	time?: {
		/** A correctly signed delivery of the event at a signed time of `offsetSeconds` from now. */
		shifted(event: (atMs: number) => { body: Buffer }, offsetSeconds: number): { body: Buffer; headers: Header[] };
		malformed: Array<[variant: string, make: (event: (atMs: number) => { body: Buffer }, rng: Prng) => { body: Buffer; headers: Header[] }]>;
	};
	/** True when the signature covers the body bytes. */
	bodyCovered: boolean;
	/**
	 * A field of the body that carries the delivery's time and is part of authentication (Pinddpay's
	 * eventAt, required fresh because the token covers nothing): a JSON object without it gets 401.
	 */
	bodyTimeField?: string;
	/**
	 * Before a valid delivery is sent: makes the object it names exist at the gateway, for triggers
	 * that confirm events with the gateway by default.
	 */
	prepareValid?(body: Buffer): Promise<void>;
	/** Removing an event's key fields or mistyping them: JSON the trigger must refuse (400). */
	notAnEvent: Array<[variant: string, mutate: (event: Record<string, unknown>) => unknown]>;
	/** Extra gateway-specific classes. */
	extra: Array<[cls: string, variant: string, make: (body: Buffer, rng: Prng) => { headers: Header[]; body?: Buffer }]>;
	/** The signed time of a delivery made with sign(), for the replay window (undefined: no window). */
	signedAtMs?(delivery: { body: Buffer; headers: Header[] }): number | undefined;
}

interface IronixPayView extends SandboxHandle {
	options: { webhookSecret: string; secretKey: string };
}
interface PayKkaView extends SandboxHandle {
	appId: string;
}
interface PinddpayView extends SandboxHandle {
	options: { secret: string; appId: string; accessKey: string };
}
interface CashyView extends SandboxHandle {
	options: { apiKey: string; merchantId: string };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function ironixScheme(target: HostileTarget, runTag: string): Scheme {
	const { webhookSecret, secretKey } = (target.sandbox as IronixPayView).options;
	const hmacHex = (secret: string, timestamp: string, body: Buffer) => createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
	const headers = (secret: string, timestamp: string, body: Buffer, signature = hmacHex(secret, timestamp, body)): Header[] => [
		JSON_TYPE,
		['X-Timestamp', timestamp],
		['X-Signature', signature],
	];
	const shifted = (make: (atMs: number) => { body: Buffer }, offsetSeconds: number) => {
		const atMs = Date.now() + offsetSeconds * 1000;
		const { body } = make(atMs);
		return { body, headers: headers(webhookSecret, String(seconds(atMs)), body) };
	};
	const signedOver = (timestamp: (now: number, rng: Prng) => string) => (make: (atMs: number) => { body: Buffer }, rng: Prng) => {
		const { body } = make(Date.now());
		const value = timestamp(Date.now(), rng);
		return { body, headers: headers(webhookSecret, value, body) };
	};
	return {
		event(tag, rng, atMs = Date.now()) {
			const id = `evt_hx${runTag}${tag}`;
			return {
				key: id,
				value: {
					id,
					event_type: rng.pick(['payout.completed', 'payout.failed', 'session.expired']),
					created: seconds(atMs),
					data: { object: 'payout', id: `po_hx${runTag}${tag}`, status: 'Completed', amount: '1', currency: 'USDT', network: 'TRON', livemode: false },
				},
			};
		},
		sign: (body, atMs) => headers(webhookSecret, String(seconds(atMs)), body),
		signature: { header: 'X-Signature', decode: (value) => Buffer.from(value, 'hex'), encode: (bytes) => bytes.toString('hex') },
		required: ['X-Signature', 'X-Timestamp'],
		wrongSecrets: [
			['random whsec_ secret', (body, atMs, rng) => headers(`whsec_${rng.bytes(32).toString('hex')}`, String(seconds(atMs)), body)],
			['the API secret key (sk_test_) instead of the webhook secret', (body, atMs) => headers(secretKey, String(seconds(atMs)), body)],
			['the webhook secret without its whsec_ prefix', (body, atMs) => headers(webhookSecret.replace(/^whsec_/, ''), String(seconds(atMs)), body)],
			['the webhook secret with one character changed', (body, atMs, rng) => {
				const index = rng.int(6, webhookSecret.length - 1);
				const changed = webhookSecret.slice(0, index) + (webhookSecret[index] === 'a' ? 'b' : 'a') + webhookSecret.slice(index + 1);
				return headers(changed, String(seconds(atMs)), body);
			}],
			['HMAC over the body only (no timestamp)', (body, atMs) => headers(webhookSecret, String(seconds(atMs)), body, createHmac('sha256', webhookSecret).update(body).digest('hex'))],
			['HMAC-SHA1 with the right secret', (body, atMs) => {
				const timestamp = String(seconds(atMs));
				return headers(webhookSecret, timestamp, body, createHmac('sha1', webhookSecret).update(`${timestamp}.`).update(body).digest('hex'));
			}],
		],
		encodings: [
			['Base64 of the HMAC', (hex) => Buffer.from(hex, 'hex').toString('base64')],
			['base64url of the HMAC', (hex) => b64url(Buffer.from(hex, 'hex'))],
			['sha256= prefix', (hex) => `sha256=${hex}`],
			['v1= prefix (Stripe style)', (hex) => `v1=${hex}`],
			['0x prefix', (hex) => `0x${hex}`],
			['first 32 hex digits', (hex) => hex.slice(0, 32)],
			['one extra hex digit', (hex) => `${hex}0`],
			['hex of the hex text', (hex) => Buffer.from(hex, 'utf8').toString('hex')],
			['hex with an inner space', (hex) => `${hex.slice(0, 32)} ${hex.slice(32)}`],
		],
		time: {
			shifted,
			malformed: [
				['milliseconds instead of seconds', signedOver((now) => String(now))],
				['decimal seconds', signedOver((now) => `${seconds(now)}.5`)],
				['negative', signedOver((now) => `-${seconds(now)}`)],
				['ISO date', signedOver((now) => new Date(now).toISOString())],
				['hex seconds', signedOver((now) => `0x${seconds(now).toString(16)}`)],
				['+ sign', signedOver((now) => `+${seconds(now)}`)],
				['exponent notation', signedOver((now) => Number(seconds(now)).toExponential())],
				['zero', signedOver(() => '0')],
				['13+ digits', signedOver((now, rng) => `${seconds(now)}${rng.int(100, 999)}`)],
			],
		},
		bodyCovered: true,
		notAnEvent: [
			['no id', (event) => without(event, 'id')],
			['numeric id', (event) => ({ ...event, id: 12345 })],
			['no event_type', (event) => without(event, 'event_type')],
			['event_type null', (event) => ({ ...event, event_type: null })],
		],
		extra: [
			['signed-parts-mismatch', 'X-Timestamp one second off the signed one', (body) => {
				const now = seconds(Date.now());
				return { headers: headers(webhookSecret, String(now - 1), body, hmacHex(webhookSecret, String(now), body)) };
			}],
			['signed-parts-mismatch', 'signed with "timestamp:body" instead of "timestamp.body"', (body) => {
				const timestamp = String(seconds(Date.now()));
				return { headers: headers(webhookSecret, timestamp, body, createHmac('sha256', webhookSecret).update(`${timestamp}:`).update(body).digest('hex')) };
			}],
		],
		signedAtMs: (delivery) => Number(headerValue(delivery.headers, 'X-Timestamp')) * 1000,
	};
}

function paykkaScheme(target: HostileTarget, runTag: string, wrongKeys: string[]): Scheme {
	const view = target.sandbox as PayKkaView;
	const platformKey = target.sandbox.startOptions?.platformPrivateKeyPem;
	const merchantKey = target.sandbox.startOptions?.merchantPrivateKeyPem;
	if (typeof platformKey !== 'string' || typeof merchantKey !== 'string') throw new Error('the PayKKa sandbox was started without known key pairs');
	const path = new URL(target.url).pathname;
	let nonceCounter = 0;
	const nonce = () => `${runTag}${(nonceCounter++).toString(16).padStart(8, '0')}${'0'.repeat(12)}`.slice(0, 32);
	const rawSignature = (key: string, method: string, signedPath: string, timestamp: string, nonceValue: string, body: Buffer) =>
		rsaSign('sha256', Buffer.concat([Buffer.from(`${method}\n${signedPath}\n${timestamp}\n${nonceValue}\n`, 'utf8'), body]), key).toString('base64');
	const headers = (timestamp: string, nonceValue: string, signature: string): Header[] => [
		JSON_TYPE,
		['x-paykka-appid', view.appId],
		['x-paykka-timestamp', timestamp],
		['x-paykka-nonce', nonceValue],
		['x-paykka-sign-alg', 'SHA256_WITH_RSA'],
		['x-paykka-sign', encodeURIComponent(signature)],
	];
	const signWith = (key: string, body: Buffer, atMs: number, parts: { method?: string; path?: string; sentTimestamp?: string; sentNonce?: string } = {}) => {
		const timestamp = String(atMs);
		const nonceValue = nonce();
		const signature = rawSignature(key, parts.method ?? 'POST', parts.path ?? path, timestamp, nonceValue, body);
		return headers(parts.sentTimestamp ?? timestamp, parts.sentNonce ?? nonceValue, signature);
	};
	const signedOver = (timestamp: (now: number, rng: Prng) => string) => (make: (atMs: number) => { body: Buffer }, rng: Prng) => {
		const { body } = make(Date.now());
		const value = timestamp(Date.now(), rng);
		const nonceValue = nonce();
		return { body, headers: headers(value, nonceValue, rawSignature(platformKey, 'POST', path, value, nonceValue, body)) };
	};
	return {
		event(tag, rng) {
			const orderId = `HX${runTag}${tag}`;
			const type = rng.pick(['PAYMENT.SUCCESS', 'PAYMENT.FAILED']);
			return {
				key: `${type}:${orderId}`,
				value: { notify_type: type, merchant_id: '18356675194960', trans_id: `hx-${runTag}-${tag}`, order_id: orderId, status: type === 'PAYMENT.SUCCESS' ? 'SUCCESS' : 'FAILED', amount: 100, currency: 'EUR' },
			};
		},
		sign: (body, atMs) => signWith(platformKey, body, atMs),
		signature: {
			header: 'x-paykka-sign',
			decode: (value) => Buffer.from(decodeURIComponent(value), 'base64'),
			encode: (bytes) => encodeURIComponent(bytes.toString('base64')),
		},
		required: ['x-paykka-sign', 'x-paykka-timestamp', 'x-paykka-nonce'],
		wrongSecrets: [
			['a random RSA key', (body, atMs, rng) => signWith(rng.pick(wrongKeys), body, atMs)],
			['the merchant private key (credential) instead of the platform key', (body, atMs) => signWith(merchantKey, body, atMs)],
			['RSA-SHA1 with the platform key', (body, atMs) => {
				const timestamp = String(atMs);
				const nonceValue = nonce();
				const signature = rsaSign('sha1', Buffer.concat([Buffer.from(`POST\n${path}\n${timestamp}\n${nonceValue}\n`), body]), platformKey).toString('base64');
				return headers(timestamp, nonceValue, signature);
			}],
			['HMAC-SHA256 keyed with the platform public key text', (body, atMs) => {
				const timestamp = String(atMs);
				const nonceValue = nonce();
				const publicPem = String(target.sandbox.startOptions?.platformPublicKeyPem ?? '');
				const signature = createHmac('sha256', publicPem).update(`POST\n${path}\n${timestamp}\n${nonceValue}\n`).update(body).digest('base64');
				return headers(timestamp, nonceValue, signature);
			}],
		],
		encodings: [
			['hex of the signature bytes', (value) => Buffer.from(decodeURIComponent(value), 'base64').toString('hex')],
			['base64url, no padding', (value) => {
				const base64 = decodeURIComponent(value);
				// Without + or / the url-safe form differs only by padding, which the verifier tolerates: not a wrong encoding.
				return /[+/]/.test(base64) ? b64url(Buffer.from(base64, 'base64')) : undefined;
			}],
			['double URL-encoded', (value) => encodeURIComponent(value)],
			['letter case swapped', (value) => {
				const base64 = decodeURIComponent(value);
				return encodeURIComponent(base64.replace(/[a-zA-Z]/g, (char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())));
			}],
			['lower-cased', (value) => encodeURIComponent(decodeURIComponent(value).toLowerCase())],
			['first half only', (value) => encodeURIComponent(decodeURIComponent(value).slice(0, 172))],
			['SHA256_WITH_RSA= prefix', (value) => `SHA256_WITH_RSA%3D${value}`],
			['hex of the SHA-256 of the signed string instead of a signature', (value) => sha('sha256', value).toString('hex')],
		],
		time: {
			shifted: (make, offsetSeconds) => {
				const atMs = Date.now() + offsetSeconds * 1000;
				const { body } = make(atMs);
				return { body, headers: signWith(platformKey, body, atMs) };
			},
			malformed: [
				['seconds instead of milliseconds', signedOver((now) => String(seconds(now)))],
				['microseconds', signedOver((now) => `${now}000`)],
				['decimal milliseconds', signedOver((now) => `${now}.5`)],
				['negative', signedOver((now) => `-${now}`)],
				['ISO date', signedOver((now) => new Date(now).toISOString())],
				['+ sign', signedOver((now) => `+${now}`)],
				['hex milliseconds', signedOver((now) => `0x${now.toString(16)}`)],
				['zero', signedOver(() => '0')],
			],
		},
		bodyCovered: true,
		notAnEvent: [
			['no notify_type or event_type', (event) => without(event, 'notify_type')],
			['empty notify_type', (event) => ({ ...event, notify_type: '' })],
			['numeric notify_type', (event) => ({ ...event, notify_type: 7 })],
		],
		extra: [
			['signed-parts-mismatch', 'x-paykka-nonce differs from the signed nonce', (body) => ({ headers: signWith(platformKey, body, Date.now(), { sentNonce: nonce() }) })],
			['signed-parts-mismatch', 'x-paykka-timestamp 1 ms off the signed one', (body) => {
				const atMs = Date.now();
				return { headers: signWith(platformKey, body, atMs, { sentTimestamp: String(atMs - 1) }) };
			}],
			['signed-parts-mismatch', 'signed for another path', (body) => ({ headers: signWith(platformKey, body, Date.now(), { path: `${path}/other` }) })],
			['signed-parts-mismatch', 'signed for GET', (body) => ({ headers: signWith(platformKey, body, Date.now(), { method: 'GET' }) })],
			['signed-parts-mismatch', 'signed over the full URL instead of the path', (body) => ({ headers: signWith(platformKey, body, Date.now(), { path: target.url }) })],
		],
		signedAtMs: (delivery) => Number(headerValue(delivery.headers, 'x-paykka-timestamp')),
	};
}

/** Pinddpay's eventAt style: ISO with 7 fractional digits. */
const pinddpayTime = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '0000Z');

function pinddpayScheme(target: HostileTarget, runTag: string): Scheme {
	const { secret, appId, accessKey } = (target.sandbox as PinddpayView).options;
	const token = (text: string) => md5(Buffer.from(text, 'utf8')).toString('hex').toUpperCase();
	const headers = (signToken: string): Header[] => [JSON_TYPE, ['sign-token', signToken]];
	const good = token(secret);
	const withEventAt = (make: (atMs: number) => { body: Buffer }, eventAt: unknown) => {
		const parsed = JSON.parse(make(Date.now()).body.toString('utf8')) as Record<string, unknown>;
		const body = Buffer.from(JSON.stringify({ ...parsed, eventAt }), 'utf8');
		return { body, headers: headers(good) };
	};
	return {
		event(tag, rng, atMs = Date.now()) {
			// Unique numeric-looking ids, as Pinddpay's are.
			const eventId = `9${runTag.replace(/[^0-9]/g, '').padEnd(6, '0').slice(0, 6)}${Number.parseInt(tag.slice(1), 10).toString().padStart(6, '0')}${tag[0] === 'v' ? '1' : tag[0] === 'b' ? '2' : '3'}`;
			// Valid deliveries: a new order.paid event (new eventId) for the paid order of the fixture, which the trigger
			// confirms with Pinddpay (Confirm With Gateway, on by default; payout events cannot be confirmed).
			if (target.fixture) {
				const { order, transaction } = target.fixture;
				return { key: eventId, value: { eventId, eventAt: pinddpayTime(atMs), eventName: 'order.paid', appId, order, transaction } };
			}
			return {
				key: eventId,
				value: {
					eventId,
					eventAt: pinddpayTime(atMs),
					eventName: rng.pick(['payout.paid', 'payout.failed']),
					appId,
					resouce: { id: `hx${runTag}${tag}`, amount: 1.99, currency: 'USD', status: 'PAID', orderNo: `hx-${runTag}-${tag}` },
				},
			};
		},
		sign: () => headers(good),
		signature: { header: 'sign-token', decode: (value) => Buffer.from(value, 'hex'), encode: (bytes) => bytes.toString('hex').toUpperCase() },
		required: ['sign-token'],
		wrongSecrets: [
			['MD5 of a random secret', (_body, _atMs, rng) => headers(token(rng.bytes(16).toString('base64').slice(0, 22)))],
			['MD5 of the access key (an identifier, not the secret)', () => headers(token(accessKey))],
			['MD5(raw body + secret): the other sign-token reading', (body) => headers(md5(Buffer.concat([body, Buffer.from(secret)])).toString('hex').toUpperCase())],
			['MD5 of the secret with one character changed', (_body, _atMs, rng) => {
				const index = rng.int(0, secret.length - 1);
				return headers(token(secret.slice(0, index) + (secret[index] === 'x' ? 'y' : 'x') + secret.slice(index + 1)));
			}],
			['MD5 of appId + secret', () => headers(token(appId + secret))],
			['the secret itself', () => headers(secret)],
		],
		encodings: [
			['Base64 of the MD5', (hex) => Buffer.from(hex, 'hex').toString('base64')],
			['SHA-256 of the secret (hex)', () => sha('sha256', secret).toString('hex').toUpperCase()],
			['SHA-1 of the secret (hex)', () => sha('sha1', secret).toString('hex').toUpperCase()],
			['0x prefix', (hex) => `0x${hex}`],
			['first 31 digits', (hex) => hex.slice(0, 31)],
			['one extra digit', (hex) => `${hex}0`],
			['MD5 prefix', (hex) => `MD5 ${hex}`],
		],
		time: {
			shifted: (make, offsetSeconds) => ({ body: make(Date.now() + offsetSeconds * 1000).body, headers: headers(good) }),
			malformed: [
				['eventAt not a date', (make) => withEventAt(make, 'yesterday')],
				['eventAt as a number (unix seconds)', (make) => withEventAt(make, seconds(Date.now()))],
				['eventAt as fractional unix seconds', (make) => withEventAt(make, `${seconds(Date.now())}.5`)],
				['eventAt null', (make) => withEventAt(make, null)],
				['eventAt left out', (make) => withEventAt(make, undefined)],
				['eventAt impossible date', (make) => withEventAt(make, '2025-13-45T99:99:99Z')],
				['eventAt date only', (make) => withEventAt(make, new Date().toISOString().slice(0, 10))],
				['eventAt object', (make) => withEventAt(make, { at: pinddpayTime(Date.now()) })],
				['eventAt true', (make) => withEventAt(make, true)],
			],
		},
		bodyCovered: false,
		bodyTimeField: 'eventAt',
		notAnEvent: [
			['no eventId', (event) => without(event, 'eventId')],
			['numeric eventId', (event) => ({ ...event, eventId: Number(event.eventId) })],
			['empty eventId', (event) => ({ ...event, eventId: '' })],
			['no eventName', (event) => without(event, 'eventName')],
		],
		extra: [],
		signedAtMs: (delivery) => {
			const eventAt = (JSON.parse(delivery.body.toString('utf8')) as { eventAt?: string }).eventAt;
			return eventAt ? Date.parse(eventAt.replace(/(\.\d{3})\d+Z$/, '$1Z')) : undefined;
		},
	};
}

function cashyScheme(target: HostileTarget, runTag: string): Scheme {
	const { apiKey, merchantId } = (target.sandbox as CashyView).options;
	const signOf = (body: Buffer, key: string) => md5(Buffer.concat([body, Buffer.from(key, 'utf8')])).toString('hex').toUpperCase();
	const headers = (sign: string, merchant = merchantId): Header[] => [JSON_TYPE, ['MerchantId', merchant], ['Sign', sign]];
	return {
		event(tag) {
			const orderNo = `PIHX${runTag}${tag}`;
			return {
				key: `${orderNo}:SUCCESS`,
				value: { orderStatus: 'SUCCESS', amount: 30000.0, fee: 900.0, mchOrderNo: `hx-${runTag}-${tag}`, merchantId, orderNo, nonceStr: `${runTag}${tag}` },
			};
		},
		sign: (body) => headers(signOf(body, apiKey)),
		signature: { header: 'Sign', decode: (value) => Buffer.from(value, 'hex'), encode: (bytes) => bytes.toString('hex').toUpperCase() },
		required: ['Sign', 'MerchantId'],
		wrongSecrets: [
			['MD5(body + random key)', (body, _atMs, rng) => headers(signOf(body, rng.bytes(10).toString('hex').toUpperCase()))],
			['MD5(key + body): wrong order', (body) => headers(md5(Buffer.concat([Buffer.from(apiKey), body])).toString('hex').toUpperCase())],
			['MD5(body) without the key', (body) => headers(md5(body).toString('hex').toUpperCase())],
			['MD5(body + merchant id)', (body) => headers(signOf(body, merchantId))],
			['MD5(body + key with one character changed)', (body, _atMs, rng) => {
				const index = rng.int(0, apiKey.length - 1);
				return headers(signOf(body, apiKey.slice(0, index) + (apiKey[index] === 'Z' ? 'Y' : 'Z') + apiKey.slice(index + 1)));
			}],
			['MD5(body + "&key=" + key)', (body) => headers(signOf(body, `&key=${apiKey}`))],
		],
		encodings: [
			['Base64 of the MD5', (hex) => Buffer.from(hex, 'hex').toString('base64')],
			['0x prefix', (hex) => `0x${hex}`],
			['first 16 digits', (hex) => hex.slice(0, 16)],
			['one extra digit', (hex) => `${hex}F`],
			['MD5= prefix', (hex) => `MD5=${hex}`],
			['hex of the hex text', (hex) => Buffer.from(hex, 'utf8').toString('hex')],
		],
		bodyCovered: true,
		// Confirm With Gateway is on by default for Cashy: a valid notification names a paid order Cashy has.
		prepareValid: async (body) => {
			const event = JSON.parse(body.toString('utf8')) as { orderNo: string; mchOrderNo: string };
			const response = await fetch(`${target.sandbox.url}/_sandbox/payins`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ orderNo: event.orderNo, mchOrderNo: event.mchOrderNo, amount: '30000.00', status: 'SUCCESS' }),
				signal: AbortSignal.timeout(10_000),
			});
			if (!response.ok) throw new Error(`seeding pay-in ${event.orderNo}: ${response.status} ${await response.text()}`);
		},
		notAnEvent: [
			['no orderStatus', (event) => without(event, 'orderStatus')],
			['numeric orderNo and no mchOrderNo', (event) => ({ ...without(event, 'mchOrderNo'), orderNo: 123456 })],
			['orderStatus null', (event) => ({ ...event, orderStatus: null })],
		],
		extra: [
			['foreign-merchant', 'MerchantId of another merchant', (body, rng) => ({ headers: headers(signOf(body, apiKey), String(Number(merchantId) + rng.int(1, 999))) })],
			['foreign-merchant', 'MerchantId with a suffix', (body) => ({ headers: headers(signOf(body, apiKey), `${merchantId}0`) })],
		],
	};
}

// ---------- the schedule ----------

export interface ScheduleOptions {
	/** Bad deliveries answered 4xx (replays not included). */
	bad: number;
	/** One valid delivery after every `validEvery` bad ones. */
	validEvery: number;
	/** Oversized bodies (each ~17 MB). */
	oversized: number;
	/** Replays: one after every `replayEvery` bad ones, of an earlier valid delivery. */
	replayEvery: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { bad: 1000, validEvery: 20, oversized: 3, replayEvery: 20 };

/** 16 MB (n8n's N8N_PAYLOAD_SIZE_MAX default) + 1 MB. */
export const OVERSIZED_BYTES = 17 * 1024 * 1024;

export interface Schedule {
	planned: Planned[];
	/** Classes of this gateway with their planned counts. */
	counts: Map<string, number>;
	/** A replay of `original` (already answered): the same bytes and headers, or the same body signed again now. */
	replay(original: Delivery, exact: boolean): Delivery;
	/** Makes a valid delivery's object exist at the gateway before it is sent (Scheme.prepareValid). */
	prepareValid?(body: Buffer): Promise<void>;
}

function schemeFor(target: HostileTarget, runTag: string, wrongKeys: string[]): Scheme {
	switch (target.key) {
		case 'ironixpay':
			return ironixScheme(target, runTag);
		case 'paykka':
			return paykkaScheme(target, runTag, wrongKeys);
		case 'pinddpay':
			return pinddpayScheme(target, runTag);
		case 'cashy':
			return cashyScheme(target, runTag);
		default:
			throw new Error(`no hostile scheme for ${target.key}`);
	}
}

const NON_JSON_BODIES: Array<[string, (rng: Prng, event: string) => Buffer]> = [
	['plain text', () => Buffer.from('payment succeeded', 'utf8')],
	['form-encoded', (_rng, event) => Buffer.from(new URLSearchParams({ payload: event }).toString(), 'utf8')],
	['XML', () => Buffer.from('<?xml version="1.0"?><event><id>1</id></event>', 'utf8')],
	['JSON with a trailing comma', (_rng, event) => Buffer.from(`${event.slice(0, -1)},}`, 'utf8')],
	['two JSON objects', (_rng, event) => Buffer.from(`${event}${event}`, 'utf8')],
	['random bytes', (rng) => rng.bytes(rng.int(1, 400))],
	['NUL bytes', (rng) => Buffer.alloc(rng.int(1, 64))],
	['single-quoted JSON', (_rng, event) => Buffer.from(event.replace(/"/g, "'"), 'utf8')],
	['JSON5 comment', (_rng, event) => Buffer.from(`// event\n${event}`, 'utf8')],
	['UTF-16 encoded JSON', (_rng, event) => Buffer.from(`\ufeff${event}`, 'utf16le')],
];

const NOT_AN_EVENT_COMMON: Array<[string, (event: Record<string, unknown>) => unknown]> = [
	['JSON array of the event', (event) => [event]],
	['empty array', () => []],
	['empty object', () => ({})],
	['null', () => null],
	['number', () => 42],
	['string', () => 'event'],
	['true', () => true],
	['event nested under "data"', (event) => ({ data: event })],
];

/**
 * No XML type: n8n 2.41.1 parses XML bodies (before the trigger runs) with one shared async xml2js
 * parser whose state breaks after a malformed document, so later XML-typed requests to any webhook
 * may never be answered or get another request's parse result (upstream; the trigger itself only
 * reads the raw bytes). Sending them would test that n8n bug, not the trigger.
 */
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'text/html', 'multipart/form-data; boundary=hx', '(none)', 'application/json; charset=bogus-8', 'application/javascript'];

/**
 * Builds the per-gateway schedule: `bad` rejected deliveries (minimum per class, the rest by
 * weight, oversized fixed), shuffled; a valid delivery after every `validEvery` bad ones and a
 * replay of an earlier valid one after every `replayEvery`.
 */
export function buildSchedule(target: HostileTarget, rng: Prng, options: ScheduleOptions = DEFAULT_SCHEDULE, wrongKeys: string[] = []): Schedule {
	const runTag = rng.seed.toString(16).padStart(8, '0');
	const scheme = schemeFor(target, runTag, wrongKeys);

	let badCounter = 0;
	const newEvent = (kind: 'v' | 'b' | 'r', index: number, atMs?: number) => scheme.event(`${kind}${String(index).padStart(5, '0')}`, rng, atMs);
	const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

	/** Class -> factory of one planned bad delivery (draws its random choices now). */
	const factories = new Map<string, { weight: number; make(index: number): () => Delivery }>();
	const add = (cls: string, weight: number, make: (index: number) => () => Delivery) => factories.set(cls, { weight, make });

	if (scheme.bodyCovered) {
		add('body-bitflip', 3, (index) => {
			const event = newEvent('b', index);
			const flips = rng.int(1, 3);
			const flipRng = new Prng(Math.floor(rng.next() * 0x100000000));
			return () => {
				const body = json(event.value);
				const headers = scheme.sign(body, Date.now());
				const mutated = flipBits(body, flipRng, flips);
				return { kind: 'bad', cls: 'body-bitflip', variant: `${flips} bit(s)`, body: mutated, headers, eventKey: event.key, expected: n8nParsesJson(mutated) ? [401] : [422] };
			};
		});
	}
	add('sig-bitflip', 3, (index) => {
		const event = newEvent('b', index);
		const flipRng = new Prng(Math.floor(rng.next() * 0x100000000));
		return () => {
			const body = json(event.value);
			const headers = scheme.sign(body, Date.now());
			const { header, decode, encode } = scheme.signature;
			const flipped = encode(flipBits(decode(headerValue(headers, header)), flipRng, 1));
			return { kind: 'bad', cls: 'sig-bitflip', variant: '1 bit', body, headers: replaceHeader(headers, header, flipped), eventKey: event.key, expected: [401] };
		};
	});
	add('wrong-secret', 3, (index) => {
		const event = newEvent('b', index);
		const [variant, make] = rng.pick(scheme.wrongSecrets);
		const keyRng = new Prng(Math.floor(rng.next() * 0x100000000));
		return () => {
			const body = json(event.value);
			return { kind: 'bad', cls: 'wrong-secret', variant, body, headers: make(body, Date.now(), keyRng), eventKey: event.key, expected: [401] };
		};
	});
	const time = scheme.time;
	if (time) {
		// Signed at a time outside the window, in the past or in the future.
		for (const [cls, sign, words] of [
			['stale-timestamp', -1, 's ago'],
			['future-timestamp', 1, 's ahead'],
		] as const) {
			add(cls, 2, (index) => {
				const offset = rng.int(360, 30 * 86400);
				return () => {
					let key = '';
					const delivery = time.shifted((atMs) => {
						const event = newEventAt(index, atMs);
						key = event.key;
						return { body: json(event.value) };
					}, sign * offset);
					return { kind: 'bad', cls, variant: `${offset} ${words}`, ...delivery, eventKey: key, expected: [401] };
				};
			});
		}
		add('malformed-timestamp', 2, (index) => {
			const [variant, make] = rng.pick(time.malformed);
			const valueRng = new Prng(Math.floor(rng.next() * 0x100000000));
			return () => {
				let key = '';
				const delivery = make((atMs) => {
					const event = newEventAt(index, atMs);
					key = event.key;
					return { body: json(event.value) };
				}, valueRng);
				return { kind: 'bad', cls: 'malformed-timestamp', variant, ...delivery, eventKey: key, expected: [401] };
			};
		});
	}
	// Events of one bad index keep their key whatever time they carry; the random choices of the event
	// (type) are drawn once, at plan time.
	const plannedEvents = new Map<number, { key: string; at: (atMs: number) => Record<string, unknown> }>();
	function newEventAt(index: number, atMs: number): { key: string; value: Record<string, unknown> } {
		const planned = plannedEvents.get(index);
		if (!planned) throw new Error(`event ${index} was not planned`);
		return { key: planned.key, value: planned.at(atMs) };
	}
	const planEventAt = (index: number) => {
		const seedForEvent = Math.floor(rng.next() * 0x100000000);
		const first = scheme.event(`b${String(index).padStart(5, '0')}`, new Prng(seedForEvent));
		plannedEvents.set(index, {
			key: first.key,
			at: (atMs) => scheme.event(`b${String(index).padStart(5, '0')}`, new Prng(seedForEvent), atMs).value,
		});
	};

	add('missing-header', 2, (index) => {
		const event = newEvent('b', index);
		const name = rng.pick(scheme.required);
		const empty = rng.next() < 0.3;
		return () => {
			const body = json(event.value);
			const signed = scheme.sign(body, Date.now());
			const headers = empty ? replaceHeader(signed, name, '') : withoutHeader(signed, name);
			return { kind: 'bad', cls: 'missing-header', variant: `${name} ${empty ? 'empty' : 'left out'}`, body, headers, eventKey: event.key, expected: [401] };
		};
	});
	add('duplicated-header', 2, (index) => {
		const event = newEvent('b', index);
		const name = rng.pick(scheme.required);
		const how = rng.pick(['valid+junk', 'junk+valid', 'valid+valid'] as const);
		const junkRng = new Prng(Math.floor(rng.next() * 0x100000000));
		return () => {
			const body = json(event.value);
			const signed = scheme.sign(body, Date.now());
			const value = headerValue(signed, name);
			const junk = name.toLowerCase().includes('timestamp') ? String(Number(value) - junkRng.int(1, 1000)) : junkRng.bytes(Math.max(4, Math.floor(value.length / 2))).toString('hex');
			const pair: [string, string] = how === 'valid+junk' ? [value, junk] : how === 'junk+valid' ? [junk, value] : [value, value];
			const headers: Header[] = [...withoutHeader(signed, name), [name, pair[0]], [name, pair[1]]];
			return { kind: 'bad', cls: 'duplicated-header', variant: `${name} ${how}`, body, headers, eventKey: event.key, expected: [401] };
		};
	});
	add('wrong-content-type', 3, (index) => {
		const event = newEvent('b', index);
		const type = rng.pick(WRONG_TYPES);
		const authenticForeign = rng.next() < 0.5;
		const [forgedVariant, forge] = rng.pick(scheme.wrongSecrets);
		const keyRng = new Prng(Math.floor(rng.next() * 0x100000000));
		return () => {
			const eventJson = JSON.stringify(event.value);
			const setType = (headers: Header[]): Header[] => (type === '(none)' ? withoutHeader(headers, 'Content-Type') : replaceHeader(headers, 'Content-Type', type));
			if (!authenticForeign) {
				// The JSON event, a wrong label and a signature that does not verify.
				const body = Buffer.from(eventJson, 'utf8');
				const headers = setType(forge(body, Date.now(), keyRng));
				const expected = type.startsWith('multipart/') ? [400] : type.includes('charset=bogus') ? [422] : [401];
				return { kind: 'bad', cls: 'wrong-content-type', variant: `${type}, JSON body, ${forgedVariant}`, body, headers, eventKey: event.key, expected };
			}
			// A correctly signed body in the format the wrong type announces: authentic bytes, but no event of the gateway.
			let body: Buffer;
			let expected: number[];
			if (type === 'application/x-www-form-urlencoded') {
				body = Buffer.from(new URLSearchParams(Object.entries(event.value).map(([name, value]): [string, string] => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)])).toString(), 'utf8');
				expected = [400];
			} else if (type.startsWith('multipart/')) {
				body = Buffer.from(`--hx\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${eventJson}\r\n--hx--\r\n`, 'utf8');
				// n8n parses multipart itself and keeps no raw body: nothing to verify, 401.
				expected = [401];
			} else if (type.includes('charset=bogus')) {
				body = Buffer.from(eventJson, 'utf8');
				expected = [422];
			} else {
				body = Buffer.from(`event=${eventJson}`, 'utf8');
				expected = [400];
			}
			const headers = setType(scheme.sign(body, Date.now()));
			return { kind: 'bad', cls: 'wrong-content-type', variant: `${type}, correctly signed ${type.includes('charset=bogus') ? 'JSON event in an unknown charset' : 'body in that format'}`, body, headers, eventKey: event.key, expected };
		};
	});
	add('signed-non-json', 2, (index) => {
		const event = newEvent('b', index);
		const [variant, make] = rng.pick(NON_JSON_BODIES);
		const bodyRng = new Prng(Math.floor(rng.next() * 0x100000000));
		const asJson = rng.next() < 0.6;
		return () => {
			const body = make(bodyRng, JSON.stringify(event.value));
			const signed = scheme.sign(body, Date.now());
			const headers = asJson ? signed : replaceHeader(signed, 'Content-Type', 'text/plain');
			// n8n rejects unparsable application/json before the trigger; as text/plain the trigger verifies, then refuses to parse.
			const expected = asJson ? (n8nParsesJson(body) ? [400] : [422]) : body.length === 0 ? [401] : [400];
			return { kind: 'bad', cls: 'signed-non-json', variant: `${variant} as ${asJson ? 'application/json' : 'text/plain'}`, body, headers, eventKey: event.key, expected };
		};
	});
	add('signed-not-an-event', 2, (index) => {
		const event = newEvent('b', index);
		const [variant, mutate] = rng.pick([...NOT_AN_EVENT_COMMON, ...scheme.notAnEvent]);
		return () => {
			const value = mutate(event.value);
			const body = json(value);
			const timeless =
				scheme.bodyTimeField !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>)[scheme.bodyTimeField] !== 'string';
			return { kind: 'bad', cls: 'signed-not-an-event', variant, body, headers: scheme.sign(body, Date.now()), eventKey: event.key, expected: timeless ? [401] : [400] };
		};
	});
	add('empty-body', 1, () => {
		const typed = rng.next() < 0.5;
		return () => {
			const body = Buffer.alloc(0);
			const signed = scheme.sign(body, Date.now());
			return { kind: 'bad', cls: 'empty-body', variant: typed ? 'application/json' : 'no content type', body, headers: typed ? signed : withoutHeader(signed, 'Content-Type'), expected: [401] };
		};
	});
	add('truncated-body', 2, (index) => {
		const event = newEvent('b', index);
		const fraction = rng.next();
		const asJson = rng.next() < 0.5;
		return () => {
			const full = json(event.value);
			const signed = scheme.sign(full, Date.now());
			const body = full.subarray(0, Math.max(1, Math.floor(fraction * (full.length - 1))));
			const headers = asJson ? signed : replaceHeader(signed, 'Content-Type', 'text/plain');
			const expected = asJson ? [422] : scheme.bodyCovered ? [401] : [400];
			return { kind: 'bad', cls: 'truncated-body', variant: `${body.length}/${full.length} bytes as ${asJson ? 'application/json' : 'text/plain'}`, body, headers, eventKey: event.key, expected };
		};
	});
	add('sig-encoding', 2, (index) => {
		const event = newEvent('b', index);
		const order = rng.shuffle([...scheme.encodings]);
		return () => {
			const body = json(event.value);
			const signed = scheme.sign(body, Date.now());
			const correct = headerValue(signed, scheme.signature.header);
			for (const [variant, make] of order) {
				const wrong = make(correct);
				if (wrong !== undefined && wrong !== correct) {
					return { kind: 'bad', cls: 'sig-encoding', variant, body, headers: replaceHeader(signed, scheme.signature.header, wrong), eventKey: event.key, expected: [401] };
				}
			}
			throw new Error('no wrong encoding applies');
		};
	});
	const extraClasses = new Map<string, Array<[string, Scheme['extra'][number][2]]>>();
	for (const [cls, variant, make] of scheme.extra) extraClasses.set(cls, [...(extraClasses.get(cls) ?? []), [variant, make]]);
	for (const [cls, variants] of extraClasses) {
		add(cls, 2, (index) => {
			const event = newEvent('b', index);
			const [variant, build] = rng.pick(variants);
			const extraRng = new Prng(Math.floor(rng.next() * 0x100000000));
			return () => {
				const body = json(event.value);
				const made = build(body, extraRng);
				return { kind: 'bad', cls, variant, body: made.body ?? body, headers: made.headers, eventKey: event.key, expected: [401] };
			};
		});
	}

	// Counts: oversized fixed, at least `minimum` of every other class, the rest by weight.
	const counts = new Map<string, number>();
	const classes = [...factories.keys()];
	const remaining = options.bad - options.oversized;
	const minimum = Math.min(20, Math.floor(remaining / classes.length));
	for (const cls of classes) counts.set(cls, minimum);
	const totalWeight = classes.reduce((sum, cls) => sum + (factories.get(cls)?.weight ?? 0), 0);
	let left = remaining - minimum * classes.length;
	while (left > 0) {
		let pickAt = rng.next() * totalWeight;
		for (const cls of classes) {
			pickAt -= factories.get(cls)?.weight ?? 0;
			if (pickAt < 0) {
				counts.set(cls, (counts.get(cls) ?? 0) + 1);
				break;
			}
		}
		left--;
	}
	if (options.oversized > 0) counts.set('oversized', options.oversized);

	const bad: Array<{ cls: string; build: () => Delivery }> = [];
	for (const [cls, count] of counts) {
		for (let n = 0; n < count; n++) {
			const index = badCounter++;
			planEventAt(index);
			if (cls === 'oversized') {
				const event = newEvent('b', index);
				bad.push({
					cls,
					build: () => {
						const padding = 'x'.repeat(OVERSIZED_BYTES);
						const body = Buffer.from(JSON.stringify({ ...event.value, padding }), 'utf8');
						return { kind: 'bad', cls, variant: `${(body.length / 1024 / 1024).toFixed(1)} MB, correctly signed`, body, headers: scheme.sign(body, Date.now()), eventKey: event.key, expected: [413] };
					},
				});
				continue;
			}
			const factory = factories.get(cls);
			if (!factory) throw new Error(`no factory for ${cls}`);
			bad.push({ cls, build: factory.make(index) });
		}
	}
	rng.shuffle(bad);

	const planned: Planned[] = [];
	const validSeqs: number[] = [];
	let validIndex = 0;
	let replayIndex = 0;
	const pushValid = () => {
		const event = newEvent('v', validIndex++);
		const seq = planned.length;
		validSeqs.push(seq);
		planned.push({
			seq,
			kind: 'valid',
			cls: 'valid',
			build: () => {
				const body = json(event.value);
				return { kind: 'valid', cls: 'valid', variant: 'freshly signed', body, headers: scheme.sign(body, Date.now()), eventKey: event.key, expected: [target.ackStatus] };
			},
		});
	};
	for (let position = 0; position < bad.length; position++) {
		const entry = bad[position];
		planned.push({ seq: planned.length, kind: 'bad', cls: entry.cls, build: entry.build });
		if ((position + 1) % options.validEvery === 0) pushValid();
		// Replays start once a few valid deliveries have been sent, and replay one at least 2 valid ones back.
		if ((position + 1 + Math.floor(options.replayEvery / 2)) % options.replayEvery === 0 && validSeqs.length >= 3) {
			const original = validSeqs[rng.int(0, validSeqs.length - 3)];
			const exact = replayIndex++ % 2 === 0;
			planned.push({ seq: planned.length, kind: 'replay', cls: exact ? 'replay-exact' : 'replay-resigned', replayOf: original, build: () => { throw new Error('replays are built from their original'); } });
		}
	}
	const replay = (original: Delivery, exact: boolean): Delivery => replayWith(scheme, target, original, exact);
	return { planned, counts, replay, prepareValid: scheme.prepareValid };
}

function replayWith(scheme: Scheme, target: HostileTarget, original: Delivery, exact: boolean): Delivery {
	if (!exact) {
		return { kind: 'replay', cls: 'replay-resigned', variant: 'same body, signed again now', body: original.body, headers: scheme.sign(original.body, Date.now()), eventKey: original.eventKey, expected: [target.ackStatus] };
	}
	// The exact copy is acknowledged while its signed time is inside the 300 s window (20 s margin either side).
	const signedAt = scheme.signedAtMs?.(original);
	const age = signedAt === undefined ? 0 : (Date.now() - signedAt) / 1000;
	const expected = age < 280 ? [target.ackStatus] : age > 320 ? [401] : [target.ackStatus, 401];
	return { kind: 'replay', cls: 'replay-exact', variant: `byte-for-byte copy, signed ${Math.round(age)} s before`, body: original.body, headers: original.headers, eventKey: original.eventKey, expected };
}

/** Random RSA keys for the PayKKa wrong-key class (generated once: key generation is slow). */
export function wrongRsaKeys(count: number): string[] {
	return Array.from({ length: count }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
}

// ---------- sending ----------

export interface Answer {
	/** HTTP status, or 0 when the connection failed without an answer. */
	status: number;
	contentType?: string;
	body: string;
	error?: string;
	ms: number;
}

/** POST with exactly these headers (duplicates kept), a fresh connection each, bounded by `timeoutMs`. */
export async function post(url: string, body: Buffer, headers: Header[], timeoutMs = 60_000): Promise<Answer> {
	const target = new URL(url);
	const raw: string[] = ['Host', target.host, 'Content-Length', String(body.length), 'Connection', 'close'];
	for (const [name, value] of headers) raw.push(name, value);
	const started = Date.now();
	return await new Promise<Answer>((resolve) => {
		let settled = false;
		const done = (answer: Omit<Answer, 'ms'>) => {
			if (settled) return;
			settled = true;
			resolve({ ...answer, ms: Date.now() - started });
		};
		const request = http.request(
			{ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'POST', headers: raw, agent: false, timeout: timeoutMs },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => done({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8').slice(0, 500) }));
				response.on('error', (error) => done({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8').slice(0, 500), error: error.message }));
			},
		);
		request.on('timeout', () => {
			request.destroy(new Error(`no answer within ${timeoutMs} ms`));
		});
		// The server may answer (and close) before a large body is fully written: keep the answer, not the write error.
		request.on('error', (error) => setTimeout(() => done({ status: 0, body: '', error: error.message }), 200));
		request.end(body);
	});
}

export interface Outcome {
	seq: number;
	delivery: Delivery;
	answer: Answer;
}

/**
 * Sends the schedule with at most `concurrency` requests in flight, in order of seq; a replay
 * waits for its original's answer. Oversized deliveries are built just before they are sent.
 */
export async function sendSchedule(
	target: HostileTarget,
	schedule: Schedule,
	options: { concurrency: number; onProgress?: (done: number, total: number) => void },
): Promise<Outcome[]> {
	const outcomes: Outcome[] = new Array<Outcome>(schedule.planned.length);
	const answered = new Map<number, Promise<Outcome>>();
	const resolvers = new Map<number, (outcome: Outcome) => void>();
	for (const planned of schedule.planned) answered.set(planned.seq, new Promise<Outcome>((resolve) => resolvers.set(planned.seq, resolve)));
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < schedule.planned.length) {
			const planned = schedule.planned[next++];
			let delivery: Delivery;
			if (planned.kind === 'replay') {
				const original = await (answered.get(planned.replayOf ?? -1) ?? Promise.reject(new Error(`replay of unknown ${String(planned.replayOf)}`)));
				delivery = schedule.replay(original.delivery, planned.cls === 'replay-exact');
			} else {
				delivery = planned.build();
				if (delivery.kind === 'valid') await schedule.prepareValid?.(delivery.body);
			}
			const answer = await post(target.url, delivery.body, delivery.headers);
			// Keep memory small: oversized bodies are not needed after sending.
			const kept: Delivery = delivery.body.length > 1024 * 1024 ? { ...delivery, body: delivery.body.subarray(0, 256) } : delivery;
			const outcome = { seq: planned.seq, delivery: kept, answer };
			outcomes[planned.seq] = outcome;
			resolvers.get(planned.seq)?.(outcome);
			done++;
			options.onProgress?.(done, schedule.planned.length);
		}
	};
	await Promise.all(Array.from({ length: options.concurrency }, async () => await worker()));
	return outcomes;
}

/** `class -> count -> statuses seen` lines for the log. */
export function outcomeTable(outcomes: Outcome[]): string {
	const rows = new Map<string, { count: number; statuses: Map<number, number>; expected: Set<number>; ms: number }>();
	for (const { delivery, answer } of outcomes) {
		const row = rows.get(delivery.cls) ?? { count: 0, statuses: new Map<number, number>(), expected: new Set<number>(), ms: 0 };
		row.count++;
		row.ms += answer.ms;
		row.statuses.set(answer.status, (row.statuses.get(answer.status) ?? 0) + 1);
		for (const status of delivery.expected) row.expected.add(status);
		rows.set(delivery.cls, row);
	}
	const order = (cls: string) => (cls === 'valid' ? 0 : cls.startsWith('replay') ? 2 : 1);
	return [...rows.entries()]
		.sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
		.map(([cls, row]) => {
			const seen = [...row.statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status === 0 ? 'no answer' : status} x${count}`).join(', ');
			return `  ${cls.padEnd(22)} ${String(row.count).padStart(5)}   seen: ${seen.padEnd(28)} allowed: ${[...row.expected].sort().join('/')}   avg ${Math.round(row.ms / row.count)} ms`;
		})
		.join('\n');
}
