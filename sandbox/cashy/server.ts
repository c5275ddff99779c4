/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/require-node-api-error */
/**
 * Local stand-in for Cashy's Colombia API (spec: specs/cop-payin.md, part B). Speaks the wire
 * format: POST + JSON everywhere, MerchantId + Sign headers (MD5 of the raw body + apiKey),
 * `{code, msg, data}` envelopes with Cashy's error keys inside HTTP 200, unique mchOrderNo, the
 * pay-in and payout status machines, payouts against a balance, bank lists, and signed
 * notifications retried after 1, 2, 4 ... 512 minutes until the receiver answers `SUCCESS`.
 * Test-only controls live under /_sandbox/ and need no signature.
 */
import { createHash, randomInt } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';

import { decimalToMinor, minorToDecimal, toDecimalString } from '../../nodes/shared/money';
import type { FaultInjector } from '../shared/faults';
import { header, Router, sendJson, sendText, startHttpServer } from '../shared/server';
import { WebhookDispatcher } from '../shared/webhook-dispatcher';

/** The synthetic key of the spec's vectors, and a merchant id from Cashy's examples. */
export const CASHY_TEST_MERCHANT_ID = '1002001';
export const CASHY_TEST_API_KEY = 'TESTAPIKEY0123456789';

const MINUTE_MS = 60_000;
/** First attempt at once, then the documented retries: 1, 2, 4 ... 512 minutes (10 retries). */
export const CASHY_NOTIFY_DELAYS_MS = [0, ...Array.from({ length: 10 }, (_, i) => 2 ** i * MINUTE_MS)];
export const CASHY_NOTIFY_MAX_ATTEMPTS = CASHY_NOTIFY_DELAYS_MS.length;

const AMOUNT_MIN = 1_000_000n; // 10,000.00 COP in centavos
const AMOUNT_MAX = 500_000_000n; // 5,000,000.00 COP
const PAY_TYPES = [153, 154, 157];
const PAY_TYPE_PSE = 157;
const PAY_TYPE_WITHOUT_ID = 153;
const ID_TYPES = ['1', '2', '3', '4', '5'];
const USER_TYPES = ['1', '2'];
const COLOMBIA_UTC_OFFSET_MS = -5 * 60 * MINUTE_MS;

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

/** Payout banks: the COL appendix table (spec B.6). */
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

export interface CashySandboxOptions {
	/** 0 = a free port (tests); the CLI uses 4104. */
	port?: number;
	merchantId?: string;
	apiKey?: string;
	/** Multiplies the notification retry delays (e.g. 0.0001 in tests). */
	timeScale?: number;
	/** Available and unavailable balance, decimal COP strings. */
	initialBalance?: string;
	initialUnavailableBalance?: string;
	/** [ASSUMPTION] fees: pay-in percentage in basis points, payout fixed fee in COP. */
	payInFeeBasisPoints?: number;
	payoutFee?: string;
	/** Opt-in (spec B.3): reject a nonceStr seen before with Params_nonceStr_error. */
	rejectRepeatedNonce?: boolean;
	/** Sends every notification here instead of the order's notifyUrl. */
	notifyUrlOverride?: string;
}

export type ResolvedCashyOptions = Required<Omit<CashySandboxOptions, 'notifyUrlOverride'>> & { notifyUrlOverride?: string };

export interface PayInRecord {
	orderNo: string;
	mchOrderNo: string;
	payType: number;
	amount: bigint;
	fee: bigint;
	status: 'PAYING' | 'SUCCESS' | 'FAIL' | 'CANCEL';
	notifyUrl: string;
	payCode: string;
	payUrl: string;
	channelOrderNo: string;
	completionTime?: string;
	request: Record<string, unknown>;
}

export interface PayoutRecord {
	orderNo: string;
	mchOrderNo: string;
	amount: bigint;
	fee: bigint;
	status: 'PROCESSING' | 'WAITING' | 'PAYING' | 'SUCCESS' | 'FAIL' | 'CANCEL';
	resultDesc?: string;
	notifyUrl: string;
	completionTime?: string;
	request: Record<string, unknown>;
}

export interface ReceivedRequest {
	method: string;
	path: string;
	merchantId?: string;
	sign?: string;
	rawBody: string;
	/** The envelope code answered (200 = accepted). */
	code?: number;
	msg?: string;
}

export interface SentNotification {
	id: string;
	kind: 'payIn' | 'payout';
	url: string;
	body: string;
	sign: string;
}

export interface CashySandbox {
	url: string;
	port: number;
	options: ResolvedCashyOptions;
	dispatcher: WebhookDispatcher;
	/** Injected HTTP faults and per-path request counts (shared sandbox server, `/_sandbox/faults`). */
	faults: FaultInjector;
	payIns: ReadonlyMap<string, PayInRecord>;
	payouts: ReadonlyMap<string, PayoutRecord>;
	/** Every API request received (controls excluded), in order. */
	requests: readonly ReceivedRequest[];
	notifications: readonly SentNotification[];
	balance(): { balance: string; unBalance: string };
	close(): Promise<void>;
}

/** A Cashy business failure: HTTP 200, `{code: 500, msg: key, data: null}` (spec B.7 [ASSUMPTION]). */
class CashyFailure extends Error {
	constructor(readonly msg: string) {
		super(msg);
	}
}

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** A number written to JSON exactly as given (`10000.0`), the way Cashy's Java side prints decimals. */
class JsonNumber {
	constructor(readonly text: string) {}
}

function toJson(value: unknown): string {
	if (value instanceof JsonNumber) return value.text;
	if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, item]) => item !== undefined);
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** Minor units as a JSON decimal with at least one decimal place: 1000000n -> 10000.0. */
function decimalNumber(minor: bigint): JsonNumber {
	const text = minorToDecimal(minor, 2).replace(/0$/, '');
	return new JsonNumber(text);
}

const md5Sign = (rawBody: Buffer | string, apiKey: string) =>
	createHash('md5').update(rawBody).update(apiKey, 'utf8').digest('hex').toUpperCase();

const digits = (length: number) => Array.from({ length }, () => randomInt(10)).join('');

function colombiaTime(date = new Date()): string {
	return new Date(date.getTime() + COLOMBIA_UTC_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
}

// ---------- request field rules (Params_xxx_Required / Params_xxx_error) ----------

type Body = Record<string, unknown>;

function present(body: Body, field: string): boolean {
	return body[field] !== undefined && body[field] !== null && body[field] !== '';
}

function requiredText(body: Body, field: string, maxLength = 32): string {
	if (!present(body, field)) throw new CashyFailure(`Params_${field}_Required`);
	return optionalText(body, field, maxLength) as string;
}

function optionalText(body: Body, field: string, maxLength = 32): string | undefined {
	if (!present(body, field)) return undefined;
	const value = body[field];
	if (typeof value !== 'string' && typeof value !== 'number') throw new CashyFailure(`Params_${field}_error`);
	const text = String(value);
	if (text.length > maxLength) throw new CashyFailure(`Params_${field}_error`);
	return text;
}

/** int fields accept a JSON integer or digits in a string (the docs show both). */
function requiredInt(body: Body, field: string): number {
	const text = requiredText(body, field, 10);
	if (!/^\d+$/.test(text)) throw new CashyFailure(`Params_${field}_error`);
	return Number(text);
}

function requiredAmount(body: Body): bigint {
	if (!present(body, 'amount')) throw new CashyFailure('Params_amount_Required');
	let minor: bigint;
	try {
		minor = decimalToMinor(toDecimalString(body.amount), 2);
	} catch {
		throw new CashyFailure('Params_amount_error');
	}
	if (minor < AMOUNT_MIN || minor > AMOUNT_MAX) throw new CashyFailure('Params_amount_error');
	return minor;
}

function requiredUrl(body: Body, field: string): string {
	const text = requiredText(body, field, 250);
	try {
		const url = new URL(text);
		if (url.protocol === 'http:' || url.protocol === 'https:') return text;
	} catch {
		// reported below
	}
	throw new CashyFailure(`Params_${field}_error`);
}

function oneOf(body: Body, field: string, allowed: string[], required = true): string | undefined {
	const value = required ? requiredText(body, field) : optionalText(body, field);
	if (value !== undefined && !allowed.includes(value)) throw new CashyFailure(`Params_${field}_error`);
	return value;
}

function bankFrom(list: Bank[], body: Body): number {
	const id = requiredInt(body, 'bankId');
	if (!list.some((entry) => entry.bankId === id)) throw new CashyFailure('Params_bankId_error');
	return id;
}

// ---------- the sandbox ----------

export async function startCashySandbox(options: CashySandboxOptions = {}): Promise<CashySandbox> {
	const resolved: ResolvedCashyOptions = {
		port: options.port ?? 0,
		merchantId: options.merchantId ?? CASHY_TEST_MERCHANT_ID,
		apiKey: options.apiKey ?? CASHY_TEST_API_KEY,
		timeScale: options.timeScale ?? 1,
		initialBalance: options.initialBalance ?? '10000000.00',
		initialUnavailableBalance: options.initialUnavailableBalance ?? '0',
		payInFeeBasisPoints: options.payInFeeBasisPoints ?? 300,
		payoutFee: options.payoutFee ?? '3000.00',
		rejectRepeatedNonce: options.rejectRepeatedNonce ?? false,
		notifyUrlOverride: options.notifyUrlOverride,
	};

	const payIns = new Map<string, PayInRecord>();
	const payouts = new Map<string, PayoutRecord>();
	const requests: ReceivedRequest[] = [];
	const notifications: SentNotification[] = [];
	const seenNonces = new Set<string>();
	let available = decimalToMinor(resolved.initialBalance, 2);
	let unavailable = decimalToMinor(resolved.initialUnavailableBalance, 2);
	const payoutFee = decimalToMinor(resolved.payoutFee, 2);
	let baseUrl = '';

	const dispatcher = new WebhookDispatcher({
		delaysMs: CASHY_NOTIFY_DELAYS_MS,
		maxAttempts: CASHY_NOTIFY_MAX_ATTEMPTS,
		timeScale: resolved.timeScale,
		timeoutMs: 30_000,
		// Only the plain text SUCCESS counts; anything else is retried (spec B.5).
		isAcknowledged: (status, bodyText) => status >= 200 && status < 300 && bodyText.trim() === 'SUCCESS',
	});

	function notify(kind: SentNotification['kind'], orderNo: string, status: string, notifyUrl: string, payload: Body): void {
		const body = toJson({ ...payload, nonceStr: `${Date.now()}` });
		const sign = md5Sign(body, resolved.apiKey);
		const notification: SentNotification = {
			id: `${orderNo}:${status}`,
			kind,
			url: resolved.notifyUrlOverride ?? notifyUrl,
			body,
			sign,
		};
		notifications.push(notification);
		dispatcher.enqueue({
			url: notification.url,
			eventId: notification.id,
			body,
			headers: () => ({ 'Content-Type': 'application/json', MerchantId: resolved.merchantId, Sign: sign }),
		});
	}

	// ----- response shapes -----

	const payInQueryData = (order: PayInRecord) => ({
		merchantId: resolved.merchantId,
		mchOrderNo: order.mchOrderNo,
		orderNo: order.orderNo,
		channelOrderNo: order.channelOrderNo,
		payType: String(order.payType),
		payCode: order.payCode,
		payUrl: order.payUrl,
		amount: decimalNumber(order.amount),
		// Fee and completion time only once paid (spec B.4.2).
		fee: order.status === 'SUCCESS' ? decimalNumber(order.fee) : null,
		orderStatus: order.status,
		completionTime: order.status === 'SUCCESS' ? (order.completionTime ?? null) : null,
	});

	const payoutData = (order: PayoutRecord) => ({
		merchantId: resolved.merchantId,
		mchOrderNo: order.mchOrderNo,
		orderNo: order.orderNo,
		amount: decimalNumber(order.amount),
		fee: decimalNumber(order.fee),
		orderStatus: order.status,
		completionTime: order.completionTime ?? null,
		resultDesc: order.resultDesc ?? null,
	});

	// ----- API handlers -----

	function createPayIn(body: Body): unknown {
		if (requiredText(body, 'currency') !== 'COP') throw new CashyFailure('Params_currency_error');
		const payType = requiredInt(body, 'payType');
		if (!PAY_TYPES.includes(payType)) throw new CashyFailure('Params_payType_error');
		const amount = requiredAmount(body);
		if (body.reusableStatus !== undefined && body.reusableStatus !== false) throw new CashyFailure('Params_reusableStatus_error');
		const mchOrderNo = requiredText(body, 'mchOrderNo');
		if (present(body, 'expireTime') && !/^[1-9]\d*$/.test(String(body.expireTime))) throw new CashyFailure('Params_expireTime_error');
		const notifyUrl = requiredUrl(body, 'notifyUrl');
		optionalText(body, 'remark');
		requiredText(body, 'realName', 64);
		requiredText(body, 'phone');
		const email = requiredText(body, 'email', 64);
		if (!email.includes('@')) throw new CashyFailure('Params_email_error');
		const idRequired = payType !== PAY_TYPE_WITHOUT_ID;
		oneOf(body, 'idType', ID_TYPES, idRequired);
		if (idRequired) requiredText(body, 'idCard');
		if (payType === PAY_TYPE_PSE) {
			oneOf(body, 'userType', USER_TYPES);
			bankFrom(CASHY_PAYIN_BANKS, body);
		}
		optionalText(body, 'goodsSubject');
		optionalText(body, 'goodsBody');
		if ([...payIns.values()].some((order) => order.mchOrderNo === mchOrderNo)) throw new CashyFailure('Params_mchOrderNo_error');

		const orderNo = `PAYIN${digits(19)}`;
		const order: PayInRecord = {
			orderNo,
			mchOrderNo,
			payType,
			amount,
			// Half-up to the centavo.
			fee: (amount * BigInt(resolved.payInFeeBasisPoints) + 5_000n) / 10_000n,
			status: 'PAYING',
			notifyUrl,
			payCode: digits(18),
			payUrl: `${baseUrl}/views/pay.html?${orderNo}`,
			channelOrderNo: `CH${digits(16)}`,
			request: body,
		};
		payIns.set(orderNo, order);
		return {
			merchantId: resolved.merchantId,
			mchOrderNo,
			orderNo,
			amount: decimalNumber(amount),
			orderFee: decimalNumber(order.fee),
			payCode: order.payCode,
			payUrl: order.payUrl,
		};
	}

	function findOrder<T extends { orderNo: string; mchOrderNo: string }>(orders: Map<string, T>, body: Body): T {
		const orderNo = optionalText(body, 'orderNo');
		const mchOrderNo = optionalText(body, 'mchOrderNo');
		if (orderNo === undefined && mchOrderNo === undefined) throw new CashyFailure('Params_orderNo_Required');
		const order = [...orders.values()].find(
			(candidate) =>
				(orderNo === undefined || candidate.orderNo === orderNo) &&
				(mchOrderNo === undefined || candidate.mchOrderNo === mchOrderNo),
		);
		// [ASSUMPTION] the "not found" key was not retrieved.
		if (!order) throw new CashyFailure('Order_not_exist');
		return order;
	}

	function createPayout(body: Body): unknown {
		const accountName = requiredText(body, 'accountName', 64);
		const accountNo = requiredText(body, 'accountNo');
		oneOf(body, 'accountType', ['0', '1']);
		if (requiredText(body, 'currency') !== 'COP') throw new CashyFailure('Params_currency_error');
		const amount = requiredAmount(body);
		bankFrom(CASHY_PAYOUT_BANKS, body);
		const mchOrderNo = requiredText(body, 'mchOrderNo');
		const notifyUrl = requiredUrl(body, 'notifyUrl');
		oneOf(body, 'idType', ID_TYPES);
		if (!/^\d+$/.test(requiredText(body, 'idCard'))) throw new CashyFailure('Params_idCard_error');
		optionalText(body, 'phone');
		optionalText(body, 'email', 64);
		optionalText(body, 'remark');
		if (accountName.trim() === '' || accountNo.trim() === '') throw new CashyFailure('Params_account_error');
		if ([...payouts.values()].some((order) => order.mchOrderNo === mchOrderNo)) throw new CashyFailure('Params_mchOrderNo_error');
		if (available < amount + payoutFee) throw new CashyFailure('MERCHANT_BALANCE_NOT_ENOUGH');

		available -= amount + payoutFee;
		const order: PayoutRecord = {
			orderNo: `PAYOUT${digits(19)}`,
			mchOrderNo,
			amount,
			fee: payoutFee,
			status: 'PROCESSING',
			notifyUrl,
			request: body,
		};
		payouts.set(order.orderNo, order);
		return {
			merchantId: resolved.merchantId,
			mchOrderNo,
			orderNo: order.orderNo,
			amount: decimalNumber(amount),
			fee: decimalNumber(payoutFee),
			orderStatus: order.status,
		};
	}

	const bankList = (banks: Bank[]) => banks.map((entry) => ({ ...entry }));

	const api = new Router<(body: Body) => unknown>()
		.add('POST', '/api/payIn', createPayIn)
		.add('POST', '/api/payInQuery', (body) => payInQueryData(findOrder(payIns, body)))
		.add('POST', '/api/payOut', createPayout)
		.add('POST', '/api/payOutQuery', (body) => payoutData(findOrder(payouts, body)))
		.add('POST', '/api/getBalance', () => ({
			mchId: resolved.merchantId,
			balance: decimalNumber(available),
			unBalance: decimalNumber(unavailable),
		}))
		.add('POST', '/api/bankListQuery', () => bankList(CASHY_PAYOUT_BANKS))
		.add('POST', '/api/payInBankListQuery', () => bankList(CASHY_PAYIN_BANKS));

	// ----- status machines (driven by the controls) -----

	function settlePayIn(order: PayInRecord, status: 'SUCCESS' | 'FAIL' | 'CANCEL'): void {
		if (order.status !== 'PAYING') throw new ControlError(409, `Pay-in ${order.orderNo} is ${order.status}, not PAYING`);
		order.status = status;
		order.completionTime = colombiaTime();
		// [ASSUMPTION] paid amounts are available at once (no T+1 settlement in the sandbox).
		if (status === 'SUCCESS') available += order.amount - order.fee;
		notify('payIn', order.orderNo, status, order.notifyUrl, {
			orderStatus: status,
			amount: decimalNumber(order.amount),
			fee: status === 'SUCCESS' ? decimalNumber(order.fee) : new JsonNumber('0'),
			mchOrderNo: order.mchOrderNo,
			merchantId: resolved.merchantId,
			orderNo: order.orderNo,
			payUrl: order.payUrl,
			completionTime: order.completionTime,
		});
	}

	const PAYOUT_TRANSITIONS: Record<string, PayoutRecord['status'][]> = {
		PROCESSING: ['WAITING', 'PAYING', 'FAIL', 'CANCEL'],
		WAITING: ['PAYING', 'FAIL', 'CANCEL'],
		PAYING: ['SUCCESS', 'FAIL'],
	};

	function movePayout(order: PayoutRecord, status: PayoutRecord['status'], resultDesc?: string): void {
		if (!(PAYOUT_TRANSITIONS[order.status] ?? []).includes(status)) {
			throw new ControlError(409, `Payout ${order.orderNo} cannot go from ${order.status} to ${status}`);
		}
		order.status = status;
		if (status !== 'SUCCESS' && status !== 'FAIL' && status !== 'CANCEL') return;
		order.completionTime = colombiaTime();
		order.resultDesc = resultDesc ?? (status === 'SUCCESS' ? 'SUCCESS' : status === 'FAIL' ? 'BANK_ACCOUNT_ERROR' : 'CANCEL');
		// Failed and rejected payouts give back the amount and the fee.
		if (status !== 'SUCCESS') available += order.amount + order.fee;
		notify('payout', order.orderNo, status, order.notifyUrl, {
			orderStatus: status,
			amount: decimalNumber(order.amount),
			fee: decimalNumber(order.fee),
			mchOrderNo: order.mchOrderNo,
			merchantId: resolved.merchantId,
			orderNo: order.orderNo,
			completionTime: order.completionTime,
			resultDesc: order.resultDesc,
		});
	}

	function controlOrder<T>(orders: Map<string, T>, key: string): T {
		const order = orders.get(key) ?? [...orders.values()].find((candidate) => (candidate as { mchOrderNo: string }).mchOrderNo === key);
		if (!order) throw new ControlError(404, `Unknown order ${key}`);
		return order;
	}

	const PAYIN_ACTIONS: Record<string, 'SUCCESS' | 'FAIL' | 'CANCEL'> = { succeed: 'SUCCESS', fail: 'FAIL', cancel: 'CANCEL' };
	const PAYOUT_ACTIONS: Record<string, PayoutRecord['status']> = {
		wait: 'WAITING',
		pay: 'PAYING',
		succeed: 'SUCCESS',
		fail: 'FAIL',
		cancel: 'CANCEL',
	};

	const controls = new Router<(body: Body, params: Record<string, string>) => unknown>()
		.add('POST', '/_sandbox/payin/:order/:action', (_body, params) => {
			const status = PAYIN_ACTIONS[params.action];
			if (!status) throw new ControlError(404, `Unknown pay-in action ${params.action}`);
			const order = controlOrder(payIns, params.order);
			settlePayIn(order, status);
			return payInQueryData(order);
		})
		.add('POST', '/_sandbox/payout/:order/:action', (body, params) => {
			const status = PAYOUT_ACTIONS[params.action];
			if (!status) throw new ControlError(404, `Unknown payout action ${params.action}`);
			const order = controlOrder(payouts, params.order);
			movePayout(order, status, typeof body.resultDesc === 'string' ? body.resultDesc : undefined);
			return payoutData(order);
		})
		.add('POST', '/_sandbox/balance', (body) => {
			try {
				if (body.balance !== undefined) available = decimalToMinor(toDecimalString(body.balance), 2);
				if (body.unBalance !== undefined) unavailable = decimalToMinor(toDecimalString(body.unBalance), 2);
			} catch (error) {
				throw new ControlError(400, (error as Error).message);
			}
			return { balance: minorToDecimal(available, 2), unBalance: minorToDecimal(unavailable, 2) };
		})
		.add('POST', '/_sandbox/notifications/:id/redeliver', (_body, params) => {
			if (!notifications.some((notification) => notification.id === params.id)) {
				throw new ControlError(404, `Unknown notification ${params.id}`);
			}
			dispatcher.redeliver(params.id);
			return { id: params.id };
		})
		.add('GET', '/_sandbox/notifications', () => ({
			notifications: notifications.map((notification) => ({ ...notification, status: dispatcher.status(notification.id) })),
			attempts: dispatcher.attempts,
		}))
		.add('GET', '/_sandbox/state', () => ({
			merchantId: resolved.merchantId,
			payIns: payIns.size,
			payouts: payouts.size,
			requests: requests.length,
			notifications: notifications.length,
			balance: minorToDecimal(available, 2),
			unBalance: minorToDecimal(unavailable, 2),
		}));

	// ----- request pipeline -----

	/** Transport and signature checks in the order a Java filter chain would run them. */
	function checkRequest(req: IncomingMessage, rawBody: Buffer, record: ReceivedRequest): Body {
		if (record.method !== 'POST') throw new CashyFailure('RequestMethod_not_post');
		if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) throw new CashyFailure('RequestContentType_not_json');
		if (rawBody.length === 0) throw new CashyFailure('RequestBody_is_null');
		if (!record.merchantId) throw new CashyFailure('MerchantId_is_null');
		if (!/^\d+$/.test(record.merchantId)) throw new CashyFailure('MerchantId_not_Number');
		if (record.merchantId !== resolved.merchantId) throw new CashyFailure('MerchantId_is_error');
		if (!record.sign || record.sign.toUpperCase() !== md5Sign(rawBody, resolved.apiKey)) throw new CashyFailure('Sign_verify_error');
		let body: unknown;
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			throw new CashyFailure('Params_jsonFormat_error');
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new CashyFailure('Params_jsonFormat_error');
		const nonce = requiredText(body as Body, 'nonceStr');
		if (resolved.rejectRepeatedNonce && seenNonces.has(nonce)) throw new CashyFailure('Params_nonceStr_error');
		seenNonces.add(nonce);
		return body as Body;
	}

	function reply(res: ServerResponse, record: ReceivedRequest, code: number, msg: string, data: unknown): void {
		record.code = code;
		record.msg = msg;
		sendText(res, 200, toJson({ code, msg, data }), { 'Content-Type': 'application/json' });
	}

	async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> {
		const url = new URL(req.url ?? '/', baseUrl);
		const method = req.method ?? 'GET';
		if (url.pathname.startsWith('/_sandbox/')) {
			const control = controls.match(method, url.pathname);
			try {
				if (!control) throw new ControlError(404, `Unknown sandbox control ${method} ${url.pathname}`);
				const body = rawBody.length > 0 ? (JSON.parse(rawBody.toString('utf8')) as Body) : {};
				sendText(res, 200, toJson(control.handler(body, control.params)), { 'Content-Type': 'application/json' });
			} catch (error) {
				sendJson(res, error instanceof ControlError ? error.status : 400, { error: (error as Error).message });
			}
			return;
		}
		const route = api.match('POST', url.pathname);
		if (!route) {
			sendJson(res, 404, { code: 404, msg: 'Not_found', data: null });
			return;
		}
		const record: ReceivedRequest = {
			method,
			path: url.pathname,
			merchantId: header(req, 'merchantid'),
			sign: header(req, 'sign'),
			rawBody: rawBody.toString('utf8'),
		};
		requests.push(record);
		try {
			const data = route.handler(checkRequest(req, rawBody, record));
			reply(res, record, 200, 'SUCCESS', data);
		} catch (error) {
			if (!(error instanceof CashyFailure)) throw error;
			reply(res, record, 500, error.msg, null);
		}
	}

	const server = await startHttpServer(handle, { port: resolved.port });
	baseUrl = server.url;
	resolved.port = server.port;

	return {
		url: server.url,
		port: server.port,
		options: resolved,
		dispatcher,
		faults: server.faults,
		payIns,
		payouts,
		requests,
		notifications,
		balance: () => ({ balance: minorToDecimal(available, 2), unBalance: minorToDecimal(unavailable, 2) }),
		close: async () => {
			dispatcher.stop();
			await server.close();
		},
	};
}
