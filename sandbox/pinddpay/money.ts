/**
 * Amounts as integer minor units (bigint), read from and written as decimal text: never floats.
 * Pinddpay's amounts are major units (Create order session, http://docs.pinddpay.com/ › Payin:
 * 1.99 USD); decimals follow ISO 4217.
 */
import { currencyDecimals } from './constants';
import { JsonNumber } from './json';

export interface Money {
	minor: bigint;
	exponent: number;
	currency: string;
}

/**
 * Minor units of a plain decimal (`1.99`, `500`, `1.990`), or undefined when it is not one or has
 * non-zero digits beyond `decimals`.
 */
export function toMinor(text: string, decimals: number): bigint | undefined {
	const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) return undefined;
	const [, whole, fraction = ''] = match;
	if (/[^0]/.test(fraction.slice(decimals))) return undefined;
	return BigInt(whole + fraction.slice(0, decimals).padEnd(decimals, '0'));
}

/** Decimal text with exactly `decimals` decimals (`199n, 2` -> `1.99`). */
export function toDecimal(minor: bigint, decimals: number): string {
	const negative = minor < 0n;
	const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
	const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
	return negative ? `-${text}` : text;
}

export const decimalText = (money: Money) => toDecimal(money.minor, money.exponent);

/** The amount as a JSON number with the currency's decimals (e.g. `2.50`, as the query sample shows). */
export const decimalNumber = (money: Money) => new JsonNumber(decimalText(money));

export { currencyDecimals };
