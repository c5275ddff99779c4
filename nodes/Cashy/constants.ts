import type { INodePropertyOptions } from 'n8n-workflow';

import type { NormalizedStatus } from '../shared/status';

export const CREDENTIAL_TYPE = 'cashyApi';

export const CURRENCY = 'COP';

/**
 * Amounts are decimal(20,2) and travel as JSON numbers with two decimals (`"amount":10000.00`), as
 * in every example of https://docs.cashypro.com/en_us/col/payin.html ("Create Payin Order").
 */
export const AMOUNT_EXPONENT = 2;

/** "金额10000-5000000": 10,000 - 5,000,000 COP for pay-ins and payouts (payin.html, payout.html), in centavos. */
export const AMOUNT_MIN_MINOR = 1_000_000n;
export const AMOUNT_MAX_MINOR = 500_000_000n;

/**
 * Length limits of the request fields: string(32) unless listed (payin.html and payout.html tables,
 * English pages; where the Chinese page allows 64 for a name or email, the English 32 is kept).
 */
export const MAX_FIELD_LENGTH = 32;
export const MAX_LENGTHS = {
	notifyUrl: 250,
	userType: 16,
} as const;

/**
 * Cashy's answer to a query for an order it does not have. [ASSUMPTION] Its "Common Error Messages"
 * list (https://docs.cashypro.com/en_us/pak/appendix.html) is cut off in every retrieved copy and no
 * "not found" key is published: `{"code":500,"msg":"Order_not_exist"}` is assumed. Any other failure
 * means "cannot tell", and a create that depends on it is not sent.
 */
export const ORDER_NOT_FOUND_MESSAGES: readonly string[] = ['Order_not_exist'];

/** Cashy's bank IDs: integers (Java int) from its bank lists, as an editor-validation regex (hence a string). */
export const BANK_ID_PATTERN = '^[1-9]\\d{0,8}$';

export const PAY_TYPE_PSE = '157';
/** Pay type whose payer ID fields may be omitted ("payType=153可不传" at idType and idCard, "Create Payin Order", https://docs.cashypro.com/en_us/col/payin.html). */
export const PAY_TYPE_WITHOUT_ID = '153';
export const PAY_TYPE_OTHER = 'other';

/** Only 157 (PSE) is named in Cashy's docs; 153 and 154 appear in the pay-in page without a name. */
export const PAY_TYPES: INodePropertyOptions[] = [
	{ name: '153', value: '153', description: 'Payer ID type and number are optional' },
	{ name: '154', value: '154', description: 'The pay type used in Cashy\'s pay-in example' },
	{ name: 'PSE (157)', value: PAY_TYPE_PSE, description: 'Colombian bank transfer; needs user type and bank' },
	{ name: 'Other Code', value: PAY_TYPE_OTHER, description: 'Another pay type code Cashy enabled for you' },
];

/** Payer/payee ID types ("Payout Payee ID Type", https://docs.cashypro.com/en_us/col/appendix.html; [ASSUMPTION] the unpublished pay-in table is the same). */
export const ID_TYPES: INodePropertyOptions[] = [
	{ name: 'CC - Cédula De Ciudadanía', value: '1' },
	{ name: 'CE - Cédula De Extranjería', value: '2' },
	{ name: 'NIT', value: '4' },
	{ name: 'PA - Pasaporte', value: '5' },
	{ name: 'TI - Tarjeta De Identidad', value: '3' },
];

/** PSE user type. [ASSUMPTION] Cashy's table is not published; PSE's own convention is used. */
export const USER_TYPES: INodePropertyOptions[] = [
	{ name: 'Natural Person', value: '1' },
	{ name: 'Legal Entity', value: '2' },
];

export const ACCOUNT_TYPES: INodePropertyOptions[] = [
	{ name: 'Corriente (Checking)', value: '0' },
	{ name: 'Ahorro (Savings, Also E-Wallets)', value: '1' },
];

export const PAYIN_STATUS_MAP: Record<string, NormalizedStatus> = {
	PAYING: 'pending',
	SUCCESS: 'paid',
	FAIL: 'failed',
	CANCEL: 'canceled',
};

export const PAYOUT_STATUS_MAP: Record<string, NormalizedStatus> = {
	PROCESSING: 'processing',
	WAITING: 'pending',
	PAYING: 'processing',
	SUCCESS: 'paid',
	FAIL: 'failed',
	CANCEL: 'canceled',
};

export const PATHS = {
	payIn: '/api/payIn',
	payInQuery: '/api/payInQuery',
	payOut: '/api/payOut',
	payOutQuery: '/api/payOutQuery',
	balance: '/api/getBalance',
	payoutBanks: '/api/bankListQuery',
	payInBanks: '/api/payInBankListQuery',
} as const;

export const NOTIFICATION_TYPES: INodePropertyOptions[] = [
	{ name: 'Pay-In Notification', value: 'payIn', description: 'Final status of a pay-in order' },
	{ name: 'Payout Notification', value: 'payout', description: 'Final status of a payout order' },
];
