import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a payout',
		description: 'Pay COP from your balance to a bank account or e-wallet',
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a payout',
		description: 'Get the status of a payout by platform or merchant order number',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('payout', OPERATIONS, 'create', { create, get });
