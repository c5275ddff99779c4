/** Input checks: reads an item's parameters and refuses what Cashy would reject, before anything is sent. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { JsonDecimal } from '../../shared/decimalJson';
import { checkEmail, checkPattern, checkUrl, decimalAmount, inputError, requiredString, stringParameter } from '../../shared/validation';
import { AMOUNT_EXPONENT, AMOUNT_MAX_MINOR, AMOUNT_MIN_MINOR, BANK_ID_PATTERN, MAX_FIELD_LENGTH, MAX_LENGTHS } from '../constants';

/**
 * An amount in COP, 10,000-5,000,000 with at most 2 decimals, sent as a JSON number written from
 * the validated decimal text with exactly two decimals (`10000.00`), never through a float.
 */
export function amountNumber(context: IExecuteFunctions, itemIndex: number): JsonDecimal {
	const value = context.getNodeParameter('amount', itemIndex) as unknown;
	const { text } = decimalAmount(context, itemIndex, 'Amount', value, {
		exponent: AMOUNT_EXPONENT,
		min: AMOUNT_MIN_MINOR,
		max: AMOUNT_MAX_MINOR,
	});
	return new JsonDecimal(text);
}

/** A text parameter checked for presence (when required) and Cashy's length limit (string(32) unless given). */
export function textParameter(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	field: string,
	rule: { required: boolean; maxLength?: number },
): string {
	const value = rule.required ? requiredString(context, name, itemIndex, field) : stringParameter(context, name, itemIndex);
	const maxLength = rule.maxLength ?? MAX_FIELD_LENGTH;
	if (value.length > maxLength) {
		throw inputError(context, itemIndex, field, `must be at most ${maxLength} characters (Cashy's limit), not ${value.length}`);
	}
	return value;
}

/** Merchant order numbers: required, 1-32 visible ASCII characters (string(32) at Cashy). */
export function merchantOrderNumber(context: IExecuteFunctions, itemIndex: number): string {
	return checkPattern(
		context,
		itemIndex,
		'Merchant Order Number',
		requiredString(context, 'mchOrderNo', itemIndex, 'Merchant Order Number'),
		/^[\x21-\x7e]{1,32}$/,
		'must be 1-32 visible ASCII characters without spaces',
	);
}

export function notifyUrl(context: IExecuteFunctions, itemIndex: number): string {
	const url = textParameter(context, itemIndex, 'notifyUrl', 'Notify URL', { required: true, maxLength: MAX_LENGTHS.notifyUrl });
	return checkUrl(context, itemIndex, 'Notify URL', url);
}

/** An email address, string(32) at Cashy. */
export function email(context: IExecuteFunctions, itemIndex: number, name: string, field: string, required: boolean): string {
	const value = textParameter(context, itemIndex, name, field, { required });
	if (value === '') return value;
	return checkEmail(context, itemIndex, field, value);
}

/** A bank ID as Cashy's bank lists give it: a positive integer (Java int). */
export function checkBankId(context: IExecuteFunctions, itemIndex: number, text: string): number {
	checkPattern(context, itemIndex, 'Bank', text, new RegExp(BANK_ID_PATTERN), 'is not a bank ID from the Cashy bank list');
	return Number(text);
}

/** The pay-in Bank dropdown's value (or an expression's): a bank ID from the pay-in bank list. */
export function bankId(context: IExecuteFunctions, itemIndex: number): number {
	const text = stringParameter(context, 'bankId', itemIndex);
	if (text === '') throw inputError(context, itemIndex, 'Bank', 'is required');
	return checkBankId(context, itemIndex, text);
}
