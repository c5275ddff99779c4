/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Generator of hostile webhook deliveries for the real-n8n hostile-input suite
 * (hostile.e2e.test.ts): per gateway, a seeded, reproducible schedule of bad deliveries from
 * every mutation class that applies to the gateway's signature scheme, with freshly signed valid
 * deliveries and replays interleaved, and a bounded-concurrency sender over real HTTP (node's
 * http.request with a raw header list, so a header can be sent twice: fetch would merge it).
 *
 * Each gateway's signing scheme (how it signs, its wrong keys and encodings, its time handling) is
 * the `hostile` part of its descriptor (test/gateways/<gateway>.ts); this file names no gateway.
 *
 * Every delivery carries the exact statuses it may get, derived from what n8n 2.41.1 and the
 * trigger do with it (see CLASS_NOTES); the suite asserts them one by one.
 */
import { generateKeyPairSync } from 'crypto';
import * as http from 'http';

import { GATEWAY_DESCRIPTORS, descriptorOf, type HostileTarget, type Scheme } from '../gateways';
import { Prng, headerValue, type Header } from '../gateways/hostile-kit';

export { Prng };
export type { Header, HostileTarget };

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
	'signed-not-an-event': 'correctly signed JSON that is not an event of the gateway (array, scalar, missing/mistyped key fields): 400 (401 when the scheme authenticates a time field of the body, Scheme.bodyTimeField, and the object lacks it)',
	'empty-body': 'empty body with an otherwise valid signature: 401',
	'truncated-body': 'signed over the whole body, a prefix sent: 422 (application/json) or 401 (text/plain; 400 when the signature does not cover the body, Scheme.bodyCovered false)',
	'sig-encoding': 'the right signature in a wrong encoding or format (base64 for hex, prefixes, truncated, double URL-encoded...): 401',
	'signed-parts-mismatch': 'signature valid for other signed parts (timestamp/nonce/path/method) than the ones sent: 401',
	'foreign-merchant': 'valid Sign, MerchantId header of another merchant: 401',
	oversized: 'correctly signed body over n8n\'s 16 MB payload limit: expected 413',
	'replay-exact': 'an already delivered valid delivery again, byte for byte (same headers): ack, no execution (401 once its signed time left the window)',
	'replay-resigned': 'an already delivered event body signed again now (a gateway resend): ack, no execution',
};

/** Classes that do not apply to a gateway, and why (printed with the table): each descriptor's `hostile.notApplicable`. */
export const NOT_APPLICABLE: Record<string, Record<string, string>> = Object.fromEntries(
	GATEWAY_DESCRIPTORS.map((descriptor) => [descriptor.demo.key, descriptor.hostile.notApplicable]),
);

// ---------- encodings and bit flips ----------


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

/** One gateway's planning state: its scheme, the run's PRNG and the events planned so far. */
interface PlanContext {
	target: HostileTarget;
	scheme: Scheme;
	rng: Prng;
	/** Registers a bad-delivery class: `make(index)` draws the delivery's random choices now and returns its builder. */
	add(cls: string, weight: number, make: (index: number) => () => Delivery): void;
	/** A new event (`v`alid, `b`ad, `r`eplay) numbered `index`; its random choices are drawn now. */
	newEvent(kind: 'v' | 'b' | 'r', index: number, atMs?: number): { key: string; value: Record<string, unknown> };
	/** Bad event `index` at another time, same key (planEventAt(index) must have run). */
	newEventAt(index: number, atMs: number): { key: string; value: Record<string, unknown> };
	/** Draws the random choices of bad event `index` once, whatever time it will carry. */
	planEventAt(index: number): void;
}

/** Class -> factory of one planned bad delivery (draws its random choices now). */
type ClassFactories = Map<string, { weight: number; make(index: number): () => Delivery }>;

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

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
 * replay of an earlier valid one after every `replayEvery`. Every random choice is drawn here,
 * in this order, so one seed gives the same schedule.
 */
export function buildSchedule(target: HostileTarget, rng: Prng, options: ScheduleOptions = DEFAULT_SCHEDULE, wrongKeys: string[] = []): Schedule {
	const runTag = rng.seed.toString(16).padStart(8, '0');
	const scheme = descriptorOf(target.key).hostile.scheme(target, runTag, wrongKeys);
	const factories: ClassFactories = new Map();
	const context = planContext(target, scheme, rng, factories);
	addSignatureClasses(context);
	addTimeClasses(context);
	addHeaderClasses(context);
	addBodyClasses(context);
	addSchemeClasses(context);
	const counts = classCounts(factories, rng, options);
	const bad = planBadDeliveries(context, factories, counts);
	const planned = interleaveValidAndReplays(context, bad, options);
	const replay = (original: Delivery, exact: boolean): Delivery => replayWith(scheme, target, original, exact);
	return { planned, counts, replay, prepareValid: scheme.prepareValid };
}

function planContext(target: HostileTarget, scheme: Scheme, rng: Prng, factories: ClassFactories): PlanContext {
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

	return {
		target,
		scheme,
		rng,
		add: (cls, weight, make) => factories.set(cls, { weight, make }),
		newEvent: (kind, index, atMs) => scheme.event(`${kind}${String(index).padStart(5, '0')}`, rng, atMs),
		newEventAt,
		planEventAt,
	};
}

/** The signature itself: body bits flipped under it (when it covers the body), its bits flipped, a wrong key. */
function addSignatureClasses({ scheme, rng, add, newEvent }: PlanContext): void {
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
}

/** Signed times outside the window or malformed, when the scheme has a signed or checked time. */
function addTimeClasses({ scheme, rng, add, newEventAt }: PlanContext): void {
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
}

/** Required headers left out, empty or sent twice. */
function addHeaderClasses({ scheme, rng, add, newEvent }: PlanContext): void {
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
}

/** Bodies that are not the gateway's event: wrong content types, non-JSON, not an event, empty, truncated. */
function addBodyClasses({ scheme, rng, add, newEvent }: PlanContext): void {
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
}

/** The scheme's own variants: wrong encodings of the right signature, and its extra classes. */
function addSchemeClasses({ scheme, rng, add, newEvent }: PlanContext): void {
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
}

/** Counts: oversized fixed, at least `minimum` of every other class, the rest by weight. */
function classCounts(factories: ClassFactories, rng: Prng, options: ScheduleOptions): Map<string, number> {
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
	return counts;
}

/** The bad deliveries, `count` per class in class order (each event planned first), then shuffled. */
function planBadDeliveries({ scheme, rng, newEvent, planEventAt }: PlanContext, factories: ClassFactories, counts: Map<string, number>): Array<{ cls: string; build: () => Delivery }> {
	let badCounter = 0;
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
	return bad;
}

/** The bad deliveries in order, a valid one after every `validEvery` and a replay of an earlier valid one after every `replayEvery`. */
function interleaveValidAndReplays({ target, scheme, rng, newEvent }: PlanContext, bad: Array<{ cls: string; build: () => Delivery }>, options: ScheduleOptions): Planned[] {
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
	return planned;
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

/** Random RSA private keys (PEM) for the wrong-key classes of RSA schemes (generated once: key generation is slow). */
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
