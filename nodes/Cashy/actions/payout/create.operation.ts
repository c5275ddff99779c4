import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkGuardrails, guardrailsProperty } from '../../../shared/guardrails';
import { decimalToMinor } from '../../../shared/money';
import { withNormalizedStatus } from '../../../shared/status';
import { outputProperties, outputShaper } from '../../../shared/output';
import { concurrencyOption, forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkPattern, locatorValue, stringParameter } from '../../../shared/validation';
import { ACCOUNT_TYPES, AMOUNT_EXPONENT, BANK_ID_PATTERN, CURRENCY, ID_TYPES, PATHS, PAYOUT_STATUS_MAP } from '../../constants';
import { PAYOUT } from '../../simplify';
import type { CashyBody } from '../../transport';
import { createOnce } from '../requests';
import { amountNumber, checkBankId, email, merchantOrderNumber, notifyUrl, textParameter } from '../validation';

export const description: INodeProperties[] = forOperation('payout', 'create', [
	{
		displayName: 'Merchant Order Number',
		name: 'mchOrderNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. payout-2026-0001',
		description:
			'Your unique payout number (mchOrderNo, at most 32 characters). Reusing it never pays twice: before sending, the node looks the number up with Query Payout (mchOrderNo) and returns the existing payout if Cashy has it; after a lost answer or an HTTP 5xx it looks again and sends only if Cashy proves it absent.',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 50000.00',
		description: 'COP, 10,000 to 5,000,000 with at most 2 decimals. Sent as a JSON number with two decimals (50000.00).',
	},
	{ displayName: 'Currency', name: 'currency', type: 'options', default: CURRENCY, options: [{ name: 'COP', value: CURRENCY }] },
	{
		displayName: 'Bank',
		name: 'bankId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The beneficiary\'s bank or e-wallet, from Cashy\'s payout bank list',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a bank...',
				typeOptions: { searchListMethod: 'searchPayoutBanks', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 33',
				hint: 'Cashy\'s bank ID (bankId), as Bank List > Get returns it',
				validation: [{ type: 'regex', properties: { regex: BANK_ID_PATTERN, errorMessage: 'Not a Cashy bank ID (a whole number)' } }],
			},
		],
	},
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
		description: 'Beneficiary account number (at most 32 characters); for e-wallets the phone or wallet number',
	},
	{
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		required: true,
		default: '',
		description: 'Beneficiary name, at most 32 characters',
	},
	{
		displayName: 'Payee ID Type',
		name: 'idType',
		type: 'options',
		default: '1',
		options: ID_TYPES,
		description: 'Must be the document the account was opened with, otherwise the payout fails',
	},
	{
		displayName: 'Payee ID Number',
		name: 'idCard',
		type: 'string',
		required: true,
		default: '',
		description: 'Digits only, at most 32',
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
	{ displayName: 'Remark', name: 'remark', type: 'string', default: 'payout', description: 'At most 32 characters' },
	guardrailsProperty({
		amountUnit: 'COP (like Amount)',
		destinations: {
			label: 'beneficiary account numbers (Account Number)',
			placeholder: 'e.g. 3023612345, 3001234567',
			matching: 'Account numbers must match exactly; the bank is not part of the comparison.',
		},
	}),
	...outputProperties(PAYOUT),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			concurrencyOption,
			{
				displayName: 'Payee Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
				description: 'At most 32 characters',
			},
			{ displayName: 'Payee Phone', name: 'phone', type: 'string', default: '', description: 'At most 32 characters' },
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const mchOrderNo = merchantOrderNumber(this, itemIndex);
	const amount = amountNumber(this, itemIndex);
	// The field order of Cashy's "Create Payout Order" table; nonceStr is filled in per request.
	const body: CashyBody = {
		accountName: textParameter(this, itemIndex, 'accountName', 'Account Name', { required: true }),
		accountNo: textParameter(this, itemIndex, 'accountNo', 'Account Number', { required: true }),
		accountType: Number(checkPattern(this, itemIndex, 'Account Type', stringParameter(this, 'accountType', itemIndex, '1'), /^[01]$/, 'must be 0 or 1')),
		currency: CURRENCY,
		amount,
		bankId: payoutBankId(this, itemIndex),
		mchOrderNo,
		notifyUrl: notifyUrl(this, itemIndex),
		nonceStr: '',
		idType: textParameter(this, itemIndex, 'idType', 'Payee ID Type', { required: true }),
		idCard: checkPattern(
			this,
			itemIndex,
			'Payee ID Number',
			textParameter(this, itemIndex, 'idCard', 'Payee ID Number', { required: true }),
			/^\d+$/,
			'must contain digits only',
		),
	};
	const phone = textParameter(this, itemIndex, 'options.phone', 'Payee Phone', { required: false });
	if (phone !== '') body.phone = phone;
	const payeeEmail = email(this, itemIndex, 'options.email', 'Payee Email', false);
	if (payeeEmail !== '') body.email = payeeEmail;
	body.remark = textParameter(this, itemIndex, 'remark', 'Remark', { required: true });
	checkGuardrails(this, itemIndex, {
		amount: { minor: decimalToMinor(amount.literal, AMOUNT_EXPONENT), exponent: AMOUNT_EXPONENT },
		destination: { value: String(body.accountNo), caseInsensitive: false },
	});
	const shape = outputShaper(this, itemIndex, PAYOUT);

	return async () => {
		const payout = await createOnce(this, itemIndex, { path: PATHS.payOut, queryPath: PATHS.payOutQuery, mchOrderNo, body });
		return shape(withNormalizedStatus(payout, PAYOUT_STATUS_MAP, 'orderStatus'));
	};
}

/**
 * The Bank locator's value: a bank ID picked from the list or typed. Saved workflows from before the
 * locator hold the bank ID itself (a number from the dropdown, or an expression's text); n8n's
 * `extractValue` passes such a plain value through unchanged, so both read the same.
 */
function payoutBankId(context: IExecuteFunctions, itemIndex: number): number {
	return checkBankId(context, itemIndex, locatorValue(context, 'bankId', itemIndex, 'Bank'));
}
