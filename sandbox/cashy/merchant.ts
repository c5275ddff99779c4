/**
 * Merchant-level reads: Merchant Balance (`/api/getBalance`) and the payout and pay-in bank lists
 * (https://docs.cashypro.com/en_us/col/other-query.html), plus the `/_sandbox/balance` control.
 */
import { formatDecimal } from '../shared/decimal';
import { CASHY_PAYIN_BANKS, CASHY_PAYOUT_BANKS, PATHS, type Bank } from './constants';
import { decimalNumber } from './json';
import type { Routers } from './routes';
import { centavos, type CashyState } from './state';

export const balanceText = (state: CashyState) => ({
	balance: formatDecimal(state.available, 2, { minDecimals: 2 }),
	unBalance: formatDecimal(state.unavailable, 2, { minDecimals: 2 }),
});

export function registerMerchant({ api, controls }: Routers, state: CashyState): void {
	const bankList = (banks: Bank[]) => banks.map((entry) => ({ ...entry }));
	api
		.add('POST', PATHS.balance, () => ({
			mchId: state.options.merchantId,
			balance: decimalNumber(state.available),
			unBalance: decimalNumber(state.unavailable),
		}))
		.add('POST', PATHS.payoutBanks, () => bankList(CASHY_PAYOUT_BANKS))
		.add('POST', PATHS.payInBanks, () => bankList(CASHY_PAYIN_BANKS));

	controls.add('POST', '/_sandbox/balance', (body) => {
		if (body.balance !== undefined) state.available = centavos(body.balance, 'balance');
		if (body.unBalance !== undefined) state.unavailable = centavos(body.unBalance, 'unBalance');
		return balanceText(state);
	});
}
