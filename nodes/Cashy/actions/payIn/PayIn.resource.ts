import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as create from './create.operation';
import * as query from './query.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payIn'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a payin order',
				description: 'Create a COP pay-in order and get its payment URL or code',
			},
			{
				name: 'Query',
				value: 'query',
				action: 'Query a payin order',
				description: 'Get the status of a pay-in by platform or merchant order number',
			},
		],
	},
	...create.description,
	...query.description,
];

export const operations: Record<string, OperationHandler> = {
	create: create.execute,
	query: query.execute,
};
