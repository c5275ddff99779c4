/** Reading an item's own values: PayKKa references, date-times, optional fields left blank. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkPattern, inputError, requiredString } from '../../shared/validation';

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

/** A date-time parameter as epoch ms (formatted per API version by the client). */
export function dateTimeMs(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number {
	const time = Date.parse(String(value));
	if (Number.isNaN(time)) throw inputError(context, itemIndex, field, `"${String(value)}" is not a date-time`);
	return time;
}

/** Drops empty values so optional collection fields left blank are not sent. */
export function compact(values: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(values).filter(([, value]) => value !== '' && value !== undefined && value !== null),
	);
}
