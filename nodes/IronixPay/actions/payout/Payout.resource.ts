import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
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

export const description: INodeProperties[] = [
	operationProperty('payout', OPERATIONS, 'create'),
	...create.description,
	...get.description,
	...getAll.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	create: create.execute,
	get: get.execute,
	getAll: getAll.execute,
};
