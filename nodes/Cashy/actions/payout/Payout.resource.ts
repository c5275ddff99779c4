import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
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

export const description: INodeProperties[] = [
	operationProperty('payout', OPERATIONS, 'create'),
	...create.description,
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	create: create.execute,
	get: get.execute,
};
