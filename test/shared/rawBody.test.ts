import type { IWebhookFunctions } from 'n8n-workflow';

import { getRawBody } from '../../nodes/shared/webhook';

function contextWith(request: Record<string, unknown>): IWebhookFunctions {
	return { getRequestObject: () => request } as unknown as IWebhookFunctions;
}

describe('getRawBody: the bytes the signature covers', () => {
	it('uses the body n8n already read', async () => {
		expect((await getRawBody(contextWith({ rawBody: Buffer.from('{"a":1}') })))?.toString()).toBe('{"a":1}');
	});

	it("reads the body itself when n8n did not (typeVersion 2, a content type n8n does not parse)", async () => {
		const request: Record<string, unknown> = {};
		request.readRawBody = async () => {
			request.rawBody = Buffer.from('a=1&b=2');
		};
		expect((await getRawBody(contextWith(request)))?.toString()).toBe('a=1&b=2');
	});

	it('is undefined when the body cannot be read (the delivery is then refused)', async () => {
		const aborted = { readRawBody: async () => Promise.reject(new Error('Request body stream was aborted')) };
		expect(await getRawBody(contextWith(aborted))).toBeUndefined();
		expect(await getRawBody(contextWith({}))).toBeUndefined();
	});
});
