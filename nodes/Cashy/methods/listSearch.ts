import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { bankOptions } from '../actions/bankOptions';
import { fetchBanks } from '../actions/requests';

/**
 * The payout bank list for the Bank locator's "From List" mode. Cashy's bank list API returns every
 * bank at once ("Payout Bank list query", https://docs.cashypro.com/en_us/col/other-query.html), so the
 * search filters it here: by name, bank code or bank ID, ignoring letter case. No pagination token.
 */
export async function searchPayoutBanks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const query = (filter ?? '').trim().toLowerCase();
	const banks = bankOptions(await fetchBanks(this, 'payout'));
	const results = banks
		.filter((bank) => query === '' || bank.name.toLowerCase().includes(query) || String(bank.value) === query)
		.map((bank) => ({ name: bank.name, value: String(bank.value), description: bank.description }));
	return { results };
}
