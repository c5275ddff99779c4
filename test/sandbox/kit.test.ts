import { formatDecimal, parseDecimal } from '../../sandbox/shared/decimal';
import { sendJson, startHttpServer, type RunningServer } from '../../sandbox/shared/server';

describe('sandbox kit', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startHttpServer((_req, res, raw) => sendJson(res, 200, { echoed: raw.toString('utf8') }));
	});
	afterAll(async () => await server.close());

	it('records every gateway request (not controls), readable over HTTP and clearable', async () => {
		await fetch(`${server.url}/api/pay?x=1&y=a&y=b`, { method: 'POST', body: '{"amount":10.50}', headers: { Sign: 'ABC' } });
		await fetch(`${server.url}/_sandbox/faults`);
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/pay', query: { x: '1', y: ['a', 'b'] }, rawBody: '{"amount":10.50}' });
		expect(server.requests[0].headers.sign).toBe('ABC');
		const listed = (await (await fetch(`${server.url}/_sandbox/requests`)).json()) as { requests: unknown[] };
		expect(listed.requests).toHaveLength(1);
		await fetch(`${server.url}/_sandbox/requests`, { method: 'DELETE' });
		expect(server.requests).toHaveLength(0);
	});

	it('lets `after` matching requests through before a fault applies', async () => {
		await fetch(`${server.url}/_sandbox/faults`, {
			method: 'POST',
			body: JSON.stringify({ method: 'POST', path: '/api/query', kind: 'status', status: 503, times: 2, after: 1 }),
		});
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/query`, { method: 'POST', body: '{}' })).status);
		expect(statuses).toEqual([200, 503, 503, 200]);
	});

	it('reads and writes decimals exactly', () => {
		expect(parseDecimal('10000.00', 2)).toBe(1000000n);
		expect(parseDecimal('0.1', 2)).toBe(10n);
		expect(parseDecimal('1.500', 2)).toBe(150n);
		expect(parseDecimal('1.505', 2)).toBeUndefined();
		for (const bad of ['', '-1', '1e3', ' 1', '1.', '.5', '0x10']) expect(parseDecimal(bad, 2)).toBeUndefined();
		expect(parseDecimal('9007199254740993.01', 2)).toBe(900719925474099301n);
		expect(formatDecimal(1000000n, 2, { minDecimals: 2 })).toBe('10000.00');
		expect(formatDecimal(1050n, 2)).toBe('10.5');
		expect(formatDecimal(5n, 6)).toBe('0.000005');
		expect(formatDecimal(-150n, 2, { minDecimals: 2 })).toBe('-1.50');
	});
});
