import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkGuardrails, guardrailsProperty } from '../../../shared/guardrails';
import { currencyExponent, decimalToMinor } from '../../../shared/money';
import { withNormalizedStatus } from '../../../shared/status';
import { outputProperties, outputShaper } from '../../../shared/output';
import { concurrencyOption, forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { checkPattern, inputError, requiredString } from '../../../shared/validation';
import { ADDRESS_PATTERNS, AMOUNT_MIN_CENTS, NETWORKS, PAYOUT_MAX_CENTS, PAYOUT_STATUS_MAP, TOKEN_EXPONENTS, TOKENS } from '../../constants';
import { idempotencyKeyFor } from '../../idempotency';
import { PAYOUT } from '../../simplify';
import { ironixPayRequest } from '../../transport';
import { amountText, checkTokenOnNetwork, subMerchantOption } from '../validation';

export const description: INodeProperties[] = forOperation('payout', 'create', [
	{
		displayName: 'Payout Reference',
		name: 'reference',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. payout-2026-11-23-0001',
		description:
			'Your unique ID for this payout, any text up to 200 characters. The Idempotency-Key is derived from it, so running the same item again returns the existing payout instead of paying twice (IronixPay keeps keys for 24 hours; there is no lookup by reference after that).',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 25.00',
		description: 'Decimal string, 1.00 to 10,000 with at most 2 decimals. The network fee is deducted from it.',
	},
	{ displayName: 'Currency', name: 'currency', type: 'options', default: 'USDT', options: TOKENS },
	{ displayName: 'Network', name: 'network', type: 'options', default: 'TRON', options: NETWORKS },
	{
		displayName: 'To Address',
		name: 'toAddress',
		type: 'string',
		required: true,
		default: '',
		description: 'Destination wallet address on the chosen network',
	},
	guardrailsProperty({
		amountUnit: 'USDT/USDC (like Amount)',
		destinations: {
			label: 'wallet addresses (To Address)',
			placeholder: 'e.g. TQFEyGNzHZAJmebJUvsoZvJghHm2yNhXAD, 0x52908400098527886E0F7030069857D2E4169EE7',
			matching:
				'TRON and Solana addresses must match exactly (Base58 is case-sensitive); EVM addresses (0x...) match in any letter case, since the case only carries the EIP-55 checksum.',
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
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'json',
				default: '{}',
				description: 'JSON object stored with the payout (at most 4 KB); the payout reference is added as merchant_reference',
			},
			{
				displayName: 'Sub-Merchant Code',
				name: 'subMerchantCode',
				type: 'string',
				default: '',
				description: 'Pay out from this sub-merchant (X-Sub-Merchant-Code)',
			},
		],
	},
]);

const METADATA_MAX_BYTES = 4096;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const reference = requiredString(this, 'reference', itemIndex, 'Payout Reference');
	if ([...reference].length > 200) throw inputError(this, itemIndex, 'Payout Reference', 'must be at most 200 characters');
	const currency = requiredString(this, 'currency', itemIndex, 'Currency');
	const network = requiredString(this, 'network', itemIndex, 'Network');
	checkTokenOnNetwork(this, itemIndex, currency, network);
	const amount = amountText(this, itemIndex, 'Amount', this.getNodeParameter('amount', itemIndex), currency, {
		min: AMOUNT_MIN_CENTS,
		max: PAYOUT_MAX_CENTS,
	});
	const toAddress = requiredString(this, 'toAddress', itemIndex, 'To Address');
	const family = network === 'TRON' || network === 'SOLANA' ? network : 'EVM';
	checkPattern(this, itemIndex, 'To Address', toAddress, ADDRESS_PATTERNS[family], `is not a valid ${network} address`);
	// EVM hex addresses differ in case only by their EIP-55 checksum (https://eips.ethereum.org/EIPS/eip-55);
	// TRON and Solana addresses are Base58, where case changes the address.
	const exponent = currencyExponent(currency, TOKEN_EXPONENTS);
	checkGuardrails(this, itemIndex, {
		amount: { minor: decimalToMinor(amount, exponent), exponent },
		destination: { value: toAddress, caseInsensitive: family === 'EVM' },
	});

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const metadata = { ...parseMetadata(this, itemIndex, options.metadata), merchant_reference: reference };
	if (Buffer.byteLength(JSON.stringify(metadata)) > METADATA_MAX_BYTES) {
		throw inputError(this, itemIndex, 'Metadata', 'is larger than 4 KB');
	}
	const body: IDataObject = { amount, currency, network, to_address: toAddress, metadata };
	if (options.description) body.description = String(options.description);
	const idempotencyKey = idempotencyKeyFor('payout', reference);
	const subMerchantCode = subMerchantOption(this, itemIndex);
	const shape = outputShaper(this, itemIndex, PAYOUT);

	return async () => {
		const payout = await ironixPayRequest(this, {
			method: 'POST',
			path: '/v1/payouts',
			itemIndex,
			body,
			idempotencyKey,
			subMerchantCode,
		});
		return shape(withNormalizedStatus(payout, PAYOUT_STATUS_MAP));
	};
}

function parseMetadata(context: IExecuteFunctions, itemIndex: number, value: unknown): IDataObject {
	if (value === undefined || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw inputError(context, itemIndex, 'Metadata', 'is not valid JSON');
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw inputError(context, itemIndex, 'Metadata', 'must be a JSON object');
	}
	return parsed as IDataObject;
}
