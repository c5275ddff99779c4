/** Amounts and currencies: their fields, and reading them as PayKKa's integer minor units. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { currencyExponent, MoneyError, parseMinorUnits } from '../../shared/money';
import { checkPattern, decimalAmount, inputError, requiredString } from '../../shared/validation';
import { CURRENCIES } from '../constants';

export type AmountUnit = 'major' | 'minor';

/** The amount of a new charge (checkout session, merchant-initiated payment). */
export function chargeAmountProperty(): INodeProperties {
	return {
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12.50',
		description: 'Amount to charge, in the unit chosen above',
	};
}

/** "Amount Unit" selector shared by every amount field of an operation. */
export function amountUnitProperty(): INodeProperties {
	return {
		displayName: 'Amount Unit',
		name: 'amountUnit',
		type: 'options',
		default: 'major',
		description: 'How amounts are entered. PayKKa receives integer minor units either way.',
		options: [
			{ name: 'Major Units (e.g. 12.50 EUR)', value: 'major', description: 'Decimal text, converted exactly' },
			{ name: 'Minor Units (e.g. 1250 Cents)', value: 'minor', description: 'Whole number in the currency\'s minor unit' },
		],
	};
}

export function currencyProperty(description: string): INodeProperties {
	return {
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		default: 'EUR',
		required: true,
		description: `${description} Use an expression for ISO 4217 codes not listed`,
		options: CURRENCIES,
	};
}

export function currencyCode(context: IExecuteFunctions, itemIndex: number): string {
	const currency = requiredString(context, 'currency', itemIndex, 'Currency').toUpperCase();
	return checkPattern(context, itemIndex, 'Currency', currency, /^[A-Z]{3}$/, 'is not an ISO 4217 currency code');
}

/**
 * An amount as PayKKa's integer minor units (https://docs.paykka.com/payments/apis/payments/openapi/transaction: "USD/CNY unit is cent, JPY unit is yen"), from decimal major units or integer minor
 * units. Never goes through floating point; must be > 0 and a safe JSON integer.
 */
export function minorAmount(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	currency: string,
	unit: AmountUnit,
): number {
	let minor: bigint;
	if (unit === 'minor') {
		if (value === '' || value === null || value === undefined) throw inputError(context, itemIndex, field, 'is required');
		try {
			minor = parseMinorUnits(value);
		} catch (error) {
			throw inputError(context, itemIndex, field, (error as MoneyError).message);
		}
		if (minor <= 0n) throw inputError(context, itemIndex, field, 'must be greater than 0');
	} else {
		minor = decimalAmount(context, itemIndex, field, value, { exponent: currencyExponent(currency) }).minor;
	}
	if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw inputError(context, itemIndex, field, 'is too large');
	return Number(minor);
}

export function amountUnit(context: IExecuteFunctions, itemIndex: number): AmountUnit {
	return context.getNodeParameter('amountUnit', itemIndex, 'major') === 'minor' ? 'minor' : 'major';
}

/** A minor-unit amount PayKKa returned, as a number when it is one. */
export function returnedAmount(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}
