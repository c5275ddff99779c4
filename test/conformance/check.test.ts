import type { RecordedRequest } from '../../sandbox/shared/server';
import { assumptionCount, checkRequests, parseConformanceTable } from './check';

const TABLE = `
# Example
| Endpoint | Direction | Location | Field | Type | Required | Format / unit | Source |
|---|---|---|---|---|---|---|---|
| POST /v1/payouts | request | header | Idempotency-Key | string | yes | visible ASCII | seed 003 L10 |
| POST /v1/payouts | request | body | amount | number | yes | decimal, 2 places | seed 004 L69 |
| POST /v1/payouts | request | body | payee | object | yes | | seed 004 L70 |
| POST /v1/payouts | request | body | payee.name | string | yes | max 32 | seed 004 L71 |
| POST /v1/payouts | request | body | metadata | object | no | free-form | [ASSUMPTION] any keys |
| GET /v1/payouts/{id} | request | query | expand | string | no | | https://example.com/docs |
| webhook | webhook | body | status | string | yes | | seed 003 L90 |
`;

function request(method: string, path: string, body: unknown, headers: Record<string, string> = {}, query = {}): RecordedRequest {
	return {
		method,
		path,
		query,
		headers: { host: '127.0.0.1', 'content-type': 'application/json', ...headers },
		rawBody: body === undefined ? '' : JSON.stringify(body),
	};
}

describe('conformance checker', () => {
	const table = parseConformanceTable(TABLE);

	it('reads the table', () => {
		expect(table).toHaveLength(7);
		expect(assumptionCount(table)).toBe(1);
		expect(() => parseConformanceTable(TABLE.replace('| number |', '| decimal |'))).toThrow('type "decimal"');
	});

	it('passes a request that matches', () => {
		const ok = request('POST', '/v1/payouts', { amount: 10.5, payee: { name: 'Ana' }, metadata: { any: { thing: 1 } } }, { 'idempotency-key': 'k1' });
		expect(checkRequests(table, [ok, request('GET', '/v1/payouts/po_1', undefined, {}, { expand: 'x' })])).toEqual([]);
	});

	it('reports every kind of mismatch', () => {
		const violations = checkRequests(table, [
			request('POST', '/v1/payouts', { amount: '10.50', payee: {}, extra: 1 }, { 'x-debug': '1' }),
			request('DELETE', '/v1/payouts/po_1', undefined),
			request('GET', '/v1/payouts/po_1', undefined, {}, { page: '2' }),
		]);
		expect(violations).toEqual([
			'POST /v1/payouts: header "x-debug" not in the table',
			'POST /v1/payouts: required header "Idempotency-Key" missing',
			'POST /v1/payouts: body field "amount" is string, the table says number',
			'POST /v1/payouts: body field "extra" not in the table',
			'POST /v1/payouts: required body field "payee.name" missing',
			'DELETE /v1/payouts/po_1: endpoint not in the conformance table',
			'GET /v1/payouts/po_1: query parameter "page" not in the table',
		]);
	});
});
