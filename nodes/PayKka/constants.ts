import type { INodePropertyOptions } from 'n8n-workflow';

import type { NormalizedStatus } from '../shared/status';

export const CREDENTIAL_TYPE = 'payKkaApi';

/** Spec A1: v3 hosts. Production has regional hosts (EU, HK). */
export const BASE_URLS: Record<string, string> = {
	sandbox: 'https://openapi-sandbox.paykka.com',
	productionEu: 'https://openapi.eu.paykka.com',
	productionHk: 'https://openapi.aq.paykka.com',
};

export interface Endpoint {
	path: string;
	/** True where spec A5 marks the path [ASSUMPTION]: not confirmed by PayKKa's docs. */
	assumed: boolean;
	/** The docs list a body `timestamp` (ms) for this operation; elsewhere v3 omits it like the plugin. */
	bodyTimestamp?: boolean;
}

/**
 * Every v3 endpoint the node and the sandbox use. All PayKKa operations are POST + JSON.
 * Paths marked `assumed` are the spec's proposals: correct them here once confirmed.
 */
export const ENDPOINTS = {
	sessionCreate: { path: '/v3/payment/acq/session', assumed: false },
	sessionQuery: { path: '/v3/payment/acq/session/query', assumed: true },
	paymentQuery: { path: '/v3/payment/acq/query', assumed: false },
	paymentCapture: { path: '/v3/payment/acq/capture', assumed: true },
	paymentVoid: { path: '/v3/payment/acq/void', assumed: false },
	refundCreate: { path: '/v3/payment/acq/refund', assumed: false },
	refundQuery: { path: '/v3/payment/acq/refund/query', assumed: false },
	tokenRemove: { path: '/v3/payment/acq/token/remove', assumed: false, bodyTimestamp: true },
	recurringCancel: { path: '/v3/payment/acq/recurring/cancel', assumed: false, bodyTimestamp: true },
} satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

export const SUCCESS_RET_CODE = '000000';
export const SUCCESS_ERROR_CODE = '0000';

/** The acknowledgement PayKKa expects for a notification (spec A7). */
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

/** GatewayOrderStatusEnum (spec A8). */
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

/** SessionStatusEnum: only PROCESSING is documented; the rest is the spec's [ASSUMPTION]. */
export const SESSION_STATUS_MAP: Record<string, NormalizedStatus> = {
	PROCESSING: 'pending',
	SUCCESS: 'paid',
	FAILURE: 'failed',
	EXPIRED: 'expired',
	CLOSED: 'canceled',
};

/** GatewayRefundOrderStatusEnum as handled by the plugin (spec A8). */
export const REFUND_STATUS_MAP: Record<string, NormalizedStatus> = {
	PROCESSING: 'processing',
	REVIEWING: 'processing',
	SUCCESS: 'refunded',
	FAILURE: 'failed',
};

/** notify_type values (spec A7) plus the dispute notification's event_type. */
export const NOTIFICATION_EVENTS: INodePropertyOptions[] = [
	{ name: 'Dispute', value: 'DISPUTE', description: 'A chargeback or dispute stage changed (event_type DISPUTE)' },
	{ name: 'Payment Authorized', value: 'PAYMENT.AUTHORIZATION', description: 'Authorised, not captured yet' },
	{ name: 'Payment Canceled', value: 'PAYMENT.CANCELED' },
	{ name: 'Payment Failed', value: 'PAYMENT.FAILURE' },
	{ name: 'Payment Succeeded', value: 'PAYMENT.SUCCESS' },
	{ name: 'Refund Failed', value: 'REFUND.FAILURE' },
	{ name: 'Refund Succeeded', value: 'REFUND.SUCCESS' },
];

/** Hints for codes a user can act on (spec A4). */
export const ERROR_HINTS: Record<string, string> = {
	'010000': 'PayKKa rejected a parameter; the message names it.',
	'206002': 'The request carried no signature. Check the PayKKa credentials.',
	'206003':
		'PayKKa could not verify the signature: the merchant private key does not match the public key registered with PayKKa, or the App ID is wrong.',
	'206004': 'The signature timestamp is outside PayKKa\'s 5-minute window: check the clock of the n8n host.',
	'206005': 'Check the Merchant ID in the PayKKa credentials.',
	'206006': 'Upload the merchant public key in the PayKKa portal first.',
	'206011': 'No checkout session with this ID exists for this merchant.',
	'206024': 'No order matches this reference for this merchant.',
	'1006': 'This merchant is not allowed to refund; contact PayKKa.',
	'1012': 'Upload the merchant public key in the PayKKa portal first.',
	'2015': 'No recurring agreement with this ID exists.',
	'2016': 'The recurring agreement is not active (already cancelled?).',
};
