import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { currencyExponent } from '../../shared/money';
import { decimalAmount, inputError } from '../../shared/validation';
import { TOKEN_EXPONENTS } from '../constants';

/** Validates an amount in a token or fiat currency and returns it as IronixPay expects ("10.50"). */
export function amountText(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	currency: string,
	bounds: { min?: bigint; max?: bigint },
): string {
	const exponent = currencyExponent(currency, TOKEN_EXPONENTS);
	return decimalAmount(context, itemIndex, field, value, { exponent, ...bounds }).text;
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
