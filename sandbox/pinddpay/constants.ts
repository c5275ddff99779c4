/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- sandbox-only test credentials */
/**
 * The sandbox's own constants, written from Pinddpay's public docs (http://docs.pinddpay.com/)
 * and the behaviour of Admin.NET, the framework its API is built on. Nothing here is shared with
 * the nodes, so a node that misreads the docs fails against the sandbox.
 */

export const PINDDPAY_TEST_ACCESS_KEY = 'Pq7mXz2LrT9vKd4NsW1bYa';
export const PINDDPAY_TEST_SECRET = 'Hc3uVn8JeQ5wRt0ZkL6pMg';
export const PINDDPAY_TEST_APP_ID = 'sandbox-app';

/** The docs' "Test cards" page is not public [ASSUMPTION]: these card numbers drive the outcome. */
export const PINDDPAY_TEST_CARDS = {
	success: '4242424242424242',
	declined: '4000000000000002',
	insufficientFunds: '4000000000009995',
} as const;

export const CARD_OUTCOMES: Record<string, { code: string; message: string } | null> = {
	[PINDDPAY_TEST_CARDS.success]: null,
	[PINDDPAY_TEST_CARDS.declined]: { code: 'card_declined', message: 'Your card was declined' },
	[PINDDPAY_TEST_CARDS.insufficientFunds]: { code: 'insufficient_funds', message: 'Your card has insufficient funds' },
};

/** API paths: the docs' pages, or [ASSUMPTION] where the page is not public. */
export const API_PATHS = {
	/** Create order session (http://docs.pinddpay.com/ › Payin › Create order session). */
	createSession: '/api/gateway/createsession',
	/** Create a transaction, "to be deprecated" (http://docs.pinddpay.com/330499047e0). */
	authorization: '/api/gateway/authorization',
	/** Query a transaction: `?id=` (http://docs.pinddpay.com/341501367e0). */
	orderDetail: '/api/order/detail',
	/** Create a payout (http://docs.pinddpay.com/346239672e0). */
	createPayout: '/api/payout/create',
	/** Query balance: page not public [ASSUMPTION]; both plausible paths answer. */
	balance: ['/api/payout/balance', '/api/merchant/Balance'],
	/** Cancel subscription: page not public, only "POST" shows [ASSUMPTION]. */
	cancelSubscription: '/api/subscription/cancel',
} as const;

/** Admin.NET SignatureAuthenticationOptions.AllowedDateDrift; nonces are remembered twice as long. */
export const DEFAULT_DRIFT_SECONDS = 300;

/** [ASSUMPTION] Pinddpay documents no retry schedule; the last delay repeats. */
export const WEBHOOK_DELAYS_MS = [0, 5_000, 30_000, 120_000, 600_000];
export const WEBHOOK_MAX_ATTEMPTS = 6;

export type OrderStatus = 'created' | 'processing' | 'paid' | 'failed' | 'cancelled' | 'refunded' | 'disputed';

/**
 * `status` is a Chinese label beside the machine value `statusEn` (Query a transaction shows
 * `已付款` / `paid`); the other labels are [ASSUMPTION].
 */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
	created: '已创建',
	processing: '处理中',
	paid: '已付款',
	failed: '支付失败',
	cancelled: '已取消',
	refunded: '已退款',
	disputed: '争议中',
};

/** `subscription.interval`: the docs show `month` [ASSUMPTION for the others]. */
export const INTERVALS = ['day', 'week', 'month', 'year'];
/** Payout `platform`: the docs show `ios` [ASSUMPTION for the others]. */
export const PLATFORMS = ['ios', 'android', 'web'];

/** ISO 4217 minor-unit exponents other than 2 (amounts are major units, e.g. 1.99 USD). */
const EXPONENTS: Record<string, number> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
	UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
	CLF: 4, UYW: 4,
};

/** Decimals of an ISO 4217 code (three letters), or undefined for anything else. */
export function currencyDecimals(currency: string): number | undefined {
	return /^[A-Z]{3}$/.test(currency) ? (EXPONENTS[currency] ?? 2) : undefined;
}
