import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['checkoutSession'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a checkout session',
				description: 'Create a hosted checkout and get its payment URL',
			},
			{ name: 'Get', value: 'get', action: 'Get a checkout session', description: 'Get a session with its transactions' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many checkout sessions', description: 'List sessions with filters' },
		],
	},
	...create.description,
	...get.description,
	...getAll.description,
];

export const operations: Record<string, OperationHandler> = {
	create: create.execute,
	get: get.execute,
	getAll: getAll.execute,
};
