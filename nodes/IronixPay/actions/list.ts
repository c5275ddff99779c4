/** IronixPay's list endpoints and the one reader of their pages, used by the Get Many operations and the "From List" searches. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { collectPages, type Page } from '../../shared/pagination';
import type { RequestContext } from '../../shared/transport';
import { ironixPayRequest } from '../transport';

/**
 * The API's largest page (`page_size` 1-100,
 * https://github.com/Vincentkovsky/ironixpay-core, backend/src/api/dtos/pagination.rs).
 */
export const MAX_PAGE_SIZE = 100;

/**
 * A list endpoint. IronixPay has two list shapes: `{data, meta:{total_pages}}` (sessions, payouts)
 * and `{items, total, page_size}` (sub-merchants).
 */
export interface IronixPayList {
	path: string;
	shape: 'meta' | 'items';
}

export const LISTS = {
	checkoutSessions: { path: '/v1/checkout/sessions', shape: 'meta' },
	payouts: { path: '/v1/payouts', shape: 'meta' },
	subMerchants: { path: '/v1/sub-merchants', shape: 'items' },
} as const satisfies Record<string, IronixPayList>;

/** Reads one page of a list: its objects, and whether IronixPay reports pages after it. */
export async function readPage(
	context: RequestContext,
	itemIndex: number,
	list: IronixPayList,
	qs: IDataObject,
	page: number,
	pageSize: number,
): Promise<Page<IDataObject>> {
	const response = await ironixPayRequest(context, {
		method: 'GET',
		path: list.path,
		itemIndex,
		qs: { ...qs, page, page_size: pageSize },
	});
	if (list.shape === 'meta') {
		const meta = (response.meta ?? {}) as IDataObject;
		return { items: (response.data ?? []) as IDataObject[], hasMore: page < Number(meta.total_pages ?? 0) };
	}
	const total = Number(response.total ?? 0);
	return { items: (response.items ?? []) as IDataObject[], hasMore: page * pageSize < total };
}

export interface Paging {
	returnAll: boolean;
	limit: number;
}

/** Reads Return All / Limit for an item (the prepare phase: nothing is sent). */
export function pagingOf(context: IExecuteFunctions, itemIndex: number): Paging {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return { returnAll, limit: returnAll ? 0 : (context.getNodeParameter('limit', itemIndex, 50) as number) };
}

/** Lists a collection honouring Return All / Limit (a Get Many operation). */
export async function listPages(
	context: IExecuteFunctions,
	itemIndex: number,
	list: IronixPayList,
	qs: IDataObject,
	{ returnAll, limit }: Paging,
): Promise<IDataObject[]> {
	return await collectPages(async (page, pageSize) => await readPage(context, itemIndex, list, qs, page, pageSize), {
		returnAll,
		limit,
		maxPageSize: MAX_PAGE_SIZE,
	});
}
