/**
 * IronixPay's Stripe-style error envelope (guide: errors):
 * `{"error":{"type","code","message","param?","doc_url?"}}`, `param` and `doc_url` omitted when null.
 */
import { DOC_BASE_URL } from './constants';

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type ErrorType = 'invalid_request_error' | 'api_error' | 'idempotency_error';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly param?: string,
		readonly type: ErrorType = 'invalid_request_error',
		readonly withDocUrl = true,
	) {
		super(message);
	}

	toReply(): Reply {
		const error: Record<string, string> = { type: this.type, code: this.code, message: this.message };
		if (this.param !== undefined) error.param = this.param;
		if (this.withDocUrl) error.doc_url = `${DOC_BASE_URL}#${this.code}`;
		return { status: this.status, body: { error } };
	}
}

export const invalid = (message: string, param?: string, code = 'parameter_invalid') => new ApiError(400, code, message, param);
export const notFound = (message: string) => new ApiError(404, 'resource_missing', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const internalError = () =>
	new ApiError(500, 'api_error', 'Internal server error. Please try again later.', undefined, 'api_error');

/** Any thrown value as the reply IronixPay would give. */
export function errorReply(error: unknown): Reply {
	return (error instanceof ApiError ? error : internalError()).toReply();
}
