import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { ironixPayRequest } from '../transport';

/**
 * Items asked for per list request: the API's largest page (`page_size` 1-100,
 * https://github.com/Vincentkovsky/ironixpay-core, backend/src/api/dtos/pagination.rs).
 */
const PAGE_SIZE = 100;
/** Pages read per search call when the API cannot filter, so one call stays short; the token resumes. */
const MAX_PAGES_PER_CALL = 5;
/** A search call stops reading pages once it has this many matches. */
const ENOUGH_RESULTS = 50;

interface ListSource {
	path: string;
	/** `{data, meta:{total_pages}}` (sessions, payouts) or `{items, total}` (sub-merchants). */
	shape: 'meta' | 'items';
	qs?: IDataObject;
	toItem: (object: IDataObject) => INodeListSearchItems;
	/** Text of the object the search filter is matched against, where the API has no filter of its own. */
	searchText?: (object: IDataObject) => string[];
}

/**
 * One call of a "From List" search: reads pages from the one in `paginationToken` (the next page
 * number), keeps what matches `filter`, and returns the page to continue from while there are more.
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
		const response = await ironixPayRequest(context, {
			method: 'GET',
			path: source.path,
			itemIndex: 0,
			qs: { ...source.qs, page, page_size: PAGE_SIZE },
		});
		const objects = ((source.shape === 'meta' ? response.data : response.items) ?? []) as IDataObject[];
		hasMore =
			objects.length > 0 &&
			(source.shape === 'meta'
				? page < Number((response.meta as IDataObject | undefined)?.total_pages ?? 0)
				: page * PAGE_SIZE < Number(response.total ?? 0));
		results.push(...objects.filter(matches).map(source.toItem));
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
			path: '/v1/checkout/sessions',
			shape: 'meta',
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
			path: '/v1/payouts',
			shape: 'meta',
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
			path: '/v1/sub-merchants',
			shape: 'items',
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
