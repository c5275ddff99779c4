import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { LISTS, MAX_PAGE_SIZE, readPage, type IronixPayList } from '../actions/list';

/** Pages read per search call when the API cannot filter, so one call stays short; the token resumes. */
const MAX_PAGES_PER_CALL = 5;
/** A search call stops reading pages once it has this many matches. */
const ENOUGH_RESULTS = 50;

interface ListSource {
	list: IronixPayList;
	qs?: IDataObject;
	toItem: (object: IDataObject) => INodeListSearchItems;
	/** Text of the object the search filter is matched against, where the API has no filter of its own. */
	searchText?: (object: IDataObject) => string[];
}

/**
 * One call of a "From List" search: reads pages (of the API's largest size) from the one in
 * `paginationToken` (the next page number), keeps what matches `filter`, and returns the page to
 * continue from while there are more.
 */
async function searchList(
	context: ILoadOptionsFunctions,
	source: ListSource,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const query = (filter ?? '').trim().toLowerCase();
	const matches = (object: IDataObject) =>
		query === '' || !source.searchText || source.searchText(object).some((text) => text.toLowerCase().includes(query));
	const firstPage = /^[1-9]\d*$/.test(paginationToken ?? '') ? Number(paginationToken) : 1;
	const results: INodeListSearchItems[] = [];
	let page = firstPage;
	let hasMore = true;
	while (hasMore && page < firstPage + MAX_PAGES_PER_CALL && results.length < ENOUGH_RESULTS) {
		const { items, hasMore: morePages } = await readPage(context, 0, source.list, source.qs ?? {}, page, MAX_PAGE_SIZE);
		hasMore = items.length > 0 && morePages;
		results.push(...items.filter(matches).map(source.toItem));
		page++;
	}
	return hasMore ? { results, paginationToken: String(page) } : { results };
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/**
 * Checkout sessions, newest first, the parent's and its sub-merchants'. The filter is IronixPay's own
 * `search_text` (session ID, transaction hash or pay address; https://ironixpay.com/guide/api and
 * https://github.com/Vincentkovsky/ironixpay-core, backend/src/api/routes/checkout.rs).
 */
export async function searchCheckoutSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search = (filter ?? '').trim();
	return await searchList(
		this,
		{
			list: LISTS.checkoutSessions,
			qs: { include_sub_merchants: true, ...(search === '' ? {} : { search_text: search }) },
			toItem: (session) => ({
				name: `${text(session.client_reference_id) || text(session.id)}: ${text(session.amount)} ${text(session.currency)} (${text(session.status)})`,
				value: text(session.id),
				url: text(session.url) || undefined,
			}),
		},
		undefined,
		paginationToken,
	);
}

/** Payouts, newest first. IronixPay's list has no text filter, so ID, address, hash and description are matched here. */
export async function searchPayouts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(
		this,
		{
			list: LISTS.payouts,
			toItem: (payout) => ({
				name: `${text(payout.amount)} ${text(payout.currency)} to ${text(payout.to_address)} (${text(payout.status)})`,
				value: text(payout.id),
			}),
			searchText: (payout) => [payout.id, payout.to_address, payout.tx_hash, payout.description, payout.sub_merchant_code].map(text),
		},
		filter,
		paginationToken,
	);
}

/** Sub-merchants; the list has no text filter, so code and display name are matched here. */
export async function searchSubMerchants(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(
		this,
		{
			list: LISTS.subMerchants,
			toItem: (sub) => ({
				name: `${text(sub.display_name)} (${text(sub.sub_merchant_code)})${sub.status === 'suspended' ? ' [suspended]' : ''}`,
				value: text(sub.sub_merchant_code),
			}),
			searchText: (sub) => [sub.sub_merchant_code, sub.display_name].map(text),
		},
		filter,
		paginationToken,
	);
}
