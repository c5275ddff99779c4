import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { minorToDecimal, parseAmount, currencyExponent, MoneyError } from '../../shared/money';
import { normalizeStatus, type NormalizedStatus } from '../../shared/status';
import { inputError } from '../../shared/validation';
import { TOKEN_EXPONENTS } from '../constants';

/** The gateway's object, unchanged, plus the cross-gateway status. */
export function withNormalizedStatus(object: IDataObject, mapping: Record<string, NormalizedStatus>): IDataObject {
	return { ...object, normalizedStatus: normalizeStatus(object.status, mapping) };
}

/** Validates a decimal amount for a token or fiat currency and returns IronixPay's canonical text. */
export function amountText(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	currency: string,
	bounds: { min?: bigint; max?: bigint },
): string {
	if (value === '' || value === undefined || value === null) throw inputError(context, itemIndex, field, 'is required');
	try {
		const exponent = currencyExponent(currency, TOKEN_EXPONENTS);
		const minor = parseAmount(value, { exponent, ...bounds });
		if (minor <= 0n) throw new MoneyError('Amount must be greater than 0');
		return minorToDecimal(minor, exponent);
	} catch (error) {
		// Only MoneyError can come from the parsing above.
		throw inputError(context, itemIndex, field, (error as MoneyError).message);
	}
}

/** USDC is not issued on TRON at IronixPay (spec B3.1). */
export function checkTokenOnNetwork(context: IExecuteFunctions, itemIndex: number, token: string, network: string): void {
	if (token === 'USDC' && network === 'TRON') {
		throw inputError(context, itemIndex, 'Currency', 'USDC is not available on TRON; choose USDT or another network');
	}
}

export function subMerchantOption(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const code = typeof options.subMerchantCode === 'string' ? options.subMerchantCode.trim() : '';
	return code === '' ? undefined : code;
}
