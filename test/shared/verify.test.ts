import { isFreshTimestamp, safeEqual } from '../../nodes/shared/verify';
import { retryDelayMs, DEFAULT_RETRY_POLICY } from '../../nodes/shared/transport';
import { collectPages } from '../../nodes/shared/pagination';

describe('verification primitives', () => {
	it('compares in constant time, any length', () => {
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abd')).toBe(false);
		expect(safeEqual('abc', 'abcd')).toBe(false);
		expect(safeEqual('abc', '')).toBe(false);
	});

	it('checks the replay window', () => {
		expect(isFreshTimestamp('1000', 1300, 300)).toBe(true);
		expect(isFreshTimestamp('1000', 1301, 300)).toBe(false);
		expect(isFreshTimestamp('1301', 1000, 300)).toBe(false);
		expect(isFreshTimestamp(undefined, 1000, 300)).toBe(false);
		expect(isFreshTimestamp('1e3', 1000, 300)).toBe(false);
		// Millisecond timestamps (PayKKa): same window, tolerance still in seconds.
		expect(isFreshTimestamp('1000000', 1300000, 300, 'milliseconds')).toBe(true);
		expect(isFreshTimestamp('1000000', 1300001, 300, 'milliseconds')).toBe(false);
		// More than 16 digits is refused even when it equals the clock.
		expect(isFreshTimestamp('12345678901234567', Number('12345678901234567'), 300, 'milliseconds')).toBe(false);
	});

	it('takes ASCII digits only, up to 12 (seconds) or 16 (milliseconds) of them', () => {
		for (const malformed of ['', ' 1000', '1000 ', '+1000', '-1000', '10.0', '0x3e8', '1_000', '\u0661\u0660\u0660\u0660', '\uff11\uff10\uff10\uff10']) {
			expect(isFreshTimestamp(malformed, 1000, 300)).toBe(false);
			expect(isFreshTimestamp(malformed, 1000, 300, 'milliseconds')).toBe(false);
		}
		expect(isFreshTimestamp('0001000', 1000, 0)).toBe(true);
		expect(isFreshTimestamp('100000000000', 100000000000, 0)).toBe(true);
		expect(isFreshTimestamp('1000000000000', 1000000000000, 0)).toBe(false);
	});

	it('reads a timestamp exactly as Number() does, also past 2^53', () => {
		for (const text of ['9007199254740991', '9007199254740993', '9007199254740995', '9999999999999999', '1757387467986']) {
			expect(isFreshTimestamp(text, Number(text), 0, 'milliseconds')).toBe(true);
		}
		// Number('9007199254740993') rounds to ...992; ...994 is the next double.
		expect(isFreshTimestamp('9007199254740993', 9007199254740994, 0, 'milliseconds')).toBe(false);
	});
});

describe('retry delay', () => {
	const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 5000 };
	it('backs off exponentially without Retry-After', () => {
		expect(retryDelayMs({}, 1, policy)).toBe(100);
		expect(retryDelayMs({}, 3, policy)).toBe(400);
	});
	it('never retries sooner than the backoff, even on Retry-After: 0', () => {
		expect(retryDelayMs({ 'retry-after': '0' }, 2, policy)).toBe(200);
	});
	it('honours Retry-After in seconds or as a date, capped', () => {
		expect(retryDelayMs({ 'retry-after': '2' }, 1, policy)).toBe(2000);
		expect(retryDelayMs({ 'x-ratelimit-after': '1' }, 1, policy)).toBe(1000);
		expect(retryDelayMs({ 'retry-after': '120' }, 1, policy)).toBe(5000);
		const now = Date.parse('2026-11-23T10:00:00Z');
		expect(retryDelayMs({ 'retry-after': 'Mon, 23 Nov 2026 10:00:03 GMT' }, 1, policy, now)).toBe(3000);
	});
});

describe('collectPages', () => {
	const pages = [[1, 2, 3], [4, 5, 6], [7]];
	const fetchPage = jest.fn(async (page: number) => ({ items: pages[page - 1] ?? [], hasMore: page < pages.length }));
	beforeEach(() => fetchPage.mockClear());

	it('returns everything with returnAll', async () => {
		expect(await collectPages(fetchPage, { returnAll: true, limit: 0, maxPageSize: 3 })).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(fetchPage).toHaveBeenCalledTimes(3);
	});

	it('stops at the limit', async () => {
		expect(await collectPages(fetchPage, { returnAll: false, limit: 4, maxPageSize: 3 })).toEqual([1, 2, 3, 4]);
		expect(fetchPage).toHaveBeenCalledTimes(2);
	});
});
