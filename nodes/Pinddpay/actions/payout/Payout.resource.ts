import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as getBalance from './getBalance.operation';

export const OPERATIONS = [
	{
		name: 'Create Payout',
		value: 'create',
		action: 'Create a payout',
		description: 'Send money to a beneficiary; sent once and never resent (Pinddpay has no idempotency key or payout lookup)',
	},
	{ name: 'Query Balance', value: 'getBalance', action: 'Query the balance', description: 'Get the payout balance per currency' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('payout', OPERATIONS, 'create', { create, getBalance });
