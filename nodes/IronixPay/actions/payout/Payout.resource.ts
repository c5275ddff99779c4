import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a payout',
		description: 'Send tokens to an address, idempotent per payout reference',
	},
	{ name: 'Get', value: 'get', action: 'Get a payout' },
	{ name: 'Get Many', value: 'getAll', action: 'Get many payouts' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('payout', OPERATIONS, 'create', { create, get, getAll });
