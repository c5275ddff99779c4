import type { INodePropertyOptions } from 'n8n-workflow';

import { baseUrlExpression } from '../shared/baseUrl';
import type { NormalizedStatus } from '../shared/status';

export const CREDENTIAL_TYPE = 'payKkaApi';

/** v3 hosts (https://docs.paykka.com/payments/apis/introduction/api-certification server URL; production has regional hosts, EU and HK, as PayKKa's WooCommerce plugin uses them). */
export const BASE_URLS: Record<string, string> = {
	sandbox: 'https://openapi-sandbox.paykka.com',
	productionEu: 'https://openapi.eu.paykka.com',
	productionHk: 'https://openapi.aq.paykka.com',
};

/**
 * v1.2 hosts: the sandbox server of the v1.2 reference (https://open-aq-paykka.apifox.cn, "Docs for Payments
 * v1.2"). PayKKa publishes no v1.2 production host: use Custom Base URL with the host PayKKa gives you.
 */
export const BASE_URLS_V12: Record<string, string> = {
	sandbox: 'https://sandbox.aq.paykka.com',
};

/** The host of a credential saved without a known environment. */
export const DEFAULT_ENVIRONMENT = 'sandbox';

/**
 * The credential test request's base URL, from the same tables as the transport's `baseUrl`: a v1.2
 * host where BASE_URLS_V12 lists one, else the v3 host of the environment. v1.2 with a production
 * environment gets the v3 host here; actions refuse that combination before sending anything.
 */
export const BASE_URL_EXPRESSION = baseUrlExpression(
	BASE_URLS,
	DEFAULT_ENVIRONMENT,
	Object.entries(BASE_URLS_V12).map(([environment, url]) => ({
		condition: `$credentials.apiVersion === "v1.2" && $credentials.environment === ${JSON.stringify(environment)}`,
		url,
	})),
);

export interface Endpoint {
	path: string;
	/** True where the path is an [ASSUMPTION]: not confirmed by PayKKa's docs. */
	assumed: boolean;
	/** The docs list a body `timestamp` (ms) for this operation; elsewhere v3 omits it like the plugin. v1.2 sends it always. */
	bodyTimestamp?: boolean;
}

/**
 * The API generations: v3 (`/v3/payment/acq...`, `x-paykka-*` headers,
 * https://docs.paykka.com/payments/apis/introduction/api-certification) and v1.2 (`/payments...`, headers
 * `signature` / `type` / `version`, https://docs.paykka.com/payments/apis/introduction/api-certification-v1).
 */
export type ApiVersion = 'v3' | 'v1.2';
export const API_VERSION: ApiVersion = 'v3';

export function apiVersionOf(credentials: { apiVersion?: unknown }): ApiVersion {
	return credentials.apiVersion === 'v1.2' ? 'v1.2' : 'v3';
}

/**
 * Every v3 endpoint the node uses (https://docs.paykka.com/payments/apis/payments/openapi/transaction).
 * All PayKKa operations are POST + JSON. Paths marked `assumed` were not retrievable from the docs:
 * capture (schema PaymentsCaptureReqDto exists, path not shown), session query (the reference
 * lists "收银台查询 POST" without its path) and token query (schemas QueryTokenReqDto /
 * QueryTokenRespDto, path not shown). Users can override any path per operation (Options > Path Override).
 */
const PATHS_V3 = {
	sessionCreate: { path: '/v3/payment/acq/session', assumed: false },
	sessionQuery: { path: '/v3/payment/acq/session/query', assumed: true },
	// Initiate transaction: PayKKa's JS test tool signs this path; doc page slug transaction/payments-opl_1.
	paymentCreate: { path: '/v3/payment/acq', assumed: false },
	paymentQuery: { path: '/v3/payment/acq/query', assumed: false },
	paymentCapture: { path: '/v3/payment/acq/capture', assumed: true },
	paymentVoid: { path: '/v3/payment/acq/void', assumed: false },
	refundCreate: { path: '/v3/payment/acq/refund', assumed: false },
	refundQuery: { path: '/v3/payment/acq/refund/query', assumed: false },
	tokenQuery: { path: '/v3/payment/acq/token/query', assumed: true },
	tokenRemove: { path: '/v3/payment/acq/token/remove', assumed: false, bodyTimestamp: true },
	recurringCancel: { path: '/v3/payment/acq/recurring/cancel', assumed: false, bodyTimestamp: true },
} satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof PATHS_V3;

/**
 * v1.2 endpoints. Confirmed: checkout session create `POST /payments/session` (the v1.2 reference's
 * 收银台创建 page, https://open-aq-paykka.apifox.cn) and token delete `POST /payments/token/remove`
 * (https://docs.paykka.com/payments/apis/payments/openapi/transaction, v1.2 rendering). Every other path is
 * [ASSUMPTION]: the v3 path's tail under `/payments`, as those two are. Every v1.2 body carries `timestamp`
 * (ms), part of the v1.2 signature.
 */
const PATHS_V12: Record<EndpointName, Endpoint> = {
	sessionCreate: { path: '/payments/session', assumed: false, bodyTimestamp: true },
	sessionQuery: { path: '/payments/session/query', assumed: true, bodyTimestamp: true },
	paymentCreate: { path: '/payments', assumed: true, bodyTimestamp: true },
	paymentQuery: { path: '/payments/query', assumed: true, bodyTimestamp: true },
	paymentCapture: { path: '/payments/capture', assumed: true, bodyTimestamp: true },
	paymentVoid: { path: '/payments/void', assumed: true, bodyTimestamp: true },
	refundCreate: { path: '/payments/refund', assumed: true, bodyTimestamp: true },
	refundQuery: { path: '/payments/refund/query', assumed: true, bodyTimestamp: true },
	tokenQuery: { path: '/payments/token/query', assumed: true, bodyTimestamp: true },
	tokenRemove: { path: '/payments/token/remove', assumed: false, bodyTimestamp: true },
	recurringCancel: { path: '/payments/recurring/cancel', assumed: true, bodyTimestamp: true },
};

/** One path table per API version. */
export const PATHS: Record<ApiVersion, Record<EndpointName, Endpoint>> = { v3: PATHS_V3, 'v1.2': PATHS_V12 };

/** The v3 endpoints (the credential's test request names the v3 path; v1.2 maps it with `pathFor`). */
export const ENDPOINTS = PATHS[API_VERSION];

/** The same operation's path in `version`, for a path of any version's table (unknown paths unchanged). */
export function pathFor(version: ApiVersion, path: string): string {
	for (const table of Object.values(PATHS)) {
		const name = (Object.keys(table) as EndpointName[]).find((candidate) => table[candidate].path === path);
		if (name) return PATHS[version][name].path;
	}
	return path;
}

export const SUCCESS_RET_CODE = '000000';
export const SUCCESS_ERROR_CODE = '0000';

/**
 * PayKKa's "not found" answers (https://docs.paykka.com/payments/apis/introduction/response-code):
 * 206024 "The order doesn't exist", 206011 "The session does not exist". Only these prove that an
 * object is absent; a bare HTTP 404 may be a wrong path and proves nothing.
 * [ASSUMPTION] A refund query for an unknown refund answers 206024 too (no refund code is documented).
 */
export const ORDER_NOT_FOUND = '206024';
export const SESSION_NOT_FOUND = '206011';

/** The acknowledgement PayKKa expects for a notification (https://docs.paykka.com/payments/apis/payments/openapi/notify-webhook; PayKKa's plugin answers the same). */
export const NOTIFICATION_ACK = '{"ret_code":"000000","ret_msg":"Success"}';

/** CurrencyEnum as rendered in the docs (possibly truncated; other ISO codes work via expressions). */
export const CURRENCIES: INodePropertyOptions[] = ['AUD', 'CAD', 'CNY', 'EUR', 'GBP', 'HKD', 'INR', 'JPY', 'RUB', 'USD'].map(
	(code) => ({ name: code, value: code }),
);

export const REASONS: INodePropertyOptions[] = [
	{ name: 'Duplicate', value: 'DUPLICATE' },
	{ name: 'Fraudulent', value: 'FRAUDULENT' },
	{ name: 'Other', value: 'OTHER' },
	{ name: 'Requested by Customer', value: 'REQUESTED_BY_CUSTOMER' },
];

/** GatewayOrderStatusEnum (https://docs.paykka.com/payments/apis/payments/openapi/transaction). */
export const ORDER_STATUS_MAP: Record<string, NormalizedStatus> = {
	PROCESSING: 'processing',
	AUTHORIZED: 'authorized',
	SUCCESS: 'paid',
	FAILURE: 'failed',
	CANCELED: 'canceled',
	REFUNDED: 'refunded',
	PARTIALLY_REFUNDED: 'partially_refunded',
	// Part of the amount went back to the shopper.
	PARTIALLY_REVERSED: 'partially_refunded',
};

/** SessionStatusEnum: only PROCESSING is documented; the rest is [ASSUMPTION]. */
export const SESSION_STATUS_MAP: Record<string, NormalizedStatus> = {
	PROCESSING: 'pending',
	SUCCESS: 'paid',
	FAILURE: 'failed',
	EXPIRED: 'expired',
	CLOSED: 'canceled',
};

/** GatewayRefundOrderStatusEnum as handled by PayKKa's WooCommerce plugin (the enum's values are not in the docs). */
export const REFUND_STATUS_MAP: Record<string, NormalizedStatus> = {
	PROCESSING: 'processing',
	REVIEWING: 'processing',
	SUCCESS: 'refunded',
	FAILURE: 'failed',
};

/** notify_type values (https://docs.paykka.com/payments/apis/payments/openapi/notify-webhook) plus the dispute notification's event_type. */
export const NOTIFICATION_EVENTS: INodePropertyOptions[] = [
	{ name: 'Dispute', value: 'DISPUTE', description: 'A chargeback or dispute stage changed (event_type DISPUTE)' },
	{ name: 'Payment Authorized', value: 'PAYMENT.AUTHORIZATION', description: 'Authorised, not captured yet' },
	{ name: 'Payment Canceled', value: 'PAYMENT.CANCELED' },
	{ name: 'Payment Failed', value: 'PAYMENT.FAILURE' },
	{ name: 'Payment Succeeded', value: 'PAYMENT.SUCCESS' },
	{ name: 'Refund Failed', value: 'REFUND.FAILURE' },
	{ name: 'Refund Succeeded', value: 'REFUND.SUCCESS' },
];

/** Hints for codes a user can act on (https://docs.paykka.com/payments/apis/introduction/response-code). */
export const ERROR_HINTS: Record<string, string> = {
	'010000': 'PayKKa rejected a parameter; the message names it.',
	'206002': 'The request carried no signature. Check the PayKKa credentials.',
	'206003':
		'PayKKa could not verify the signature: the merchant private key does not match the public key registered with PayKKa, or the App ID is wrong.',
	'206004': 'The signature timestamp is outside PayKKa\'s 5-minute window: check the clock of the n8n host.',
	'206005': 'Check the Merchant ID in the PayKKa credentials.',
	'206006': 'Upload the merchant public key in the PayKKa portal first.',
	'206011': 'No checkout session matches this reference for this merchant.',
	'206024': 'No order matches this reference for this merchant.',
	'1006': 'This merchant is not allowed to refund; contact PayKKa.',
	'1012': 'Upload the merchant public key in the PayKKa portal first.',
	'2015': 'No recurring agreement with this ID exists.',
	'2016': 'The recurring agreement is not active (already cancelled?).',
};
