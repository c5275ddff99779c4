/**
 * Pay-ins: Create Payin Order (`/api/payIn`), Query Payin Order (`/api/payInQuery`) and the
 * PAYING -> SUCCESS/FAIL/CANCEL machine driven by `/_sandbox/payin/:order/:action`
 * (https://docs.cashypro.com/en_us/col/payin.html).
 */
import { CASHY_PAYIN_BANKS, ID_TYPES, PATHS, PAY_TYPE_PSE, PAY_TYPE_WITHOUT_ID, PAY_TYPES, USER_TYPES } from './constants';
import {
	bankFrom,
	CashyFailure,
	oneOf,
	optionalText,
	present,
	requiredAmount,
	requiredEmail,
	requiredInt,
	requiredText,
	requiredUrl,
	type ApiRequest,
} from './fields';
import { decimalNumber, JsonNumber } from './json';
import type { Routers } from './routes';
import { CashyState, centavos, colombiaTime, ControlError, digits, findOrder, type PayInRecord } from './state';

export function registerPayIns({ api, controls }: Routers, state: CashyState): void {
	const queryData = (order: PayInRecord) => ({
		merchantId: state.options.merchantId,
		mchOrderNo: order.mchOrderNo,
		orderNo: order.orderNo,
		channelOrderNo: order.channelOrderNo,
		payType: String(order.payType),
		payCode: order.payCode,
		payUrl: order.payUrl,
		amount: decimalNumber(order.amount),
		// "fee and completionTime only have a value if the order is successfully paid."
		fee: order.status === 'SUCCESS' ? decimalNumber(order.fee) : null,
		orderStatus: order.status,
		completionTime: order.status === 'SUCCESS' ? (order.completionTime ?? null) : null,
	});

	function create(request: ApiRequest): unknown {
		const { body } = request;
		if (requiredText(body, 'currency') !== 'COP') throw new CashyFailure('Params_currency_error');
		const payType = requiredInt(body, 'payType');
		if (!PAY_TYPES.includes(payType)) throw new CashyFailure('Params_payType_error');
		const amount = requiredAmount(request);
		// "can only be false"; the Chinese page makes it optional (default false).
		if (body.reusableStatus !== undefined && body.reusableStatus !== false) throw new CashyFailure('Params_reusableStatus_error');
		const mchOrderNo = requiredText(body, 'mchOrderNo');
		if (present(body, 'expireTime') && requiredInt(body, 'expireTime', 18) < 1) throw new CashyFailure('Params_expireTime_error');
		const notifyUrl = requiredUrl(body, 'notifyUrl');
		optionalText(body, 'remark');
		requiredText(body, 'realName');
		requiredText(body, 'phone');
		requiredEmail(body, 'email', true);
		const idRequired = payType !== PAY_TYPE_WITHOUT_ID;
		oneOf(body, 'idType', ID_TYPES, idRequired);
		if (idRequired) requiredText(body, 'idCard');
		else optionalText(body, 'idCard');
		if (payType === PAY_TYPE_PSE) {
			oneOf(body, 'userType', USER_TYPES);
			bankFrom(CASHY_PAYIN_BANKS, body);
		}
		optionalText(body, 'goodsSubject');
		optionalText(body, 'goodsBody');
		if ([...state.payIns.values()].some((order) => order.mchOrderNo === mchOrderNo)) throw new CashyFailure('Params_mchOrderNo_error');

		const orderNo = `PAYIN${digits(19)}`;
		const order: PayInRecord = {
			orderNo,
			mchOrderNo,
			payType,
			amount,
			// Half-up to the centavo.
			fee: (amount * BigInt(state.options.payInFeeBasisPoints) + 5_000n) / 10_000n,
			status: 'PAYING',
			notifyUrl,
			payCode: digits(18),
			payUrl: `${state.baseUrl}/views/pay.html?${orderNo}`,
			channelOrderNo: `CH${digits(16)}`,
			request: body,
		};
		state.payIns.set(orderNo, order);
		return {
			merchantId: state.options.merchantId,
			mchOrderNo,
			orderNo,
			amount: decimalNumber(amount),
			orderFee: decimalNumber(order.fee),
			payCode: order.payCode,
			payUrl: order.payUrl,
		};
	}

	function settle(order: PayInRecord, status: 'SUCCESS' | 'FAIL' | 'CANCEL'): void {
		if (order.status !== 'PAYING') throw new ControlError(409, `Pay-in ${order.orderNo} is ${order.status}, not PAYING`);
		order.status = status;
		order.completionTime = colombiaTime();
		// [ASSUMPTION] paid amounts are available at once (no T+1 settlement in the sandbox).
		if (status === 'SUCCESS') state.available += order.amount - order.fee;
		state.notify('payIn', order.orderNo, status, order.notifyUrl, {
			orderStatus: status,
			amount: decimalNumber(order.amount),
			fee: status === 'SUCCESS' ? decimalNumber(order.fee) : new JsonNumber('0'),
			mchOrderNo: order.mchOrderNo,
			merchantId: state.options.merchantId,
			orderNo: order.orderNo,
			payUrl: order.payUrl,
			completionTime: order.completionTime,
		});
	}

	const ACTIONS: Record<string, 'SUCCESS' | 'FAIL' | 'CANCEL'> = { succeed: 'SUCCESS', fail: 'FAIL', cancel: 'CANCEL' };
	const STATUSES: ReadonlyArray<PayInRecord['status']> = ['PAYING', 'SUCCESS', 'FAIL', 'CANCEL'];

	/**
	 * Test-only: puts a pay-in in the store as is (given numbers, amount and status; no balance
	 * change, no notification), e.g. for a notification signed by a test, such as the docs' own
	 * example order. `{orderNo?, mchOrderNo, amount: "10000.00", status?: "PAYING", payType?: 157, notifyUrl?}`.
	 */
	function seed(body: Record<string, unknown>): PayInRecord {
		const status = (body.status ?? 'PAYING') as PayInRecord['status'];
		if (!STATUSES.includes(status)) throw new ControlError(400, `Unknown pay-in status ${String(body.status)}`);
		if (typeof body.mchOrderNo !== 'string' || body.mchOrderNo === '') throw new ControlError(400, 'mchOrderNo is required');
		const orderNo = typeof body.orderNo === 'string' && body.orderNo !== '' ? body.orderNo : `PAYIN${digits(19)}`;
		if ([...state.payIns.values()].some((order) => order.orderNo === orderNo || order.mchOrderNo === body.mchOrderNo)) {
			throw new ControlError(409, `A pay-in ${orderNo} / ${body.mchOrderNo} exists already`);
		}
		const amount = centavos(body.amount, 'amount');
		const order: PayInRecord = {
			orderNo,
			mchOrderNo: body.mchOrderNo,
			payType: typeof body.payType === 'number' ? body.payType : Number(PAY_TYPE_PSE),
			amount,
			fee: (amount * BigInt(state.options.payInFeeBasisPoints) + 5_000n) / 10_000n,
			status,
			notifyUrl: typeof body.notifyUrl === 'string' ? body.notifyUrl : '',
			payCode: digits(18),
			payUrl: `${state.baseUrl}/views/pay.html?${orderNo}`,
			channelOrderNo: `CH${digits(16)}`,
			completionTime: status === 'PAYING' ? undefined : colombiaTime(),
			request: {},
		};
		state.payIns.set(orderNo, order);
		return order;
	}

	api.add('POST', PATHS.payIn, create).add('POST', PATHS.payInQuery, ({ body }) => queryData(findOrder(state.payIns, body)));
	// Answers `{data: <the order as Query Payin shows it>}`.
	controls.add('POST', '/_sandbox/payins', (body) => ({ data: queryData(seed(body)) }));
	controls.add('POST', '/_sandbox/payin/:order/:action', (_body, params) => {
		const status = ACTIONS[params.action];
		if (!status) throw new ControlError(404, `Unknown pay-in action ${params.action}`);
		const order = CashyState.controlOrder(state.payIns, params.order);
		settle(order, status);
		return queryData(order);
	});
}
