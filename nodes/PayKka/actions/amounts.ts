import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { currencyExponent, MoneyError, parseMinorUnits } from '../../shared/money';
import { checkPattern, decimalAmount, inputError, requiredString } from '../../shared/validation';
import { CURRENCIES, PATHS, type EndpointName } from '../constants';
import type { PathOverrides } from '../transport';

export type AmountUnit = 'major' | 'minor';

/** "Amount Unit" selector shared by every amount field of an operation. */
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

/** Drops empty values so optional collection fields left blank are not sent. */
export function compact(values: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(values).filter(([, value]) => value !== '' && value !== undefined && value !== null),
	);
}

/** A PayKKa ID or merchant number: required, at most `max` visible ASCII characters. */
export function reference(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	field: string,
	max = 64,
): string {
	const value = requiredString(context, name, itemIndex, field);
	return checkPattern(
		context,
		itemIndex,
		field,
		value,
		new RegExp(`^[\\x21-\\x7e]{1,${max}}$`),
		`must be 1-${max} visible ASCII characters without spaces`,
	);
}

/**
 * The object an earlier run created under the same merchant reference differs from this item
 * (e.g. another amount): returning it would hide the change, sending again would create a second one.
 */
export function referenceConflict(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: `${fix} Nothing new was sent to PayKKa.`,
	});
}

/** A minor-unit amount PayKKa returned, as a number when it is one. */
export function returnedAmount(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}

/**
 * Path Override options: PayKKa's docs do not show every path (capture, session query, token query and
 * most v1.2 paths are [ASSUMPTION] in constants.ts), so each operation lets the user enter the path PayKKa
 * gave them. `endpoints` maps the option name to the endpoint it replaces, e.g.
 * `{ pathOverride: 'sessionCreate', lookupPathOverride: 'sessionQuery' }`.
 */
export function pathOverrideOptions(endpoints: Partial<Record<'pathOverride' | 'lookupPathOverride', EndpointName>>): INodeProperties[] {
	const options: INodeProperties[] = [];
	if (endpoints.lookupPathOverride) {
		options.push({
			displayName: 'Lookup Path Override',
			name: 'lookupPathOverride',
			type: 'string',
			default: '',
			placeholder: `e.g. ${PATHS.v3[endpoints.lookupPathOverride].path}`,
			description: `Path of the lookup sent before the write, instead of v3 ${PATHS.v3[endpoints.lookupPathOverride].path} / v1.2 ${PATHS['v1.2'][endpoints.lookupPathOverride].path}. Only when PayKKa gave you another path.`,
		});
	}
	if (endpoints.pathOverride) {
		options.push({
			displayName: 'Path Override',
			name: 'pathOverride',
			type: 'string',
			default: '',
			placeholder: `e.g. ${PATHS.v3[endpoints.pathOverride].path}`,
			description: `Path to send this operation to, instead of v3 ${PATHS.v3[endpoints.pathOverride].path} / v1.2 ${PATHS['v1.2'][endpoints.pathOverride].path}. Only when PayKKa gave you another path.`,
		});
	}
	return options;
}

/** An "Options" collection holding only the Path Override options. */
export function pathOverrideCollection(endpoints: Partial<Record<'pathOverride' | 'lookupPathOverride', EndpointName>>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: pathOverrideOptions(endpoints),
	};
}

/** The overrides the item sets, validated: a path starting with one "/", visible URL characters, no "..", "?" or "#". */
export function pathOverrides(
	context: IExecuteFunctions,
	itemIndex: number,
	endpoints: Partial<Record<'pathOverride' | 'lookupPathOverride', EndpointName>>,
): PathOverrides {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const overrides: PathOverrides = {};
	for (const [option, endpoint] of Object.entries(endpoints) as Array<['pathOverride' | 'lookupPathOverride', EndpointName]>) {
		const value = typeof options[option] === 'string' ? (options[option] as string).trim() : '';
		if (value === '') continue;
		const label = option === 'pathOverride' ? 'Path Override' : 'Lookup Path Override';
		if (!/^\/(?!\/)[A-Za-z0-9\-._~/%]*$/.test(value) || value.split('/').includes('..')) {
			throw inputError(context, itemIndex, label, `"${value}" must be a path starting with / (e.g. /payments/query), without host, "..", "?" or "#"`);
		}
		overrides[endpoint] = value;
	}
	return overrides;
}

/** A date-time parameter as epoch ms (formatted per API version by the client). */
export function dateTimeMs(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number {
	const time = Date.parse(String(value));
	if (Number.isNaN(time)) throw inputError(context, itemIndex, field, `"${String(value)}" is not a date-time`);
	return time;
}
