/** Reading request bodies the way the sandbox's API validates them (JSON numbers kept as text). */
import { currencyDecimals } from './constants';
import { integerOf, JsonNumber, type JsonValue } from './json';
import { toMinor, type Money } from './money';
import { badRequest } from './state';

export type Body = { [key: string]: JsonValue };

export function objectField(body: Body, field: string, required: boolean): Body | undefined {
	const value = body[field];
	if (value === undefined || value === null) {
		if (required) throw badRequest(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'object' || Array.isArray(value) || value instanceof JsonNumber) {
		throw badRequest(`${field} must be an object`);
	}
	return value;
}

export function stringField(body: Body, field: string, label: string, required: boolean): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		if (required) throw badRequest(`${label} is required`);
		return undefined;
	}
	if (typeof value !== 'string') throw badRequest(`${label} must be a string`);
	return value.trim();
}

export function urlField(body: Body, field: string, label: string, required: boolean): string | undefined {
	const value = stringField(body, field, label, required);
	if (value === undefined) return undefined;
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw badRequest(`${label} must be a valid URL`);
}

/** A whole JSON number of at least `min` (quantities, cycles). */
export function integerField(body: Body, field: string, label: string, fallback?: number, min = 1): number {
	const raw = body[field];
	const value = raw === undefined || raw === null ? fallback : integerOf(raw);
	if (value === undefined || value < min) throw badRequest(`${label} must be an integer of at least ${min}`);
	return value;
}

export function currencyField(body: Body, field: string, label: string): { currency: string; exponent: number } {
	const currency = stringField(body, field, label, true)!.toUpperCase();
	const exponent = currencyDecimals(currency);
	if (exponent === undefined) throw badRequest(`${label} "${currency}" is not supported`);
	return { currency, exponent };
}

/**
 * A JSON number in major units (`"amount": 1.99` in Create order session, http://docs.pinddpay.com/
 * › Payin, and in Create a payout, http://docs.pinddpay.com/346239672e0), read from its exact text
 * in the body: a string, an exponent or a float's rounding never pass.
 */
export function amountField(body: Body, field: string, label: string, currency: { currency: string; exponent: number }): Money {
	const value = body[field];
	if (value === undefined || value === null) throw badRequest(`${label} is required`);
	if (!(value instanceof JsonNumber)) throw badRequest(`${label} must be a number`);
	if (!/^-?\d+(\.\d+)?$/.test(value.text)) throw badRequest(`${label} ${value.text} must be a plain decimal number`);
	if (value.text.startsWith('-')) throw badRequest(`${label} must be greater than 0`);
	const minor = toMinor(value.text, currency.exponent);
	if (minor === undefined) {
		throw badRequest(`${label} ${value.text} has more than ${currency.exponent} decimals for ${currency.currency}`);
	}
	if (minor <= 0n) throw badRequest(`${label} must be greater than 0`);
	return { minor, ...currency };
}

export function stringRecord(value: Body | undefined, fields: string[], prefix: string): Record<string, string> {
	const record: Record<string, string> = {};
	if (!value) return record;
	for (const field of fields) {
		const text = stringField(value, field, `${prefix}.${field}`, false);
		if (text !== undefined) record[field] = text;
	}
	return record;
}
