import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a refund',
		description: 'Refund a captured payment in full or in part',
	},
	{ name: 'Get', value: 'get', action: 'Get a refund', description: 'Get a refund and its status' },
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	operationProperty('refund', OPERATIONS, 'create'),
	...create.description,
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	create: create.execute,
	get: get.execute,
};
