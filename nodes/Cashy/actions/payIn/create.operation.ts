import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { checkPattern, inputError, stringParameter } from '../../../shared/validation';
import {
	CURRENCY,
	ID_TYPES,
	MAX_LENGTHS,
	PATHS,
	PAY_TYPE_OTHER,
	PAY_TYPE_PSE,
	PAY_TYPE_WITHOUT_ID,
	PAY_TYPES,
	PAYIN_STATUS_MAP,
	USER_TYPES,
} from '../../constants';
import { PAY_IN } from '../../simplify';
import type { CashyBody } from '../../transport';
import { bankProperty } from '../fields';
import { createOnce } from '../requests';
import { amountNumber, bankId, email, merchantOrderNumber, notifyUrl, textParameter } from '../validation';

export const description: INodeProperties[] = forOperation('payIn', 'create', [
	{
		displayName: 'Merchant Order Number',
		name: 'mchOrderNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order-2026-0001',
		description:
			'Your unique order number (mchOrderNo, at most 32 characters). Reusing it never creates a second pay-in: before sending, the node looks the number up with Query Payin (mchOrderNo) and returns the existing pay-in if Cashy has it; after a lost answer or an HTTP 5xx it looks again and sends only if Cashy proves it absent.',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 30000.00',
		description: 'COP, 10,000 to 5,000,000 with at most 2 decimals. Sent as a JSON number with two decimals (10000.00).',
	},
	{ displayName: 'Currency', name: 'currency', type: 'options', default: CURRENCY, options: [{ name: 'COP', value: CURRENCY }] },
	{
		displayName: 'Pay Type',
		name: 'payType',
		type: 'options',
		default: PAY_TYPE_PSE,
		options: PAY_TYPES,
		description: 'Cashy payment product (payType). Cashy documents 157 = PSE; ask Cashy which codes are enabled for you.',
	},
	{
		displayName: 'Pay Type Code',
		name: 'payTypeCode',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { payType: [PAY_TYPE_OTHER] } },
		description: 'Numeric payType code given by Cashy',
	},
	{
		displayName: 'User Type',
		name: 'userType',
		type: 'options',
		default: '1',
		options: USER_TYPES,
		displayOptions: { show: { payType: [PAY_TYPE_PSE] } },
		description: 'Whether the payer is a person or a company (required by PSE)',
	},
	{
		...bankProperty('getPayInBanks', 'The payer\'s bank for PSE, from Cashy\'s pay-in bank list'),
		displayOptions: { show: { payType: [PAY_TYPE_PSE] } },
	},
	{
		displayName: 'Notify URL',
		name: 'notifyUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/.../webhook',
		description: 'Where Cashy posts the result: the Production URL of a Cashy Trigger node (public http/https host)',
	},
	{
		displayName: 'Payer Name',
		name: 'realName',
		type: 'string',
		required: true,
		default: '',
		description: 'Without special characters, at most 32 characters',
	},
	{
		displayName: 'Payer Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 573016612345',
		description: 'At most 32 characters',
	},
	{
		displayName: 'Payer Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		required: true,
		default: '',
		description: 'At most 32 characters',
	},
	{
		displayName: 'Payer ID Type',
		name: 'idType',
		type: 'options',
		default: '1',
		options: ID_TYPES,
		description: 'Type of the payer\'s identity document',
	},
	{
		displayName: 'Payer ID Number',
		name: 'idCard',
		type: 'string',
		default: '',
		description: 'The payer\'s document number, at most 32 characters. Required except for pay type 153. Cashy does not check it, but a wrong one may fail the payment.',
	},
	{
		displayName: 'Expire Time (Seconds)',
		name: 'expireTime',
		type: 'number',
		default: 86400,
		typeOptions: { minValue: 1 },
		description: 'How long the order can be paid. Only some channels honour it.',
	},
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: 'payin',
		description: 'Order remark in English or unaccented Spanish, at most 32 characters',
	},
	...outputProperties(PAY_IN),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Goods Body', name: 'goodsBody', type: 'string', default: '', description: 'Product description (at most 32 characters)' },
			{ displayName: 'Goods Subject', name: 'goodsSubject', type: 'string', default: '', description: 'Product subject (at most 32 characters)' },
		],
	},
]);

/** The effective payType; a custom code must not duplicate a preset whose fields would stay hidden. */
function payType(context: IExecuteFunctions, itemIndex: number): string {
	const selected = stringParameter(context, 'payType', itemIndex, PAY_TYPE_PSE);
	if (selected !== PAY_TYPE_OTHER) return selected;
	const code = checkPattern(
		context,
		itemIndex,
		'Pay Type Code',
		stringParameter(context, 'payTypeCode', itemIndex),
		/^[1-9]\d{0,8}$/,
		'must be a positive whole number',
	);
	if (code === PAY_TYPE_PSE || code === PAY_TYPE_WITHOUT_ID) {
		throw inputError(context, itemIndex, 'Pay Type Code', `choose the ${code} preset in Pay Type instead`);
	}
	return code;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const mchOrderNo = merchantOrderNumber(this, itemIndex);
	const amount = amountNumber(this, itemIndex);
	const type = payType(this, itemIndex);
	const expireTime = stringParameter(this, 'expireTime', itemIndex, '86400');
	checkPattern(this, itemIndex, 'Expire Time (Seconds)', expireTime, /^[1-9]\d{0,9}$/, 'must be a positive whole number of seconds');

	// The field order of Cashy's "Create Payin Order" table; nonceStr is filled in per request.
	const body: CashyBody = {
		currency: CURRENCY,
		payType: Number(type),
		amount,
		// "can only be false" (Create Payin Order, reusableStatus).
		reusableStatus: false,
		mchOrderNo,
		expireTime: Number(expireTime),
		notifyUrl: notifyUrl(this, itemIndex),
		nonceStr: '',
		remark: textParameter(this, itemIndex, 'remark', 'Remark', { required: true }),
		realName: textParameter(this, itemIndex, 'realName', 'Payer Name', { required: true }),
		phone: textParameter(this, itemIndex, 'phone', 'Payer Phone', { required: true }),
		email: email(this, itemIndex, 'email', 'Payer Email', true),
	};
	const idCard = textParameter(this, itemIndex, 'idCard', 'Payer ID Number', { required: type !== PAY_TYPE_WITHOUT_ID });
	if (idCard !== '') {
		body.idType = textParameter(this, itemIndex, 'idType', 'Payer ID Type', { required: true });
		body.idCard = idCard;
	}
	if (type === PAY_TYPE_PSE) {
		body.userType = textParameter(this, itemIndex, 'userType', 'User Type', { required: true, maxLength: MAX_LENGTHS.userType });
		body.bankId = bankId(this, itemIndex);
	}
	for (const [name, field] of [
		['goodsSubject', 'Goods Subject'],
		['goodsBody', 'Goods Body'],
	]) {
		const value = textParameter(this, itemIndex, `options.${name}`, field, { required: false });
		if (value !== '') body[name] = value;
	}

	const shape = outputShaper(this, itemIndex, PAY_IN);

	return async () => {
		const order = await createOnce(this, itemIndex, { path: PATHS.payIn, queryPath: PATHS.payInQuery, mchOrderNo, body });
		// A found order comes as Query Payin returns it, with its status; a new one is PAYING.
		return shape(order.orderStatus === undefined ? order : withNormalizedStatus(order, PAYIN_STATUS_MAP, 'orderStatus'));
	};
}
