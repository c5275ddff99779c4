/** Cashy requests shared by operations: an order created at most once, an order looked up, a bank list fetched. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createExactlyOnce } from '../../shared/exactlyOnce';
import type { SendItem } from '../../shared/router';
import { withNormalizedStatus, type NormalizedStatus } from '../../shared/status';
import type { RequestContext } from '../../shared/transport';
import { inputError } from '../../shared/validation';
import { PATHS } from '../constants';
import { cashyRequest, findOrderByMerchantNumber, type CashyBody } from '../transport';
import { textParameter } from './validation';

/**
 * A money-moving create sent at most once per merchant order number: Cashy has no idempotency key,
 * so the order is first looked up by `mchOrderNo` (and again after a failed send).
 */
export async function createOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	request: { path: string; queryPath: string; mchOrderNo: string; body: CashyBody },
): Promise<IDataObject> {
	return await createExactlyOnce<IDataObject>(
		{
			find: async () => await findOrderByMerchantNumber(context, request.queryPath, request.mchOrderNo, itemIndex),
			create: async () =>
				((await cashyRequest(context, { path: request.path, body: request.body, itemIndex, retrySafe: false })) as IDataObject | null) ??
				{},
		},
		{ lookedUpBy: `merchant order number "${request.mchOrderNo}"` },
	);
}

/** Reads and checks the order numbers of a Get (Query Payin / Query Payout) and returns the lookup that sends it. */
export function prepareQuery(
	context: IExecuteFunctions,
	itemIndex: number,
	path: string,
	statusMap: Record<string, NormalizedStatus>,
): SendItem {
	const orderNo = textParameter(context, itemIndex, 'orderNo', 'Platform Order Number', { required: false });
	const mchOrderNo = textParameter(context, itemIndex, 'mchOrderNo', 'Merchant Order Number', { required: false });
	if (orderNo === '' && mchOrderNo === '') {
		throw inputError(context, itemIndex, 'Platform Order Number', 'or Merchant Order Number is required');
	}
	const body: CashyBody = {};
	if (mchOrderNo !== '') body.mchOrderNo = mchOrderNo;
	if (orderNo !== '') body.orderNo = orderNo;
	return async () => {
		const order = (await cashyRequest(context, { path, body, itemIndex, retrySafe: true })) as IDataObject | null;
		return withNormalizedStatus(order ?? {}, statusMap, 'orderStatus');
	};
}

export type BankList = 'payIn' | 'payout';

/** The pay-in (PSE) or payout bank list: `[{bankId, bankCode, bankName, bankType?}]`. */
export async function fetchBanks(context: RequestContext, list: BankList, itemIndex?: number): Promise<IDataObject[]> {
	const path = list === 'payIn' ? PATHS.payInBanks : PATHS.payoutBanks;
	const banks = await cashyRequest(context, { path, body: {}, itemIndex, retrySafe: true });
	return Array.isArray(banks) ? (banks as IDataObject[]) : [];
}
