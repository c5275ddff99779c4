/**
 * Reading request input the way IronixPay's typed DTOs (serde + validator) do: exact decimal
 * strings, enum aliases, URLs, pagination and header values.
 */
import { formatDecimal, parseDecimal } from '../shared/decimal';
import { MICRO, NETWORKS, SANDBOX_NETWORKS, TOKENS } from './constants';
import { invalid } from './errors';

export type Body = Record<string, unknown>;

/** Micro-units as the shortest decimal text ("10.5", "1"), like rust_decimal's normalize(). */
export const formatMicro = (micro: bigint): string => formatDecimal(micro, MICRO);

/**
 * A decimal string with at most `decimals` places, as micro-units. IronixPay compares the
 * decimal's scale, so "10.500" has 3 places even though its value has 1.
 */
export function parseAmount(value: unknown, param: string, decimals: number): bigint {
	if (typeof value !== 'string') {
		throw invalid(`Invalid request body: ${param}: invalid type: ${describe(value)}, expected a decimal string`);
	}
	const places = decimals === 0 ? '' : `(?:\\.\\d{1,${decimals}})?`;
	const micro = new RegExp(`^\\d+${places}$`).test(value) ? parseDecimal(value, MICRO) : undefined;
	if (micro === undefined) {
		throw invalid(`Invalid ${param}: "${value}" must be a decimal string with at most ${decimals} decimal places`, param);
	}
	return micro;
}

/** A plain decimal with up to 6 places (test controls: payments, balances). */
export function parseMicro(value: unknown, param: string): bigint {
	return parseAmount(value, param, MICRO);
}

/** serde's words for a JSON value's type, used in its "invalid type" messages. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'number') return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
	return typeof value === 'object' ? (Array.isArray(value) ? 'sequence' : 'map') : typeof value;
}

export function requireField(body: Body, field: string): unknown {
	if (body[field] === undefined || body[field] === null) throw invalid(`Invalid request body: missing field \`${field}\``);
	return body[field];
}

/** An optional string; `maxChars` counts characters (code points), as Rust's validator does. */
export function optionalString(body: Body, field: string, maxChars: number): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') {
		throw invalid(`Invalid request body: ${field}: invalid type: ${describe(value)}, expected a string`);
	}
	if ([...value].length > maxChars) throw invalid(`${field} must be at most ${maxChars} characters`, field);
	return value;
}

/** Network enum with serde aliases (`TRON`, `Tron`, `tron`); the sandbox instance enables TRON only. */
export function parseNetwork(value: unknown): string {
	if (typeof value !== 'string') throw invalid(`Invalid request body: network: invalid type: ${describe(value)}, expected a network`);
	const network = NETWORKS.find(
		(name) => value === name || value === name.toLowerCase() || value === name[0] + name.slice(1).toLowerCase(),
	);
	if (!network) {
		throw invalid(`Invalid request body: network: unknown variant \`${value}\`, expected one of ${NETWORKS.map((n) => `\`${n}\``).join(', ')}`);
	}
	if (!SANDBOX_NETWORKS.includes(network)) {
		throw invalid(`Network ${network} is not enabled on this instance (sandbox supports TRON only)`, 'network');
	}
	return network;
}

/** USDT only: USDC is rejected on TRON and in the sandbox. */
export function parseToken(value: unknown, network: string): string {
	if (typeof value !== 'string' || !TOKENS.includes(value.toUpperCase())) {
		throw invalid(`Unsupported currency ${JSON.stringify(value)}; expected USDT or USDC`, 'currency');
	}
	const token = value.toUpperCase();
	if (token === 'USDC') throw invalid(`USDC is not supported on ${network} in sandbox; use USDT`, 'currency');
	return token;
}

export function parseUrl(value: string | undefined, field: string): string | undefined {
	if (value === undefined) return undefined;
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw invalid(`${field} must be a valid URL`, field);
}

/** `page` (>= 1, default 1) and `page_size` (1-100, default 20). */
export function pageParams(query: URLSearchParams): { page: number; pageSize: number } {
	const read = (name: string, fallback: number, max: number) => {
		const raw = query.get(name);
		if (raw === null) return fallback;
		const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
		if (!(value >= 1 && value <= max)) throw invalid(`${name} must be an integer between 1 and ${max}`, name);
		return value;
	};
	return { page: read('page', 1, Number.MAX_SAFE_INTEGER), pageSize: read('page_size', 20, 100) };
}

export function paginate<T>(items: T[], page: number, pageSize: number): T[] {
	return items.slice((page - 1) * pageSize, page * pageSize);
}

export function parseDateParam(query: URLSearchParams, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === null) return undefined;
	const time = Date.parse(raw);
	if (Number.isNaN(time)) throw invalid(`${name} must be an ISO-8601 date-time`, name);
	return time;
}

/** Serde-style JSON with sorted keys, so the idempotency hash ignores key order and whitespace. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Body)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** The fields a typed DTO keeps; unknown and null ones are dropped. */
export function pick(body: Body, fields: string[]): Body {
	return Object.fromEntries(fields.filter((field) => body[field] !== undefined && body[field] !== null).map((field) => [field, body[field]]));
}

/**
 * A header as IronixPay's `HeaderValue::to_str().ok()` reads it: a value holding anything but
 * visible ASCII, space or tab yields nothing, as if the header were absent
 * (https://github.com/Vincentkovsky/ironixpay-core, backend/src/api/routes/checkout.rs, payouts.rs,
 * middleware/sub_merchant.rs). Node hands header bytes over as latin-1 characters.
 */
export function readableHeader(value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	return /^[\t\x20-\x7e]*$/.test(value) ? value : undefined;
}
