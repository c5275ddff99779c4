/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets */
/**
 * IronixPay's constants as the sandbox reads them from IronixPay's public documentation
 * (https://ironixpay.com/guide/*, the API reference at https://api.ironixpay.com/docs) and its
 * public backend (https://github.com/Vincentkovsky/ironixpay-core). Written apart from the node's
 * constants, so a node that misreads the docs fails against the sandbox.
 */

export const IRONIXPAY_TEST_SECRET_KEY = 'sk_test_51a0c3e9d27f4b6a8e1d5c7f9b2a4e60';
export const IRONIXPAY_TEST_LIVE_KEY = 'sk_live_51a0c3e9d27f4b6a8e1d5c7f9b2a4e60';
/** Webhook secrets are `whsec_` + 64 hex characters (guide: webhooks). */
export const IRONIXPAY_TEST_WEBHOOK_SECRET = 'whsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
/** Payouts to the platform treasury are refused (self_transfer); payouts to the AML address too. */
export const IRONIXPAY_TREASURY_ADDRESS = 'TTreasury1111111111111111111111111';
export const IRONIXPAY_AML_BLOCKED_ADDRESS = 'TAmLBLockedAddress1111111111111111';

/** Nile test USDT: the only sandbox token (guide: networks, testing). */
export const NILE_USDT_CONTRACT = 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf';
export const MERCHANT_ID = 'mer_8c1f2e3d4b5a69788796a5b4c3d2e1f0';
export const MERCHANT_NAME = 'Sandbox Merchant';
export const TRON_CONFIRMATIONS = 19;
export const DOC_BASE_URL = 'https://ironixpay.com/guide/errors';

/** Amounts are kept in 6-decimal micro-units, as IronixPay does internally; never floats. */
export const MICRO = 6;
export const ONE = 1_000_000n;
/** Session TTL (SESSION_EXPIRY_MINUTES default 30); an underpaid session gets 24 h more. */
export const SESSION_TTL_MS = 30 * 60_000;
export const UNDERPAID_TTL_MS = 24 * 60 * 60_000;
/** An underpayment within 0.01 token counts as paid. */
export const PAYMENT_TOLERANCE = 10_000n;
/** [ASSUMPTION] platform fee of 1 % of the amount received. */
export const SESSION_FEE_PERCENT = 1n;
/** Flat TRON payout fee (guide: payouts). */
export const PAYOUT_FEE_TRON = 1_500_000n;
export const PAYOUT_MAX = 10_000n * ONE;
export const PAYOUT_DAILY_MAX = 50_000n * ONE;
export const CRYPTO_MAX = 10_000_000n * ONE;
/** Input decimals: 2 for tokens and most fiat, 0 for JPY/KRW (max_input_decimals). */
export const TOKEN_INPUT_DECIMALS = 2;
export const ZERO_DECIMAL_FIAT = ['JPY', 'KRW'];
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A key still "processing" after 60 s is taken over (ZOMBIE_TIMEOUT_SECONDS). */
export const IDEMPOTENCY_STALE_MS = 60_000;
export const METADATA_MAX_BYTES = 4096;
export const METADATA_MAX_KEYS = 50;
export const CLIENT_REFERENCE_MAX_CHARS = 200;
/** Webhook retry schedule and attempts (WEBHOOK_RETRY_MAX default 5; timeout 30 s). */
export const WEBHOOK_DELAYS_MS = [0, 15_000, 60_000, 300_000, 3_600_000, 21_600_000, 86_400_000];
export const WEBHOOK_MAX_ATTEMPTS = 5;
export const WEBHOOK_TIMEOUT_MS = 30_000;

export const NETWORKS = ['TRON', 'BSC', 'ETHEREUM', 'POLYGON', 'ARBITRUM', 'BASE', 'OPTIMISM', 'SOLANA'];
export const SANDBOX_NETWORKS = ['TRON'];
export const TOKENS = ['USDT', 'USDC'];
/** Deterministic stand-ins for the live rates: 1 token = N fiat. */
export const FIAT_RATES: Record<string, string> = {
	USD: '1',
	CNY: '7.2',
	EUR: '0.92',
	GBP: '0.79',
	JPY: '150',
	KRW: '1350',
	SGD: '1.34',
	HKD: '7.8',
	TWD: '32',
	RUB: '90',
};
export const SESSION_STATUSES = ['Pending', 'Underpaid', 'Paid', 'Overpaid', 'Expired', 'Blocked'];
export const PAYOUT_STATUSES = ['Pending', 'Processing', 'Completed', 'Failed', 'PendingApproval', 'Cancelled', 'ApprovalExpired'];
/** The fields each request DTO keeps (what the idempotency hash is computed over). */
export const SESSION_FIELDS = ['pricing_amount', 'pricing_currency', 'currency', 'network', 'client_reference_id', 'success_url', 'cancel_url'];
export const PAYOUT_FIELDS = ['amount', 'currency', 'network', 'to_address', 'description', 'metadata'];
export const SUB_MERCHANT_CREATE_FIELDS = ['sub_merchant_code', 'display_name'];
export const SUB_MERCHANT_UPDATE_FIELDS = ['display_name', 'status'];
export const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const TRON_ADDRESS = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;
