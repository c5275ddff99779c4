import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { checkGuardrails, guardrailsProperty } from '../../../shared/guardrails';
import { currencyExponent, decimalToMinor } from '../../../shared/money';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { withNormalizedStatus } from '../../../shared/status';
import { checkEmail, checkUrl, requiredString } from '../../../shared/validation';
import { PATHS, PAYOUT_PLATFORMS, PAYOUT_STATUS_MAP } from '../../constants';
import { PAYOUT } from '../../simplify';
import { pinddpayRequest, type JsonBody } from '../../transport';
import { amountParameter, currencyParameter, normalizeCountry, presentStrings, referenceParameter } from '../parameters';
import { payoutUnknownOutcome } from '../unknownOutcome';

const OPTIONAL_FIELDS = ['account', 'userName', 'ip', 'notifyUrl', 'country', 'platform', 'phoneNumber', 'email'];

export const description: INodeProperties[] = forOperation('payout', 'create', [
	{
		displayName: 'Payout Order Number',
		name: 'orderNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. PAYOUT-2026-0001',
		description:
			'Your unique number for this payout (orderNo). Pinddpay returns it in the payout webhook (resouce.orderNo).',
	},
	{
		displayName:
			'Sent once, never resent: Pinddpay documents no idempotency key and no way to look a payout up by its order number. If no answer comes back, check the payout in the Pinddpay dashboard or wait for its webhook before running the item again. Retry On Fail must stay off for this operation.',
		name: 'exactlyOnceNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1.99',
		description: 'Decimal string in major units, with no more decimals than the currency has. Sent as the exact number typed.',
	},
	{ displayName: 'Currency', name: 'currency', type: 'string', required: true, default: 'USD', description: 'ISO 4217 code' },
	{
		displayName: 'Payout Account',
		name: 'payoutAccount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. payee@example.com',
		description: 'The beneficiary account on the payout rail, e.g. a PayPal account',
	},
	{
		displayName: 'Gateway',
		name: 'gateway',
		type: 'string',
		required: true,
		default: 'paypal',
		description: 'Payout rail, e.g. paypal',
	},
	guardrailsProperty({
		amountUnit: 'the payout currency (like Amount)',
		destinations: {
			label: 'payout accounts (Payout Account)',
			placeholder: 'e.g. payee@example.com, supplier@example.org',
			matching: 'E-mail addresses match in any letter case; other accounts must match exactly.',
		},
	}),
	...outputProperties(PAYOUT),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Account', name: 'account', type: 'string', default: '', description: 'Secondary account field (meaning not documented by Pinddpay)' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'e.g. US', description: 'ISO 3166 alpha-2 code of the beneficiary' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@email.com', default: '', description: 'Beneficiary email' },
			{ displayName: 'IP Address', name: 'ip', type: 'string', default: '', description: 'End-user IP address' },
			{ displayName: 'Notify URL', name: 'notifyUrl', type: 'string', default: '', description: 'Where Pinddpay posts the payout webhooks: the Production URL of a Pinddpay Trigger' },
			{ displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '', description: 'Beneficiary phone number' },
			{ displayName: 'Platform', name: 'platform', type: 'options', default: 'web', options: PAYOUT_PLATFORMS },
			{ displayName: 'User Name', name: 'userName', type: 'string', default: '', description: 'Your user name or ID of the beneficiary' },
		],
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	// n8n's Retry On Fail would send the payout again after a lost answer, and Pinddpay offers no
	// lookup to check it first, so the batch is refused before anything is sent.
	if (this.getNode().retryOnFail) {
		throw new NodeOperationError(this.getNode(), 'Create Payout cannot run with Retry On Fail', {
			itemIndex,
			description:
				'Turn off Retry On Fail in this node\'s settings. Pinddpay has no idempotency key and no payout lookup, so a retry after a lost answer could pay twice. Nothing was sent.',
		});
	}
	const orderNo = referenceParameter(this, 'orderNo', itemIndex, 'Payout Order Number');
	const currency = currencyParameter(this, 'currency', itemIndex, 'Currency');
	const amount = amountParameter(this, 'amount', itemIndex, 'Amount', currency);
	const payoutAccount = requiredString(this, 'payoutAccount', itemIndex, 'Payout Account');
	const gateway = requiredString(this, 'gateway', itemIndex, 'Gateway');
	const exponent = currencyExponent(currency);
	checkGuardrails(this, itemIndex, {
		amount: { minor: decimalToMinor(amount.literal, exponent), exponent },
		// A payout account is usually an e-mail (a PayPal account), whose case does not matter in practice.
		destination: { value: payoutAccount, caseInsensitive: payoutAccount.includes('@') },
	});

	const extra = presentStrings(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject, OPTIONAL_FIELDS);
	if (extra.notifyUrl !== undefined) checkUrl(this, itemIndex, 'Notify URL', String(extra.notifyUrl));
	normalizeCountry(this, itemIndex, 'Country', extra);
	if (extra.email !== undefined) checkEmail(this, itemIndex, 'Email', String(extra.email));

	const body: JsonBody = { payoutAccount, currency, amount, orderNo, gateway, ...extra };
	const shape = outputShaper(this, itemIndex, PAYOUT);
	return async () => {
		const payout = ((await pinddpayRequest(this, {
			method: 'POST',
			path: PATHS.createPayout,
			itemIndex,
			body,
			unknownOutcome: payoutUnknownOutcome(orderNo),
		})) ?? {}) as IDataObject;
		return shape(withNormalizedStatus(payout, PAYOUT_STATUS_MAP));
	};
}
