import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { HandlersFor } from '../../../shared/router';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Get',
		value: 'get',
		action: 'Get the balance',
		description: 'Get the available and unavailable COP balance',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['balance'] } },
		default: 'get',
		options: [...OPERATIONS],
	},
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	get: get.execute,
};
