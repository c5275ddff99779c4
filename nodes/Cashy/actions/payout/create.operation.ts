import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { concurrencyOption, forOperation } from '../../../shared/properties';
import { checkPattern, stringParameter } from '../../../shared/validation';
import { ACCOUNT_TYPES, CURRENCY, ID_TYPES, PATHS, PAYOUT_STATUS_MAP } from '../../constants';
import { cashyRequest } from '../../transport';
import { amountText, bankId, bankProperty, email, merchantOrderNumber, notifyUrl, textParameter } from '../common';

export const description: INodeProperties[] = forOperation('payout', 'create', [
	{
		displayName: 'Merchant Order Number',
		name: 'mchOrderNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'payout-2026-0001',
		description:
			'Your unique payout number (mchOrderNo, at most 32 characters). Reusing it never pays twice: Cashy rejects the duplicate, and this operation is never resent automatically.',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '50000.00',
		description: 'Decimal string in COP, 10,000 to 5,000,000 with at most 2 decimals',
	},
	{ displayName: 'Currency', name: 'currency', type: 'options', default: CURRENCY, options: [{ name: 'COP', value: CURRENCY }] },
	bankProperty('getPayoutBanks', 'The beneficiary\'s bank or e-wallet, from Cashy\'s payout bank list'),
	{
		displayName: 'Account Type',
		name: 'accountType',
		type: 'options',
		default: '1',
		options: ACCOUNT_TYPES,
		description: 'Use Ahorro for e-wallets such as Nequi or Daviplata',
	},
	{
		displayName: 'Account Number',
		name: 'accountNo',
		type: 'string',
		required: true,
		default: '',
		description: 'Beneficiary account number; for e-wallets the phone or wallet number',
	},
	{ displayName: 'Account Name', name: 'accountName', type: 'string', required: true, default: '', description: 'Beneficiary name' },
	{
		displayName: 'Payee ID Type',
		name: 'idType',
		type: 'options',
		default: '1',
		options: ID_TYPES,
		description: 'Must be the document the account was opened with, otherwise the payout fails',
	},
	{ displayName: 'Payee ID Number', name: 'idCard', type: 'string', required: true, default: '', description: 'Digits only' },
	{
		displayName: 'Notify URL',
		name: 'notifyUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/.../webhook',
		description: 'Where Cashy posts the result: the Production URL of a Cashy Trigger node (public http/https host)',
	},
	{ displayName: 'Remark', name: 'remark', type: 'string', default: 'payout', description: 'At most 32 characters' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			concurrencyOption,
			{ displayName: 'Payee Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Payee Phone', name: 'phone', type: 'string', default: '' },
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const body: IDataObject = {
		mchOrderNo: merchantOrderNumber(this, itemIndex),
		amount: amountText(this, itemIndex),
		currency: CURRENCY,
		bankId: bankId(this, itemIndex),
		accountType: Number(stringParameter(this, 'accountType', itemIndex, '1')),
		accountNo: textParameter(this, itemIndex, 'accountNo', 'Account Number', { required: true }),
		accountName: textParameter(this, itemIndex, 'accountName', 'Account Name', { required: true, maxLength: 64 }),
		idType: stringParameter(this, 'idType', itemIndex, '1'),
		idCard: checkPattern(
			this,
			itemIndex,
			'Payee ID Number',
			textParameter(this, itemIndex, 'idCard', 'Payee ID Number', { required: true }),
			/^\d+$/,
			'must contain digits only',
		),
		notifyUrl: notifyUrl(this, itemIndex),
		remark: textParameter(this, itemIndex, 'remark', 'Remark', { required: true }),
	};
	const phone = textParameter(this, itemIndex, 'options.phone', 'Payee Phone', { required: false });
	if (phone !== '') body.phone = phone;
	const payeeEmail = email(this, itemIndex, 'options.email', false);
	if (payeeEmail !== '') body.email = payeeEmail;

	const payout = (await cashyRequest(this, { path: PATHS.payOut, body, itemIndex, retrySafe: false })) as IDataObject | null;
	return withNormalizedStatus(payout ?? {}, PAYOUT_STATUS_MAP, 'orderStatus');
}
