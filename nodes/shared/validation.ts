import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { MoneyError, parseAmount, type AmountRule } from './money';

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

/** Reads an amount parameter and returns it in minor units, or fails naming the field. */
export function amountParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	rule: AmountRule,
): bigint {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) throw inputError(context, itemIndex, field, 'is required');
	try {
		return parseAmount(value, rule);
	} catch (error) {
		throw inputError(context, itemIndex, field, (error as MoneyError).message);
	}
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
