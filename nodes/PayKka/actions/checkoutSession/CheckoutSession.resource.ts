import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { HandlersFor } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a checkout session',
		description: 'Create a hosted payment page and get its session_url',
	},
	{ name: 'Get', value: 'get', action: 'Get a checkout session', description: 'Get a session by its ID' },
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['checkoutSession'] } },
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
