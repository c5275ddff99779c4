/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Envelope shapes and retry rules the sandbox does not produce, against a scripted HTTP server
 * (no platform key configured, so responses are not signature-checked here).
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { runNode } from '../harness/workflow';
import { MERCHANT_PRIVATE_KEY } from './helpers';

let server: Server;
let baseUrl = '';
const hits: string[] = [];
let script: (path: string) => { status: number; body: string } = () => ({ status: 200, body: '{}' });

beforeAll(async () => {
	server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			hits.push(req.url ?? '');
			const reply = script(req.url ?? '');
			res.writeHead(reply.status, { 'content-type': reply.body.startsWith('<') ? 'text/html' : 'application/json' });
			res.end(reply.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => (hits.length = 0));

async function run(parameters: Record<string, unknown>) {
	return await runNode({
		node: new PayKka(),
		credentialType: new PayKkaApi(),
		credentials: { environment: 'custom', baseUrl, merchantId: '18356675194960', appId: '', privateKey: MERCHANT_PRIVATE_KEY, platformPublicKey: '' },
		parameters: parameters as never,
	});
}

const getPayment = { resource: 'payment', operation: 'get', lookupBy: 'orderId', lookupValue: 'GW1' };

describe('PayKKa envelope handling', () => {
	it('accepts the flat v3 shape (no ret_code wrapper) as data', async () => {
		script = () => ({ status: 200, body: '{"error_code":"0000","error_description":"request success","order_id":"GW1","status":"AUTHORIZED"}' });
		const result = await run(getPayment);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ order_id: 'GW1', status: 'AUTHORIZED', normalizedStatus: 'authorized' });
	});

	it('treats a flat error_code as a PayKKa error', async () => {
		script = () => ({ status: 200, body: '{"error_code":"1004","error_description":"Merchant does not support this payment method"}' });
		const result = await run(getPayment);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('PayKKa error 1004: Merchant does not support this payment method');
	});

	it('reports a non-JSON error page with its HTTP status, cut short', async () => {
		script = () => ({ status: 404, body: `<html>${'x'.repeat(1000)}</html>` });
		const result = await run(getPayment);
		expect(result.error?.message).toMatch(/^PayKKa error http_404: <html>x+$/);
		expect(result.error?.message.length).toBeLessThan(350);
	});
});

describe('retries', () => {
	it('retries a read on 5xx and succeeds', async () => {
		let calls = 0;
		script = () => (++calls < 2 ? { status: 503, body: '{"ret_code":"999999","ret_msg":"System exception"}' } : { status: 200, body: '{"ret_code":"000000","ret_msg":"Success","data":{"order_id":"GW1","status":"SUCCESS"}}' });
		const result = await run(getPayment);
		expect(result.error).toBeUndefined();
		expect(hits).toHaveLength(2);
	});

	it('never resends a capture, which PayKKa does not dedupe', async () => {
		script = () => ({ status: 503, body: '{"ret_code":"999999","ret_msg":"System exception"}' });
		const result = await run({ resource: 'payment', operation: 'capture', orderId: 'GW1', amount: '1.00', currency: 'EUR' });
		expect(result.error?.message).toBe('PayKKa error 999999: System exception');
		expect(hits).toEqual(['/v3/payment/acq/capture']);
	});
});
