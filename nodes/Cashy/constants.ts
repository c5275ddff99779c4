import type { INodePropertyOptions } from 'n8n-workflow';

import type { NormalizedStatus } from '../shared/status';

export const CREDENTIAL_TYPE = 'cashyApi';

export const CURRENCY = 'COP';

/** COP is entered with at most 2 decimals: the API types amounts as decimal(20,2) (spec B.4.1). */
export const AMOUNT_EXPONENT = 2;

/** 10,000 - 5,000,000 COP for pay-ins and payouts (spec B.4.1, B.4.3), in centavos. */
export const AMOUNT_MIN_MINOR = 1_000_000n;
export const AMOUNT_MAX_MINOR = 500_000_000n;

/** string(32) limits of order numbers, names and the remark (spec B.4). */
export const MAX_FIELD_LENGTH = 32;

export const PAY_TYPE_PSE = '157';
/** Pay type whose payer ID fields may be omitted (seed: "payType=153可不传"). */
export const PAY_TYPE_WITHOUT_ID = '153';
export const PAY_TYPE_OTHER = 'other';

/** Spec B.6: only 157 (PSE) is documented; 153/154 are referenced without a name. */
export const PAY_TYPES: INodePropertyOptions[] = [
	{ name: '153', value: '153', description: 'Payer ID type and number are optional' },
	{ name: '154', value: '154', description: 'The pay type used in Cashy\'s pay-in example' },
	{ name: 'PSE (157)', value: PAY_TYPE_PSE, description: 'Colombian bank transfer; needs user type and bank' },
	{ name: 'Other Code', value: PAY_TYPE_OTHER, description: 'Another pay type code Cashy enabled for you' },
];

/** Payer/payee ID types (spec B.6; the pay-in table is assumed to equal the payout one). */
export const ID_TYPES: INodePropertyOptions[] = [
	{ name: 'CC - Cédula De Ciudadanía', value: '1' },
	{ name: 'CE - Cédula De Extranjería', value: '2' },
	{ name: 'NIT', value: '4' },
	{ name: 'PA - Pasaporte', value: '5' },
	{ name: 'TI - Tarjeta De Identidad', value: '3' },
];

/** PSE user type (spec [ASSUMPTION]: PSE convention). */
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
