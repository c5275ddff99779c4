/** Item parameters read and checked before anything is sent: references, currency, amount, whole numbers, countries, optional fields, endpoint paths. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { JsonDecimal } from '../../shared/decimalJson';
import { currencyExponent, MoneyError } from '../../shared/money';
import { checkPattern, decimalAmount, inputError, requiredString } from '../../shared/validation';

/** Merchant order numbers and Pinddpay ids: visible ASCII, as Pinddpay echoes them back. [ASSUMPTION on the limit] */
const REFERENCE_PATTERN = /^[\x21-\x7e]{1,64}$/;

/** A required reference (order number or id) of 1-64 visible ASCII characters. */
export function referenceParameter(context: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	return checkPattern(
		context,
		itemIndex,
		field,
		requiredString(context, name, itemIndex, field),
		REFERENCE_PATTERN,
		'must be 1-64 visible ASCII characters without spaces',
	);
}

/** An ISO 4217 code, upper-cased, that the money helpers know the exponent of. */
export function currencyParameter(context: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const currency = requiredString(context, name, itemIndex, field).toUpperCase();
	try {
		currencyExponent(currency);
	} catch (error) {
		throw inputError(context, itemIndex, field, (error as MoneyError).message);
	}
	return currency;
}

/**
 * A decimal amount validated against the currency's exponent, to be written into the JSON body
 * as a number with exactly these digits (Pinddpay takes amounts as JSON numbers in major units).
 */
export function amountParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	currency: string,
): JsonDecimal {
	const { text } = decimalAmount(context, itemIndex, field, context.getNodeParameter(name, itemIndex), {
		exponent: currencyExponent(currency),
	});
	return new JsonDecimal(text);
}

/** Optional collection fields as trimmed strings; empty ones are left out. */
export function presentStrings(collection: IDataObject, fields: string[]): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) {
		const value = collection[field];
		if (value === undefined || value === null) continue;
		const text = String(value).trim();
		if (text !== '') result[field] = text;
	}
	return result;
}

/** Upper-cases and checks the `country` member of `fields` in place (ISO 3166 alpha-2). */
export function normalizeCountry(context: IExecuteFunctions, itemIndex: number, field: string, fields: IDataObject): void {
	if (fields.country === undefined) return;
	fields.country = checkPattern(
		context,
		itemIndex,
		field,
		String(fields.country).toUpperCase(),
		/^[A-Z]{2}$/,
		'must be an ISO 3166 alpha-2 code such as US',
	);
}

export function positiveInteger(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
		throw inputError(context, itemIndex, field, 'must be a whole number of at least 1');
	}
	return number;
}

/** A configurable endpoint path (for the endpoints Pinddpay does not document publicly). */
export function pathOption(context: IExecuteFunctions, itemIndex: number, fallback: string): string {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const path = typeof options.path === 'string' && options.path.trim() !== '' ? options.path.trim() : fallback;
	return checkPattern(context, itemIndex, 'Endpoint Path', path, /^\/[A-Za-z0-9/_.-]*$/, 'must be a path such as /api/payout/balance');
}
