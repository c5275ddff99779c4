import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * Serialises a JSON body once and puts that string back as the body, so a signature computed
 * over the returned text covers exactly the bytes sent (the HTTP helper would otherwise
 * re-serialise the object after signing). Returns '' when there is no body.
 */
export function freezeJsonBody(requestOptions: IHttpRequestOptions): string {
	const { body } = requestOptions;
	if (body === undefined || body === null || body === '') return '';
	const raw = typeof body === 'string' ? body : JSON.stringify(body);
	requestOptions.body = raw;
	// A string body would otherwise go out as form-encoded.
	requestOptions.headers = { ...requestOptions.headers, 'Content-Type': 'application/json' };
	return raw;
}
