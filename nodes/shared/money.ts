/**
 * Money without floating point. Amounts travel as decimal strings ("10.50") or as integer
 * minor units (bigint). Every conversion is string/bigint arithmetic, never Number maths.
 */

/** ISO 4217 minor-unit exponents that differ from 2. Every other ISO code uses 2. */
const ISO_4217_EXCEPTIONS: Record<string, number> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
	UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
	CLF: 4, UYW: 4,
};

export class MoneyError extends Error {}

/**
 * Minor-unit exponent of a currency. `overrides` lets a gateway define its own tokens
 * (e.g. USDT with 2 decimals at one gateway and 6 at another) or deviate from ISO.
 */
export function currencyExponent(currency: string, overrides: Record<string, number> = {}): number {
	const code = currency.trim().toUpperCase();
	if (code in overrides) return overrides[code];
	if (!/^[A-Z]{3}$/.test(code)) throw new MoneyError(`Unknown currency "${currency}"`);
	return ISO_4217_EXCEPTIONS[code] ?? 2;
}

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

/**
 * Accepts a decimal string, or a number as an expression may produce it. A JS number's
 * shortest string form is exactly the decimal the user typed (10.5 -> "10.5"), so it is
 * converted to text once and never used arithmetically.
 */
export function toDecimalString(value: unknown): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new MoneyError('Amount must be a finite number');
		const text = String(value);
		if (/e/i.test(text)) throw new MoneyError(`Amount ${text} is out of range; pass it as a decimal string`);
		return text;
	}
	if (typeof value === 'bigint') return value.toString();
	if (typeof value !== 'string') throw new MoneyError('Amount must be a decimal string such as "10.50"');
	return value.trim();
}

/** Parses a non-negative decimal into integer minor units; rejects more decimals than the exponent allows. */
export function decimalToMinor(value: unknown, exponent: number): bigint {
	const text = toDecimalString(value);
	const match = DECIMAL_PATTERN.exec(text);
	if (!match) throw new MoneyError(`"${text}" is not a decimal amount such as "10.50"`);
	const [, whole, fraction = ''] = match;
	const significantFraction = fraction.replace(/0+$/, '');
	if (significantFraction.length > exponent) {
		throw new MoneyError(
			exponent === 0
				? `"${text}" has decimals, but this currency has none`
				: `"${text}" has more than ${exponent} decimal places`,
		);
	}
	return BigInt(whole + significantFraction.padEnd(exponent, '0'));
}

/** Integer minor units -> decimal string with exactly `exponent` decimals ("1050", 2 -> "10.50"). */
export function minorToDecimal(minor: bigint | number | string, exponent: number): string {
	const units = BigInt(minor);
	const negative = units < 0n;
	const digits = (negative ? -units : units).toString().padStart(exponent + 1, '0');
	const whole = digits.slice(0, digits.length - exponent);
	const fraction = digits.slice(digits.length - exponent);
	return (negative ? '-' : '') + (exponent > 0 ? `${whole}.${fraction}` : whole);
}

/** Parses integer minor units given as text or a safe integer (e.g. "1050" cents). */
export function parseMinorUnits(value: unknown): bigint {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) throw new MoneyError(`${value} is not a whole number of minor units`);
		return BigInt(value);
	}
	const text = toDecimalString(value);
	if (!/^\d+$/.test(text)) throw new MoneyError(`"${text}" is not a whole number of minor units`);
	return BigInt(text);
}

export interface AmountRule {
	exponent: number;
	/** Inclusive bounds in minor units. */
	min?: bigint;
	max?: bigint;
}

/** Parses and range-checks an amount; the error message says what is allowed. */
export function parseAmount(value: unknown, rule: AmountRule): bigint {
	const minor = decimalToMinor(value, rule.exponent);
	if (rule.min !== undefined && minor < rule.min) {
		throw new MoneyError(`Amount must be at least ${minorToDecimal(rule.min, rule.exponent)}`);
	}
	if (rule.max !== undefined && minor > rule.max) {
		throw new MoneyError(`Amount must be at most ${minorToDecimal(rule.max, rule.exponent)}`);
	}
	return minor;
}
