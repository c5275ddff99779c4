/**
 * PayKKa's answer envelope (https://docs.paykka.com/payments/apis/introduction/response-code):
 * `{ret_code, ret_msg, data}`; business refusals come inside HTTP 200. Plus the field readers the
 * operations share, which answer 010000 "Invalid request, parameter error" for bad input.
 */
import { RET } from './constants';

export type Json = Record<string, unknown>;

export interface Reply {
	status: number;
	body: Json;
}

/** An answer that is not a success: HTTP status + ret_code + ret_msg. */
export class PayKkaError extends Error {
	constructor(
		readonly status: number,
		readonly retCode: string,
		message: string,
	) {
		super(message);
	}
}

export const invalid = (detail: string) => new PayKkaError(400, RET.invalid, `Invalid request, parameter error: ${detail}`);
export const refused = (detail: string) => new PayKkaError(200, RET.invalid, detail);
export const orderMissing = () => new PayKkaError(200, RET.orderMissing, "The order doesn't exist");
export const sessionMissing = (status = 200) => new PayKkaError(status, RET.sessionMissing, 'The session does not exist');

export const success = (data?: Json): Reply => ({
	status: 200,
	body: data === undefined ? { ret_code: RET.success, ret_msg: 'Success' } : { ret_code: RET.success, ret_msg: 'Success', data },
});

export function text(body: Json, field: string, options: { required?: boolean; max?: number } = {}): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		if (options.required) throw invalid(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'string') throw invalid(`${field} must be a string`);
	if (options.max !== undefined && value.length > options.max) throw invalid(`${field} must be at most ${options.max} characters`);
	return value;
}

export function oneOf(body: Json, field: string, allowed: string[], fallback?: string): string {
	const value = text(body, field, { required: fallback === undefined }) ?? fallback!;
	if (!allowed.includes(value)) throw invalid(`${field} must be one of ${allowed.join(', ')}`);
	return value;
}

export function urlField(body: Json, field: string, required = false): string | undefined {
	const value = text(body, field, { required, max: 512 });
	if (value === undefined) return undefined;
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw invalid(`${field} must be an http(s) URL`);
}
