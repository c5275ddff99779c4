/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Envelope shapes and retry rules the sandbox does not produce, against a scripted HTTP server
 * (it signs nothing: response verification is off unless a test turns it on).
 */
import { generateKeyPairSync } from 'crypto';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import type { NodeApiError } from 'n8n-workflow';

import { PayKkaApi } from '../../credentials/PayKkaApi.credentials';
import { PayKka } from '../../nodes/PayKka/PayKka.node';
import { runNode } from '../harness/workflow';
import { newNonce, signParts } from '../../nodes/PayKka/signature';
import { MERCHANT_PRIVATE_KEY } from './fixture';

let server: Server;
let baseUrl = '';
const hits: string[] = [];
let script: (path: string) => { status: number; body: string; headers?: Record<string, string> } = () => ({ status: 200, body: '{}' });

beforeAll(async () => {
	server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			hits.push(req.url ?? '');
			const reply = script(req.url ?? '');
			res.writeHead(reply.status, { 'content-type': reply.body.startsWith('<') ? 'text/html' : 'application/json', ...reply.headers });
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

async function run(parameters: Record<string, unknown>, credentials: Record<string, string | boolean> = {}) {
	return await runNode({
		node: new PayKka(),
		credentialType: new PayKkaApi(),
		credentials: { environment: 'custom', baseUrl, merchantId: '18356675194960', appId: '', privateKey: MERCHANT_PRIVATE_KEY, platformPublicKey: '', ...credentials },
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

	it('never resends a capture blindly: after a 5xx it asks the order first, and resends only while it is provably not captured', async () => {
		const authorised = '{"ret_code":"000000","ret_msg":"Success","data":{"order_id":"GW1","status":"AUTHORIZED","balances":{"captured_amount":0}}}';
		let captures = 0;
		script = (path) =>
			path.endsWith('/capture')
				? (++captures, { status: 503, body: '{"ret_code":"999999","ret_msg":"System exception"}' })
				: { status: 200, body: captures >= 1 ? authorised.replace('"AUTHORIZED"', '"SUCCESS"').replace('"captured_amount":0', '"captured_amount":100') : authorised };
		const result = await run({ resource: 'payment', operation: 'capture', orderId: 'GW1', amount: '1.00', currency: 'EUR' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ order_id: 'GW1', status: 'SUCCESS' });
		expect(hits).toEqual(['/v3/payment/acq/query', '/v3/payment/acq/capture', '/v3/payment/acq/query']);
	});

	it('stops after 3 captures when every lookup shows nothing was captured', async () => {
		script = (path) =>
			path.endsWith('/capture')
				? { status: 503, body: '{"ret_code":"999999","ret_msg":"System exception"}' }
				: { status: 200, body: '{"ret_code":"000000","ret_msg":"Success","data":{"order_id":"GW1","status":"AUTHORIZED","balances":{"captured_amount":0}}}' };
		const result = await run({ resource: 'payment', operation: 'capture', orderId: 'GW1' });
		expect(result.error?.message).toBe('PayKKa error 999999: System exception');
		expect((result.error as unknown as NodeApiError).description).toMatch(/Sent 3 time\(s\); each time the gateway's lookup by order GW1/);
		expect(hits.filter((path) => path.endsWith('/capture'))).toHaveLength(3);
	});

	it('never sends a refund when the lookup answers a bare 404 (a wrong path proves nothing)', async () => {
		script = () => ({ status: 404, body: '<html>Not Found</html>' });
		const result = await run({ resource: 'refund', operation: 'create', refundTransId: 'R1', orderId: 'GW1', amount: '1.00', currency: 'EUR' });
		expect(result.error?.message).toMatch(/^PayKKa error http_404/);
		expect((result.error as unknown as NodeApiError).description).toMatch(
			/This was the lookup of refund_trans_id "R1" \(POST \/v3\/payment\/acq\/refund\/query\) that runs before the write/,
		);
		expect(hits).toEqual(['/v3/payment/acq/refund/query']);
	});

	it('reads PayKKa\'s "not found" answer with HTTP 404 (404 记录不存在 in the v1.2 reference, https://open-aq-paykka.apifox.cn) as absent', async () => {
		script = (path) =>
			path.endsWith('/refund/query')
				? { status: 404, body: '{"ret_code":"206024","ret_msg":"The order doesn\'t exist"}' }
				: { status: 200, body: '{"ret_code":"000000","ret_msg":"Success","data":{"refund_trans_id":"R1","refund_order_id":"RG1","status":"PROCESSING","amount":100}}' };
		const result = await run({ resource: 'refund', operation: 'create', refundTransId: 'R1', orderId: 'GW1', amount: '1.00', currency: 'EUR' });
		expect(result.error).toBeUndefined();
		expect(hits).toEqual(['/v3/payment/acq/refund/query', '/v3/payment/acq/refund']);
	});
});

describe('response signatures (the scripted server signs nothing)', () => {
	const platformPublicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
	const ok = () => ({ status: 200, body: '{"ret_code":"000000","ret_msg":"Success","data":{"order_id":"GW1","status":"SUCCESS"}}' });

	it('accepts an unsigned answer when the platform key is set but Verify Response Signatures is off (the default)', async () => {
		script = ok;
		const result = await run(getPayment, { platformPublicKey });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.order_id).toBe('GW1');
	});

	it('refuses it when Verify Response Signatures is on, naming the missing header and the way out', async () => {
		script = ok;
		const result = await run(getPayment, { platformPublicKey, verifyResponses: true });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('PayKKa response signature check failed: the response has no x-paykka-sign header');
		const description = (result.error as unknown as NodeApiError).description ?? '';
		expect(description).toMatch(/^The answer to POST \/v3\/payment\/acq\/query \(HTTP 200\) was not used\./);
		expect(description).toMatch(/turn off "Verify Response Signatures" in the PayKKa credentials/);
	});

	it('says a write may have been processed when its answer fails verification', async () => {
		const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const signed = (path: string, body: string) => {
			const timestamp = String(Date.now());
			const nonce = newNonce();
			return { status: 200, body, headers: { 'x-paykka-timestamp': timestamp, 'x-paykka-nonce': nonce, 'x-paykka-sign': signParts(platform.privateKey, { method: 'POST', path, timestamp, nonce, body }) } };
		};
		// The lookups are signed; the refund's own answer is not.
		script = (path) => (path.endsWith('/refund/query') ? signed(path, '{"ret_code":"206024","ret_msg":"The order doesn\'t exist"}') : ok());
		const result = await run(
			{ resource: 'refund', operation: 'create', refundTransId: 'R1', orderId: 'GW1', amount: '1.00', currency: 'EUR' },
			{ platformPublicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }) as string, verifyResponses: true },
		);
		expect(result.error?.message).toBe('PayKKa response signature check failed: the response has no x-paykka-sign header');
		expect(hits).toEqual(['/v3/payment/acq/refund/query', '/v3/payment/acq/refund', '/v3/payment/acq/refund/query']);
		expect((result.error as unknown as NodeApiError).description).toMatch(/This was a write: PayKKa may have processed it/);
	});

	it('refuses to run with Verify Response Signatures on and no platform key, sending nothing', async () => {
		const result = await run(getPayment, { verifyResponses: true });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('PayKKa credentials: Verify Response Signatures is on, but the PayKKa Platform Public Key is empty.');
		expect(hits).toEqual([]);
	});
});
