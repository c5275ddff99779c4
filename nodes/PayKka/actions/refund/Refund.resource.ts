import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

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
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['refund'] } },
		default: 'create',
		options: [...OPERATIONS],
	},
	...create.description,
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	create: create.execute,
	get: get.execute,
};
