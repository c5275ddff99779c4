import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { minorToDecimal, MoneyError, parseAmount, type AmountRule } from './money';

/** Bad input, reported with the field and item before anything is sent. */
export function inputError(context: IExecuteFunctions, itemIndex: number, field: string, problem: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${field}: ${problem} (item ${itemIndex})`, {
		itemIndex,
		description: `Fix "${field}" for item ${itemIndex} and run again. Nothing was sent to the gateway.`,
	});
}

/** A string parameter as text; numbers from expressions become their decimal text. */
export function stringParameter(context: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = context.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (value === null || value === undefined) return '';
	return typeof value === 'string' ? value.trim() : String(value).trim();
}

export function requiredString(context: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const value = stringParameter(context, name, itemIndex);
	if (value === '') throw inputError(context, itemIndex, field, 'is required');
	return value;
}

/**
 * Validates a decimal amount (string, or a number from an expression) against the currency's
 * exponent and bounds, and returns it as minor units and as text with exactly `exponent` decimals.
 */
export function decimalAmount(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	rule: AmountRule,
): { minor: bigint; text: string } {
	if (value === '' || value === null || value === undefined) throw inputError(context, itemIndex, field, 'is required');
	let minor: bigint;
	try {
		minor = parseAmount(value, rule);
	} catch (error) {
		// parseAmount only throws MoneyError, whose message says what is allowed.
		throw inputError(context, itemIndex, field, (error as MoneyError).message);
	}
	if (minor <= 0n) throw inputError(context, itemIndex, field, 'must be greater than 0');
	return { minor, text: minorToDecimal(minor, rule.exponent) };
}

export function checkUrl(context: IExecuteFunctions, itemIndex: number, field: string, value: string): string {
	try {
		const url = new URL(value);
		if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('scheme');
		return value;
	} catch {
		throw inputError(context, itemIndex, field, `"${value}" is not an http(s) URL`);
	}
}

export function checkPattern(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: string,
	pattern: RegExp,
	expectation: string,
): string {
	if (!pattern.test(value)) throw inputError(context, itemIndex, field, `"${value}" ${expectation}`);
	return value;
}

/**
 * The ID a locator holds, trimmed; `extractValue` returns a plain string (a workflow saved before
 * the locator existed, or an expression) unchanged and a `{ mode, value }` locator as its value.
 */
export function locatorValue(context: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') throw inputError(context, itemIndex, field, 'is required');
	return text;
}

/** One rule for every gateway: something@domain.tld, no spaces (a gateway that mails receipts needs a deliverable address). */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(context: IExecuteFunctions, itemIndex: number, field: string, value: string): string {
	return checkPattern(context, itemIndex, field, value, EMAIL_PATTERN, 'is not an email address');
}
