import type { INodePropertyOptions } from 'n8n-workflow';

import type { NormalizedStatus } from '../shared/status';

export const CREDENTIAL_TYPE = 'pinddpayApi';

export const BASE_URLS: Record<string, string> = {
	test: 'https://api-test.pinddpay.com',
	production: 'https://api-prod.pinddpay.com',
};

export const PATHS = {
	createSession: '/api/gateway/createsession',
	createTransaction: '/api/gateway/authorization',
	orderDetail: '/api/order/detail',
	createPayout: '/api/payout/create',
};

/**
 * The docs' navigation (http://docs.pinddpay.com/) lists Payout › Query balance and Subscription ›
 * Card › Cancel subscription, but their pages are not public: defaults the user can change per
 * node. [ASSUMPTION]
 */
export const DEFAULT_BALANCE_PATH = '/api/payout/balance';
export const DEFAULT_CANCEL_SUBSCRIPTION_PATH = '/api/subscription/cancel';

/**
 * `order.statusEn`: only `created` and `paid` are documented (Payin webhook,
 * http://docs.pinddpay.com/341969792e0; Query a transaction, http://docs.pinddpay.com/341501367e0);
 * the Enums page is not public, so the rest is [ASSUMPTION].
 */
export const ORDER_STATUS_MAP: Record<string, NormalizedStatus> = {
	created: 'pending',
	processing: 'processing',
	paid: 'paid',
	failed: 'failed',
	cancelled: 'canceled',
	refunded: 'refunded',
	// A dispute needs the merchant's response.
	disputed: 'requires_action',
};

/**
 * Payout `status`: only `CREATED` is documented (Payout webhook, http://docs.pinddpay.com/346256453e0);
 * the rest is [ASSUMPTION].
 */
export const PAYOUT_STATUS_MAP: Record<string, NormalizedStatus> = {
	CREATED: 'pending',
	PROCESSING: 'processing',
	PAID: 'paid',
	FAILED: 'failed',
};

export const SUBSCRIPTION_STATUS_MAP: Record<string, NormalizedStatus> = {
	pending: 'pending',
	active: 'paid',
	cancelled: 'canceled',
};

/** What each webhook event means; preferred over a status field that may lag behind the event. */
export const EVENT_STATUS_MAP: Record<string, NormalizedStatus> = {
	'order.created': 'pending',
	'order.paid': 'paid',
	'order.failed': 'failed',
	'order.refunded': 'refunded',
	'order.disputed': 'requires_action',
	'payout.paid': 'paid',
	'payout.failed': 'failed',
	'subscription.capture.successful': 'paid',
	'subscription.capture.failed': 'failed',
	'subscription.cancelled': 'canceled',
};

export const WEBHOOK_EVENTS: INodePropertyOptions[] = [
	{ name: 'Order Created', value: 'order.created', description: 'Pay-in order created (documented)' },
	{ name: 'Order Disputed', value: 'order.disputed', description: 'The event carries the dispute section' },
	{ name: 'Order Failed', value: 'order.failed' },
	{ name: 'Order Paid', value: 'order.paid' },
	{ name: 'Order Refunded', value: 'order.refunded', description: 'The event carries the refund section' },
	{ name: 'Payout Failed', value: 'payout.failed' },
	{ name: 'Payout Paid', value: 'payout.paid', description: 'Documented' },
	{ name: 'Subscription Cancelled', value: 'subscription.cancelled' },
	{ name: 'Subscription Capture Failed', value: 'subscription.capture.failed' },
	{
		name: 'Subscription Capture Successful',
		value: 'subscription.capture.successful',
		description: 'A recurring charge was captured (documented)',
	},
];

export const PAYOUT_PLATFORMS: INodePropertyOptions[] = [
	{ name: 'Android', value: 'android' },
	{ name: 'iOS', value: 'ios' },
	{ name: 'Web', value: 'web' },
];

export const SUBSCRIPTION_INTERVALS: INodePropertyOptions[] = [
	{ name: 'Day', value: 'day' },
	{ name: 'Week', value: 'week' },
	{ name: 'Month', value: 'month' },
	{ name: 'Year', value: 'year' },
];
