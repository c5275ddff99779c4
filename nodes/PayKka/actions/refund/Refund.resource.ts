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
		displayOptions: { show: { resource: ['refund'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a refund',
				description: 'Refund a captured payment in full or in part',
			},
			{ name: 'Get', value: 'get', action: 'Get a refund', description: 'Get a refund and its status' },
		],
	},
	...create.description,
	...get.description,
];

export const operations: Record<string, OperationHandler> = {
	create: create.execute,
	get: get.execute,
};
