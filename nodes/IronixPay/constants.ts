import type { INodePropertyOptions } from 'n8n-workflow';

import type { BaseUrls } from '../shared/baseUrl';
import type { NormalizedStatus } from '../shared/status';

export const CREDENTIAL_TYPE = 'ironixPayApi';

/** API hosts by credential environment (https://ironixpay.com/guide/testing). */
export const BASE_URLS: BaseUrls = {
	sandbox: 'https://sandbox.ironixpay.com',
	production: 'https://api.ironixpay.com',
};
/** The host of a credential without a known environment. */
export const FALLBACK_ENVIRONMENT = 'sandbox';

/**
 * Token amounts are entered with at most 2 decimals (https://github.com/Vincentkovsky/ironixpay-core,
 * backend/src/api/dtos/checkout.rs and dtos/payouts.rs); fiat pricing uses ISO exponents.
 */
export const TOKEN_EXPONENTS = { USDT: 2, USDC: 2 };

export const TOKENS: INodePropertyOptions[] = [
	{ name: 'USDT', value: 'USDT' },
	{ name: 'USDC', value: 'USDC', description: 'Not available on TRON or in the sandbox' },
];

export const NETWORKS: INodePropertyOptions[] = [
	{ name: 'Arbitrum', value: 'ARBITRUM' },
	{ name: 'Base', value: 'BASE' },
	{ name: 'BSC', value: 'BSC' },
	{ name: 'Ethereum', value: 'ETHEREUM' },
	{ name: 'Optimism', value: 'OPTIMISM' },
	{ name: 'Polygon', value: 'POLYGON' },
	{ name: 'Solana', value: 'SOLANA' },
	{ name: 'TRON', value: 'TRON', description: 'The only network in the sandbox' },
];

export const FIAT_PRICING_CURRENCIES = ['USD', 'CNY', 'EUR', 'GBP', 'JPY', 'KRW', 'SGD', 'HKD', 'TWD', 'RUB'];

/** What IronixPay's ids look like; nothing else is ever put into a request path. */
export const SESSION_ID_PATTERN = /^cs_[A-Za-z0-9]+$/;
export const PAYOUT_ID_PATTERN = /^po_[A-Za-z0-9]+$/;

export const SESSION_STATUSES = ['Pending', 'Underpaid', 'Paid', 'Overpaid', 'Expired', 'Blocked'];

export const SESSION_STATUS_MAP: Record<string, NormalizedStatus> = {
	Pending: 'pending',
	Underpaid: 'partially_paid',
	Paid: 'paid',
	Overpaid: 'overpaid',
	Expired: 'expired',
	Blocked: 'blocked',
};

export const PAYOUT_STATUS_MAP: Record<string, NormalizedStatus> = {
	PendingApproval: 'requires_action',
	Pending: 'pending',
	Processing: 'processing',
	Completed: 'paid',
	Failed: 'failed',
	Cancelled: 'canceled',
	ApprovalExpired: 'expired',
};

/** Per-payout limit enforced by the service (10,000 per payout, https://ironixpay.com/guide/payouts), in token cents. */
export const PAYOUT_MAX_CENTS = 1_000_000n;
export const AMOUNT_MIN_CENTS = 100n;
export const CHECKOUT_MAX_CENTS = 1_000_000_000n;

/**
 * Address formats per chain family, checked before any request (https://github.com/Vincentkovsky/ironixpay-core,
 * backend/src/api/dtos/payouts.rs; https://ironixpay.com/guide/payouts).
 */
export const ADDRESS_PATTERNS: Record<string, RegExp> = {
	TRON: /^T[1-9A-HJ-NP-Za-km-z]{33}$/,
	SOLANA: /^[1-9A-HJ-NP-Za-km-z]{32,44}$/,
	EVM: /^0x(?!0{40}$)[0-9a-fA-F]{40}$/,
};

export const WEBHOOK_EVENTS: INodePropertyOptions[] = [
	{ name: 'Payout Completed', value: 'payout.completed' },
	{ name: 'Payout Failed', value: 'payout.failed', description: 'The amount went back to the balance' },
	{ name: 'Session Blocked', value: 'session.blocked', description: 'Blocked by the AML check' },
	{ name: 'Session Completed', value: 'session.completed', description: 'Paid or overpaid' },
	{ name: 'Session Expired', value: 'session.expired', description: 'May include partial payments' },
	{ name: 'Session Resolved', value: 'session.resolved', description: 'Accepted or attached in the dashboard' },
];
