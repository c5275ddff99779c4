/**
 * Cashy's Colombia API as its public documentation states it (https://docs.cashypro.com/en_us/col/payin.html,
 * payout.html, other-query.html, appendix.html), written for the sandbox alone: nothing here is
 * shared with the nodes, so a node that misreads the docs fails against it.
 */

/** The synthetic key of the signature examples, and a merchant id from Cashy's examples. */
export const CASHY_TEST_MERCHANT_ID = '1002001';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- the published synthetic test key, not a secret
export const CASHY_TEST_API_KEY = 'TESTAPIKEY0123456789';

export const PATHS = {
	payIn: '/api/payIn',
	payInQuery: '/api/payInQuery',
	payOut: '/api/payOut',
	payOutQuery: '/api/payOutQuery',
	balance: '/api/getBalance',
	payoutBanks: '/api/bankListQuery',
	payInBanks: '/api/payInBankListQuery',
} as const;

const MINUTE_MS = 60_000;
/** First attempt at once, then the documented retries: 1, 2, 4 ... 512 minutes (10 retries). */
export const CASHY_NOTIFY_DELAYS_MS = [0, ...Array.from({ length: 10 }, (_, i) => 2 ** i * MINUTE_MS)];
export const CASHY_NOTIFY_MAX_ATTEMPTS = CASHY_NOTIFY_DELAYS_MS.length;

/** decimal(20,2): two decimals; "金额10000-5000000" in centavos. */
export const AMOUNT_DECIMALS = 2;
export const AMOUNT_MIN = 1_000_000n;
export const AMOUNT_MAX = 500_000_000n;

/** string(n) limits of the request tables (English pages; 32 wherever the Chinese page says 64). */
export const DEFAULT_MAX_LENGTH = 32;
export const MAX_LENGTHS: Record<string, number> = { notifyUrl: 250, userType: 16 };

export const PAY_TYPES = [153, 154, 157];
export const PAY_TYPE_PSE = 157;
/** "payType=153可不传": the payer's ID may be left out. */
export const PAY_TYPE_WITHOUT_ID = 153;
export const ID_TYPES = ['1', '2', '3', '4', '5'];
/** [ASSUMPTION] PSE user types (table not published): 1 natural person, 2 legal entity. */
export const USER_TYPES = ['1', '2'];
export const ACCOUNT_TYPES = ['0', '1'];

export const COLOMBIA_UTC_OFFSET_MS = -5 * 60 * MINUTE_MS;

/**
 * [ASSUMPTION] Failures: HTTP 200 with `{code: 500, msg: <key>, data: null}` ("Common Error Messages"
 * gives the keys, not the code). `Order_not_exist` (a query for an unknown order),
 * `Params_mchOrderNo_error` (a duplicate) and `MERCHANT_BALANCE_NOT_ENOUGH` are not published.
 */
export const FAILURE_CODE = 500;
export const ORDER_NOT_FOUND = 'Order_not_exist';

export interface Bank {
	bankId: number;
	bankCode: string;
	bankName: string;
	bankType: 'BANK' | 'EWALLET';
}

const bank = (bankId: number, bankCode: string, bankName: string, bankType: Bank['bankType'] = 'BANK'): Bank => ({
	bankId,
	bankCode,
	bankName,
	bankType,
});

/** Payout banks: the COL appendix table. */
export const CASHY_PAYOUT_BANKS: Bank[] = [
	bank(2, '1059', 'BANCAMIA'), bank(3, '1040', 'BANCO AGRARIO'), bank(4, '1052', 'AV VILLAS'),
	bank(5, '1013', 'BBVA COLOMBIA'), bank(6, '1032', 'CAJA SOCIAL'), bank(7, '1066', 'COOPCENTRAL'),
	bank(8, '1558', 'CREDIFINANCIERA'), bank(9, '1051', 'DAVIVIENDA'), bank(10, '1001', 'BANCO DE BOGOTA'),
	bank(11, '1023', 'OCCIDENTE'), bank(12, '1062', 'FALABELLA'), bank(13, '1012', 'GNB SUDAMERIS'),
	bank(15, '1060', 'PICHINCHA'), bank(16, '1002', 'POPULAR'), bank(17, '1065', 'SANTANDER'),
	bank(18, '1069', 'SERFINANZA'), bank(19, '1303', 'UNION (antes GIROS)'), bank(20, '1007', 'BANCOLOMBIA'),
	bank(21, '1061', 'BANCOOMEVA'), bank(22, '1283', 'CFA'), bank(23, '1009', 'CITIBANK'),
	bank(24, '1370', 'COLTEFINANCIERA'), bank(25, '1292', 'CONFIAR'), bank(26, '1291', 'COOFINEP'),
	bank(27, '1289', 'COTRAFA'), bank(29, '1551', 'DAVIPLATA', 'EWALLET'), bank(30, '1637', 'IRIS'),
	bank(33, '2209', 'NEQUI', 'EWALLET'), bank(34, '1019', 'SCOTIABANK COLPATRIA'), bank(35, '1067', 'Mibanco'),
	bank(37, '1063', 'Finandina'), bank(38, '1064', 'Multibank'), bank(39, '1058', 'Procredit'),
	bank(40, '1053', 'Banco W'), bank(41, '1031', 'Bancóldex'),
];

/** PSE banks: [ASSUMPTION] the real list was not retrieved; same shape as the payout list. */
export const CASHY_PAYIN_BANKS: Bank[] = [
	bank(1, '1007', 'BANCOLOMBIA'), bank(2, '1051', 'DAVIVIENDA'), bank(3, '1001', 'BANCO DE BOGOTA'),
	bank(4, '1013', 'BBVA COLOMBIA'), bank(5, '1052', 'AV VILLAS'), bank(6, '1023', 'OCCIDENTE'),
	bank(7, '1551', 'DAVIPLATA', 'EWALLET'), bank(8, '1507', 'NEQUI', 'EWALLET'),
];
