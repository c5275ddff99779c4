import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

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
				description: 'Create a hosted payment page and get its session_url',
			},
			{ name: 'Get', value: 'get', action: 'Get a checkout session', description: 'Get a session by its ID' },
		],
	},
	...create.description,
	...get.description,
];

export const operations: Record<string, OperationHandler> = {
	create: create.execute,
	get: get.execute,
};
