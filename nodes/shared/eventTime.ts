/**
 * Event times as gateways write them inside webhook bodies. Pure: no n8n imports.
 *
 * Accepted forms (anything else is unreadable, so a trigger that needs the time fails closed):
 * - ISO 8601 with an offset: `2025-09-05T06:13:10.6522948Z`, `...T14:13:10+08:00`, `+0800`, `+08`;
 * - ISO 8601 without an offset: `2025-09-05T06:13:10` (any number of fraction digits);
 * - `yyyy-MM-dd HH:mm:ss`, with optional fraction and offset as above;
 * - Unix seconds (1 to 11 digits) and Unix milliseconds (12 to 16 digits), as a string of digits.
 * A form without an offset is read at `offsetlessOffsetMinutes` from UTC (default 0: UTC).
 * Seconds are whole (leap second 60 is not accepted); fractions are truncated to the second.
 */

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const DIGITS = /^\d{1,16}$/;

/** Unix seconds to milliseconds switch: 12 or more digits are milliseconds (seconds would be after year 5138). */
const MILLISECOND_DIGITS = 12;

export interface EventTimeOptions {
	/** Offset from UTC, in minutes, of a date-time written without one. Default 0 (UTC). */
	offsetlessOffsetMinutes?: number;
}

/** Whole Unix seconds of `value`, or undefined when it is not one of the accepted forms. */
export function eventTimeSeconds(value: unknown, options: EventTimeOptions = {}): number | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '' || text.length > 40) return undefined;

	if (DIGITS.test(text)) {
		const number = Number(text);
		return text.length >= MILLISECOND_DIGITS ? Math.floor(number / 1000) : number;
	}

	const match = DATE_TIME.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, , utc, sign, offsetHours, offsetMinutes = '00'] = match;
	const fields = [year, month, day, hour, minute, second].map(Number);
	const [y, mo, d, h, mi, s] = fields;
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
	const localMs = Date.UTC(y, mo - 1, d, h, mi, s);
	// Date.UTC rolls 31 April over to 1 May: a date that does not round-trip does not exist.
	const check = new Date(localMs);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;

	let offset: number;
	if (utc) offset = 0;
	else if (sign) {
		const hours = Number(offsetHours);
		const minutes = Number(offsetMinutes);
		if (hours > 23 || minutes > 59) return undefined;
		offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
	} else offset = options.offsetlessOffsetMinutes ?? 0;

	return Math.floor(localMs / 1000) - offset * 60;
}
