/**
 * Request field rules of Cashy's tables, answered the way Cashy names failures: `Params_xxx_Required`
 * and `Params_xxx_error` ("Common Error Messages"). Types follow the tables: string(n) fields must be
 * JSON strings, decimal amounts JSON numbers (read from the raw text), int fields integers.
 */
import { parseDecimal } from '../shared/decimal';
import { AMOUNT_DECIMALS, AMOUNT_MAX, AMOUNT_MIN, DEFAULT_MAX_LENGTH, MAX_LENGTHS, type Bank } from './constants';

/** A Cashy business failure: HTTP 200, `{code: 500, msg: key, data: null}`. */
export class CashyFailure extends Error {
	constructor(readonly msg: string) {
		super(msg);
	}
}

export type Body = Record<string, unknown>;

/** A parsed API request: the JSON body and the raw text of each of its top-level members. */
export interface ApiRequest {
	body: Body;
	raw: Map<string, string>;
}

const missing = (value: unknown) => value === undefined || value === null || value === '';

export function present(body: Body, field: string): boolean {
	return !missing(body[field]);
}

export function requiredText(body: Body, field: string): string {
	if (!present(body, field)) throw new CashyFailure(`Params_${field}_Required`);
	return optionalText(body, field) as string;
}

/** A string(n) field: a JSON string of at most n characters (32 unless the table says otherwise). */
export function optionalText(body: Body, field: string): string | undefined {
	if (!present(body, field)) return undefined;
	const value = body[field];
	if (typeof value !== 'string' || value.length > (MAX_LENGTHS[field] ?? DEFAULT_MAX_LENGTH)) {
		throw new CashyFailure(`Params_${field}_error`);
	}
	return value;
}

/** int/long fields: a JSON integer, or digits in a string (the docs' examples show both, e.g. "accountType":"0"). */
export function requiredInt(body: Body, field: string, maxDigits = 9): number {
	if (!present(body, field)) throw new CashyFailure(`Params_${field}_Required`);
	const value = body[field];
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value : '';
	if (!new RegExp(`^\\d{1,${maxDigits}}$`).test(text)) throw new CashyFailure(`Params_${field}_error`);
	return Number(text);
}

/**
 * `amount`, decimal(20,2): a JSON number read digit by digit from the raw body (`10000.00`), never
 * a float; a string (`"10000.00"`) is refused like any other value of the wrong type.
 */
export function requiredAmount(request: ApiRequest): bigint {
	const raw = request.raw.get('amount');
	if (raw === undefined || raw === 'null' || raw === '""') throw new CashyFailure('Params_amount_Required');
	if (!/^\d{1,18}(\.\d+)?$/.test(raw)) throw new CashyFailure('Params_amount_error');
	const minor = parseDecimal(raw, AMOUNT_DECIMALS);
	if (minor === undefined || minor < AMOUNT_MIN || minor > AMOUNT_MAX) throw new CashyFailure('Params_amount_error');
	return minor;
}

export function requiredUrl(body: Body, field: string): string {
	const text = requiredText(body, field);
	try {
		const url = new URL(text);
		if (url.protocol === 'http:' || url.protocol === 'https:') return text;
	} catch {
		// reported below
	}
	throw new CashyFailure(`Params_${field}_error`);
}

export function oneOf(body: Body, field: string, allowed: string[], required = true): string | undefined {
	const value = required ? requiredText(body, field) : optionalText(body, field);
	if (value !== undefined && !allowed.includes(value)) throw new CashyFailure(`Params_${field}_error`);
	return value;
}

export function requiredEmail(body: Body, field: string, required: boolean): string | undefined {
	const value = required ? requiredText(body, field) : optionalText(body, field);
	if (value !== undefined && !/^[^\s@]+@[^\s@]+$/.test(value)) throw new CashyFailure(`Params_${field}_error`);
	return value;
}

export function bankFrom(list: Bank[], body: Body): number {
	const id = requiredInt(body, 'bankId');
	if (!list.some((entry) => entry.bankId === id)) throw new CashyFailure('Params_bankId_error');
	return id;
}
