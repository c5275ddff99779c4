/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * What the PayKKa sandbox knows about the wire, written from PayKKa's public docs
 * (https://docs.paykka.com/payments/apis/...) and the v1.2 reference (open-aq-paykka.apifox.cn),
 * not from the node: paths, signing names, codes, enums and the sandbox's own test data.
 */
import * as path from 'path';

export const PAYKKA_SANDBOX_MERCHANT_ID = '18356675194960';
export const PAYKKA_SANDBOX_APP_ID = '978594372956732';
/** A second merchant on API v1.2, started beside the v3 one: the merchant_id of the v1.2 reference's 收银台创建 example (https://open-aq-paykka.apifox.cn). */
export const PAYKKA_SANDBOX_V12_MERCHANT_ID = '18000000000000';
/** The test vector the sandbox trusts by default: `../shared/vectors/` resolved from the repo root. */
export const PAYKKA_TEST_MERCHANT_PUBLIC_KEY_FILE = path.resolve(__dirname, '../../../shared/vectors/paykka_test_merchant_public_spki.pem');

/** Test cards: PayKKa's examples use 4242... and 5555...; the decline and 3-D Secure cards are [ASSUMPTION]. */
export const PAYKKA_TEST_CARDS = {
	success: '4242424242424242',
	successMastercard: '5555555555554444',
	decline: '4000000000000002',
	threeDSecure: '4000000000003220',
};

/** The API generations: each merchant is on one of them. */
export type ApiVersion = 'v3' | 'v1.2';

/** The operations the sandbox serves, named by what they do. */
export type Operation =
	| 'sessionCreate'
	| 'sessionQuery'
	| 'paymentCreate'
	| 'paymentQuery'
	| 'paymentCapture'
	| 'paymentVoid'
	| 'refundCreate'
	| 'refundQuery'
	| 'tokenQuery'
	| 'tokenRemove'
	| 'recurringCancel';

/**
 * v3 paths (https://docs.paykka.com/payments/apis/payments/openapi/transaction and PayKKa's
 * WooCommerce plugin; initiate transaction as PayKKa's JS test tool signs it). [ASSUMPTION] capture,
 * session query and token query: the docs show the schemas (PaymentsCaptureReqDto, 收银台查询 POST,
 * QueryTokenReqDto) but not the paths.
 * v1.2 paths: `/payments/session` (the v1.2 reference's 收银台创建 page) and `/payments/token/remove`
 * (v1.2 rendering of the transaction reference); every other v1.2 path is [ASSUMPTION] (the v3 tail under /payments).
 */
export const PATHS: Record<ApiVersion, Record<Operation, string>> = {
	v3: {
		sessionCreate: '/v3/payment/acq/session',
		sessionQuery: '/v3/payment/acq/session/query',
		paymentCreate: '/v3/payment/acq',
		paymentQuery: '/v3/payment/acq/query',
		paymentCapture: '/v3/payment/acq/capture',
		paymentVoid: '/v3/payment/acq/void',
		refundCreate: '/v3/payment/acq/refund',
		refundQuery: '/v3/payment/acq/refund/query',
		// Paths, not secrets (the operations read / delete stored card tokens).
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets
		tokenQuery: '/v3/payment/acq/token/query',
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets
		tokenRemove: '/v3/payment/acq/token/remove',
		recurringCancel: '/v3/payment/acq/recurring/cancel',
	},
	'v1.2': {
		sessionCreate: '/payments/session',
		sessionQuery: '/payments/session/query',
		paymentCreate: '/payments',
		paymentQuery: '/payments/query',
		paymentCapture: '/payments/capture',
		paymentVoid: '/payments/void',
		refundCreate: '/payments/refund',
		refundQuery: '/payments/refund/query',
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets
		tokenQuery: '/payments/token/query',
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets
		tokenRemove: '/payments/token/remove',
		recurringCancel: '/payments/recurring/cancel',
	},
};

/** https://docs.paykka.com/payments/apis/introduction/api-certification-v1: v1.2 headers' fixed values. */
export const V12_SIGN_TYPE = 'RSA256';
export const V12_VERSION = 'v1.2';

/** https://docs.paykka.com/payments/apis/introduction/api-certification: the only v3 algorithm. */
export const SIGN_ALGORITHM = 'SHA256_WITH_RSA';
/** Same page: the request timestamp must be within 5 minutes of server time. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** [ASSUMPTION] How long a hosted session stays payable when no expire_time is sent. */
export const SESSION_TTL_MS = 30 * 60_000;
/** [ASSUMPTION] PayKKa publishes no retry schedule: retry non-2xx or timeouts (10 s) after 1m, 5m, 15m, 1h, 6h. */
export const WEBHOOK_DELAYS_MS = [0, 60_000, 300_000, 900_000, 3_600_000, 21_600_000];
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Void/refund reasons (void page of the docs; the refund reasons as the plugin sends them). */
export const REASONS = ['DUPLICATE', 'FRAUDULENT', 'REQUESTED_BY_CUSTOMER', 'OTHER'];

/** ret_codes (https://docs.paykka.com/payments/apis/introduction/response-code). */
export const RET = {
	success: '000000',
	invalidVersion: '206001',
	system: '999999',
	invalid: '010000',
	signatureMissing: '206002',
	signatureError: '206003',
	signatureExpired: '206004',
	merchantMissing: '206005',
	sessionMissing: '206011',
	shopperReferenceMissing: '210002',
	orderMissing: '206024',
} as const;
