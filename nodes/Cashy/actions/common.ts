import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { JsonDecimal } from '../../shared/decimalJson';
import { createExactlyOnce } from '../../shared/exactlyOnce';
import { withNormalizedStatus, type NormalizedStatus } from '../../shared/status';
import { forOperation } from '../../shared/properties';
import type { SendItem } from '../../shared/router';
import { checkPattern, checkUrl, decimalAmount, inputError, requiredString, stringParameter } from '../../shared/validation';
import type { RequestContext } from '../../shared/transport';
import { AMOUNT_EXPONENT, AMOUNT_MAX_MINOR, AMOUNT_MIN_MINOR, MAX_FIELD_LENGTH, MAX_LENGTHS, PATHS } from '../constants';
import { cashyRequest, findOrderByMerchantNumber, type CashyBody } from '../transport';

/**
 * An amount in COP, 10,000-5,000,000 with at most 2 decimals, sent as a JSON number written from
 * the validated decimal text with exactly two decimals (`10000.00`), never through a float.
 */
export function amountNumber(context: IExecuteFunctions, itemIndex: number): JsonDecimal {
	const value = context.getNodeParameter('amount', itemIndex) as unknown;
	const { text } = decimalAmount(context, itemIndex, 'Amount', value, {
		exponent: AMOUNT_EXPONENT,
		min: AMOUNT_MIN_MINOR,
		max: AMOUNT_MAX_MINOR,
	});
	return new JsonDecimal(text);
}

/** A text parameter checked for presence (when required) and Cashy's length limit (string(32) unless given). */
export function textParameter(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	field: string,
	rule: { required: boolean; maxLength?: number },
): string {
	const value = rule.required ? requiredString(context, name, itemIndex, field) : stringParameter(context, name, itemIndex);
	const maxLength = rule.maxLength ?? MAX_FIELD_LENGTH;
	if (value.length > maxLength) {
		throw inputError(context, itemIndex, field, `must be at most ${maxLength} characters (Cashy's limit), not ${value.length}`);
	}
	return value;
}

/** Merchant order numbers: required, 1-32 visible ASCII characters (string(32) at Cashy). */
export function merchantOrderNumber(context: IExecuteFunctions, itemIndex: number): string {
	return checkPattern(
		context,
		itemIndex,
		'Merchant Order Number',
		requiredString(context, 'mchOrderNo', itemIndex, 'Merchant Order Number'),
		/^[\x21-\x7e]{1,32}$/,
		'must be 1-32 visible ASCII characters without spaces',
	);
}

export function notifyUrl(context: IExecuteFunctions, itemIndex: number): string {
	const url = textParameter(context, itemIndex, 'notifyUrl', 'Notify URL', { required: true, maxLength: MAX_LENGTHS.notifyUrl });
	return checkUrl(context, itemIndex, 'Notify URL', url);
}

/** An email address, string(32) at Cashy. */
export function email(context: IExecuteFunctions, itemIndex: number, name: string, field: string, required: boolean): string {
	const value = textParameter(context, itemIndex, name, field, { required });
	if (value === '') return value;
	return checkPattern(context, itemIndex, field, value, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an email address');
}

/** Bank IDs are integers (Java int) from the bank list (a dropdown, or an expression). */
export function bankId(context: IExecuteFunctions, itemIndex: number): number {
	const text = stringParameter(context, 'bankId', itemIndex);
	if (text === '') throw inputError(context, itemIndex, 'Bank', 'is required');
	checkPattern(context, itemIndex, 'Bank', text, /^[1-9]\d{0,8}$/, 'is not a bank ID from the Cashy bank list');
	return Number(text);
}

export function bankProperty(loadOptionsMethod: string, description: string): INodeProperties {
	return {
		displayName: 'Bank Name or ID',
		name: 'bankId',
		type: 'options',
		typeOptions: { loadOptionsMethod },
		required: true,
		default: '',
		description: `${description}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

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

/** The two ways to find an order (Query Payin / Query Payout): Cashy's number is preferred. */
export function queryProperties(resource: string): INodeProperties[] {
	return forOperation(resource, 'get', [
		{
			displayName: 'Platform Order Number',
			name: 'orderNo',
			type: 'string',
			default: '',
			placeholder: resource === 'payIn' ? 'e.g. PAYIN8231497473279467520' : 'e.g. PAYOUT8231515112790892544',
			description: 'Cashy\'s order number (orderNo), preferred by Cashy. Give this, the merchant order number, or both.',
		},
		{
			displayName: 'Merchant Order Number',
			name: 'mchOrderNo',
			type: 'string',
			default: '',
			description: 'Your order number (mchOrderNo) sent when the order was created',
		},
	]);
}

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

export function bankOptions(banks: IDataObject[]): INodePropertyOptions[] {
	return banks
		.filter((bank) => bank.bankId !== undefined && bank.bankId !== null)
		.map((bank) => ({
			name: `${String(bank.bankName ?? bank.bankId)}${bank.bankCode ? ` (${String(bank.bankCode)})` : ''}`,
			value: Number(bank.bankId),
			description: typeof bank.bankType === 'string' ? bank.bankType : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
