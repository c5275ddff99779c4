import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { JsonDecimal } from '../../shared/decimalJson';
import { currencyExponent, MoneyError } from '../../shared/money';
import { checkPattern, decimalAmount, inputError, requiredString } from '../../shared/validation';
import { CREDENTIAL_TYPE } from '../constants';

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

export function checkEmail(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): void {
	if (value === undefined) return;
	checkPattern(context, itemIndex, field, String(value), /^[^\s@]+@[^\s@]+$/, 'is not an email address');
}

export function positiveInteger(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
		throw inputError(context, itemIndex, field, 'must be a whole number of at least 1');
	}
	return number;
}

/** The App ID of the credential, or its access key (what Pinddpay's PHP client sends as appid). */
export async function appId(context: IExecuteFunctions): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const configured = String(credentials.appId ?? '').trim();
	return configured !== '' ? configured : String(credentials.accessKey ?? '');
}

/** A configurable endpoint path (for the endpoints Pinddpay does not document publicly). */
export function pathOption(context: IExecuteFunctions, itemIndex: number, fallback: string): string {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const path = typeof options.path === 'string' && options.path.trim() !== '' ? options.path.trim() : fallback;
	return checkPattern(context, itemIndex, 'Endpoint Path', path, /^\/[A-Za-z0-9/_.-]*$/, 'must be a path such as /api/payout/balance');
}

/**
 * Pinddpay documents no idempotency key and no lookup by merchant reference: Query a transaction
 * takes Pinddpay's own order id (http://docs.pinddpay.com/341501367e0) and no payout query is
 * published. So a write whose answer was lost is never resent; these say what the user can do.
 */
export function payoutUnknownOutcome(orderNo: string): string {
	return `Pinddpay may have made this payout: no answer came back, or a server error did. Pinddpay publishes no idempotency key and no way to look a payout up by its order number, so n8n did not resend it and cannot check it. Check payout order number "${orderNo}" in the Pinddpay dashboard, or wait for its payout webhook (resouce.orderNo), before running this item again: a re-run sends the payout again.`;
}

export function orderUnknownOutcome(orderId: string, cause = 'no answer came back, or a server error did'): string {
	return `Pinddpay may have created this order: ${cause}. It was not resent. Query Transaction needs Pinddpay's order ID, which only the lost answer (or the order.created webhook, with merchantOrderNo "${orderId}") carries; Pinddpay has no lookup by merchant order ID. Creating an order moves no money (the payer pays on Pinddpay's page), but a re-run may create a second payable order for the same merchant order ID.`;
}
