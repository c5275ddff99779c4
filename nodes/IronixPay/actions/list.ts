import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { collectPages } from '../../shared/pagination';
import { ironixPayRequest } from '../transport';

/** The API's largest page (spec B2). */
const MAX_PAGE_SIZE = 100;

export interface Paging {
	returnAll: boolean;
	limit: number;
}

/** Reads Return All / Limit for an item (the prepare phase: nothing is sent). */
export function pagingOf(context: IExecuteFunctions, itemIndex: number): Paging {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return { returnAll, limit: returnAll ? 0 : (context.getNodeParameter('limit', itemIndex, 50) as number) };
}

/**
 * Lists a collection honouring Return All / Limit. IronixPay has two list shapes:
 * `{data, meta:{total_pages}}` (sessions, payouts) and `{items, total, page_size}` (sub-merchants).
 */
export async function listPages(
	context: IExecuteFunctions,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	shape: 'meta' | 'items',
	{ returnAll, limit }: Paging,
): Promise<IDataObject[]> {
	return await collectPages(
		async (page, pageSize) => {
			const response = await ironixPayRequest(context, {
				method: 'GET',
				path,
				itemIndex,
				qs: { ...qs, page, page_size: pageSize },
			});
			if (shape === 'meta') {
				const meta = (response.meta ?? {}) as IDataObject;
				return { items: (response.data ?? []) as IDataObject[], hasMore: page < Number(meta.total_pages ?? 0) };
			}
			const total = Number(response.total ?? 0);
			return { items: (response.items ?? []) as IDataObject[], hasMore: page * pageSize < total };
		},
		{ returnAll, limit, maxPageSize: MAX_PAGE_SIZE },
	);
}
