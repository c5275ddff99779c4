import { eventTimeSeconds } from '../../nodes/shared/eventTime';

// 2025-09-05T06:13:10Z, the payout webhook sample's eventAt (http://docs.pinddpay.com/346256453e0).
const AT = 1757052790;

describe('eventTimeSeconds (nodes/shared/eventTime.ts)', () => {
	it.each([
		['ISO 8601 UTC with 7 fraction digits (Admin.NET)', '2025-09-05T06:13:10.6522948Z', AT],
		['ISO 8601 UTC, no fraction', '2025-09-05T06:13:10Z', AT],
		['ISO 8601 lower-case t and z', '2025-09-05t06:13:10z', AT],
		['ISO 8601 with +08:00', '2025-09-05T14:13:10+08:00', AT],
		['ISO 8601 with +0800', '2025-09-05T14:13:10.999+0800', AT],
		['ISO 8601 with +08', '2025-09-05T14:13:10+08', AT],
		['ISO 8601 with -05:30', '2025-09-05T00:43:10-05:30', AT],
		['ISO 8601 without offset (UTC)', '2025-09-05T06:13:10', AT],
		['ISO 8601 without offset, fraction', '2025-09-05T06:13:10.6522948', AT],
		['yyyy-MM-dd HH:mm:ss (UTC)', '2025-09-05 06:13:10', AT],
		['yyyy-MM-dd HH:mm:ss.fff', '2025-09-05 06:13:10.652', AT],
		['yyyy-MM-dd HH:mm:ss with offset', '2025-09-05 14:13:10+08:00', AT],
		['Unix seconds', '1757052790', AT],
		['Unix milliseconds', '1757052790652', AT],
		['surrounding spaces', ' 2025-09-05T06:13:10Z ', AT],
		['leap day', '2024-02-29T00:00:00Z', 1709164800],
	])('reads %s', (_name, text, expected) => {
		expect(eventTimeSeconds(text)).toBe(expected);
	});

	it('reads offset-less forms at the given offset, and only those', () => {
		expect(eventTimeSeconds('2025-09-05 14:13:10', { offsetlessOffsetMinutes: 480 })).toBe(AT);
		expect(eventTimeSeconds('2025-09-05T14:13:10', { offsetlessOffsetMinutes: 480 })).toBe(AT);
		expect(eventTimeSeconds('2025-09-05T06:13:10Z', { offsetlessOffsetMinutes: 480 })).toBe(AT);
		expect(eventTimeSeconds('1757052790', { offsetlessOffsetMinutes: 480 })).toBe(AT);
	});

	it.each([
		['not a date', 'string'],
		['yesterday', 'yesterday'],
		['date only', '2025-09-05'],
		['no seconds', '2025-09-05T06:13Z'],
		['month 13', '2025-13-05T06:13:10Z'],
		['31 April', '2025-04-31T06:13:10Z'],
		['29 February of a common year', '2025-02-29T06:13:10Z'],
		['hour 24', '2025-09-05T24:00:00Z'],
		['leap second', '2025-06-30T23:59:60Z'],
		['offset hour 24', '2025-09-05T06:13:10+24:00'],
		['offset minute 60', '2025-09-05T06:13:10+08:60'],
		['two zones', '2025-09-05T06:13:10Z+08:00'],
		['slashes', '2025/09/05 06:13:10'],
		['day first', '05-09-2025 06:13:10'],
		['signed Unix seconds', '-1757052790'],
		['fractional Unix seconds', '1757052790.652'],
		['17 digits', '17570527906520000'],
		['empty', ''],
		['spaces', '   '],
		['full-width digits', '１７５７０５２７９０'],
	])('refuses %s', (_name, text) => {
		expect(eventTimeSeconds(text)).toBeUndefined();
	});

	it.each([
		['a number', AT],
		['null', null],
		['undefined', undefined],
		['an object', { at: '2025-09-05T06:13:10Z' }],
		['true', true],
	])('refuses %s (the docs type eventAt as a string)', (_name, value) => {
		expect(eventTimeSeconds(value)).toBeUndefined();
	});
});
