/**
 * Payouts: Create Payout Order (`/api/payOut`) against the balance, Query Payout Order
 * (`/api/payOutQuery`) and the PROCESSING -> WAITING/PAYING -> SUCCESS/FAIL/CANCEL machine driven by
 * `/_sandbox/payout/:order/:action` (https://docs.cashypro.com/en_us/col/payout.html, appendix.html).
 */
import { ACCOUNT_TYPES, CASHY_PAYOUT_BANKS, ID_TYPES, PATHS } from './constants';
import {
	bankFrom,
	CashyFailure,
	oneOf,
	optionalText,
	requiredAmount,
	requiredEmail,
	requiredInt,
	requiredText,
	requiredUrl,
	type ApiRequest,
} from './fields';
import { decimalNumber } from './json';
import type { Routers } from './routes';
import { CashyState, centavos, colombiaTime, ControlError, digits, findOrder, type PayoutRecord } from './state';

const TRANSITIONS: Record<string, PayoutRecord['status'][]> = {
	PROCESSING: ['WAITING', 'PAYING', 'FAIL', 'CANCEL'],
	WAITING: ['PAYING', 'FAIL', 'CANCEL'],
	PAYING: ['SUCCESS', 'FAIL'],
};

const ACTIONS: Record<string, PayoutRecord['status']> = {
	wait: 'WAITING',
	pay: 'PAYING',
	succeed: 'SUCCESS',
	fail: 'FAIL',
	cancel: 'CANCEL',
};

export function registerPayouts({ api, controls }: Routers, state: CashyState): void {
	const data = (order: PayoutRecord) => ({
		merchantId: state.options.merchantId,
		mchOrderNo: order.mchOrderNo,
		orderNo: order.orderNo,
		amount: decimalNumber(order.amount),
		fee: decimalNumber(order.fee),
		orderStatus: order.status,
		completionTime: order.completionTime ?? null,
		resultDesc: order.resultDesc ?? null,
	});

	function create(request: ApiRequest): unknown {
		const { body } = request;
		const accountName = requiredText(body, 'accountName');
		const accountNo = requiredText(body, 'accountNo');
		if (!ACCOUNT_TYPES.includes(String(requiredInt(body, 'accountType')))) throw new CashyFailure('Params_accountType_error');
		if (requiredText(body, 'currency') !== 'COP') throw new CashyFailure('Params_currency_error');
		const amount = requiredAmount(request);
		bankFrom(CASHY_PAYOUT_BANKS, body);
		const mchOrderNo = requiredText(body, 'mchOrderNo');
		const notifyUrl = requiredUrl(body, 'notifyUrl');
		oneOf(body, 'idType', ID_TYPES);
		// The Chinese page: digits only.
		if (!/^\d+$/.test(requiredText(body, 'idCard'))) throw new CashyFailure('Params_idCard_error');
		optionalText(body, 'phone');
		requiredEmail(body, 'email', false);
		optionalText(body, 'remark');
		if (accountName.trim() === '' || accountNo.trim() === '') throw new CashyFailure('Params_account_error');
		if ([...state.payouts.values()].some((order) => order.mchOrderNo === mchOrderNo)) throw new CashyFailure('Params_mchOrderNo_error');
		if (state.available < amount + state.payoutFee) throw new CashyFailure('MERCHANT_BALANCE_NOT_ENOUGH');

		state.available -= amount + state.payoutFee;
		const order: PayoutRecord = {
			orderNo: `PAYOUT${digits(19)}`,
			mchOrderNo,
			amount,
			fee: state.payoutFee,
			status: 'PROCESSING',
			notifyUrl,
			request: body,
		};
		state.payouts.set(order.orderNo, order);
		return {
			merchantId: state.options.merchantId,
			mchOrderNo,
			orderNo: order.orderNo,
			amount: decimalNumber(amount),
			fee: decimalNumber(state.payoutFee),
			orderStatus: order.status,
		};
	}

	function move(order: PayoutRecord, status: PayoutRecord['status'], resultDesc?: string): void {
		if (!(TRANSITIONS[order.status] ?? []).includes(status)) {
			throw new ControlError(409, `Payout ${order.orderNo} cannot go from ${order.status} to ${status}`);
		}
		order.status = status;
		if (status !== 'SUCCESS' && status !== 'FAIL' && status !== 'CANCEL') return;
		order.completionTime = colombiaTime();
		order.resultDesc = resultDesc ?? (status === 'SUCCESS' ? 'SUCCESS' : status === 'FAIL' ? 'BANK_ACCOUNT_ERROR' : 'CANCEL');
		// Failed and rejected payouts give back the amount and the fee.
		if (status !== 'SUCCESS') state.available += order.amount + order.fee;
		state.notify('payout', order.orderNo, status, order.notifyUrl, {
			orderStatus: status,
			amount: decimalNumber(order.amount),
			fee: decimalNumber(order.fee),
			mchOrderNo: order.mchOrderNo,
			merchantId: state.options.merchantId,
			orderNo: order.orderNo,
			completionTime: order.completionTime,
			resultDesc: order.resultDesc,
		});
	}

	const STATUSES: ReadonlyArray<PayoutRecord['status']> = ['PROCESSING', 'WAITING', 'PAYING', 'SUCCESS', 'FAIL', 'CANCEL'];

	/**
	 * Test-only: puts a payout in the store as is (no balance change, no notification).
	 * `{orderNo?, mchOrderNo, amount: "50000.00", status?: "PROCESSING", resultDesc?, notifyUrl?}`.
	 */
	function seed(body: Record<string, unknown>): PayoutRecord {
		const status = (body.status ?? 'PROCESSING') as PayoutRecord['status'];
		if (!STATUSES.includes(status)) throw new ControlError(400, `Unknown payout status ${String(body.status)}`);
		if (typeof body.mchOrderNo !== 'string' || body.mchOrderNo === '') throw new ControlError(400, 'mchOrderNo is required');
		const orderNo = typeof body.orderNo === 'string' && body.orderNo !== '' ? body.orderNo : `PAYOUT${digits(19)}`;
		if ([...state.payouts.values()].some((order) => order.orderNo === orderNo || order.mchOrderNo === body.mchOrderNo)) {
			throw new ControlError(409, `A payout ${orderNo} / ${body.mchOrderNo} exists already`);
		}
		const final = status === 'SUCCESS' || status === 'FAIL' || status === 'CANCEL';
		const order: PayoutRecord = {
			orderNo,
			mchOrderNo: body.mchOrderNo,
			amount: centavos(body.amount, 'amount'),
			fee: state.payoutFee,
			status,
			resultDesc: typeof body.resultDesc === 'string' ? body.resultDesc : undefined,
			notifyUrl: typeof body.notifyUrl === 'string' ? body.notifyUrl : '',
			completionTime: final ? colombiaTime() : undefined,
			request: {},
		};
		state.payouts.set(orderNo, order);
		return order;
	}

	// Answers `{data: <the order as Query Payout shows it>}`.
	controls.add('POST', '/_sandbox/payouts', (body) => ({ data: data(seed(body)) }));
	api.add('POST', PATHS.payOut, create).add('POST', PATHS.payOutQuery, ({ body }) => data(findOrder(state.payouts, body)));
	controls.add('POST', '/_sandbox/payout/:order/:action', (body, params) => {
		const status = ACTIONS[params.action];
		if (!status) throw new ControlError(404, `Unknown payout action ${params.action}`);
		const order = CashyState.controlOrder(state.payouts, params.order);
		move(order, status, typeof body.resultDesc === 'string' ? body.resultDesc : undefined);
		return data(order);
	});
}
