/** Hard stop for paging loops, so a gateway that keeps reporting more pages cannot loop forever. */
export const MAX_PAGES = 10_000;

export interface Page<T> {
	items: T[];
	/** True when the gateway reports pages after this one. */
	hasMore: boolean;
}

/**
 * Collects items page by page. With `returnAll` false, stops as soon as `limit` items are in hand.
 */
export async function collectPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
	options: { returnAll: boolean; limit: number; maxPageSize: number },
): Promise<T[]> {
	const wanted = options.returnAll ? Infinity : options.limit;
	const pageSize = options.returnAll ? options.maxPageSize : Math.min(options.maxPageSize, Math.max(1, options.limit));
	const collected: T[] = [];
	for (let page = 1; page <= MAX_PAGES && collected.length < wanted; page++) {
		const { items, hasMore } = await fetchPage(page, pageSize);
		collected.push(...items);
		if (!hasMore || items.length === 0) break;
	}
	return collected.slice(0, wanted === Infinity ? undefined : wanted);
}
