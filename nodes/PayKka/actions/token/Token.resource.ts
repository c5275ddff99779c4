import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as deleteToken from './delete.operation';
import * as get from './get.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		default: 'delete',
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete a token', description: 'Delete a stored card token' },
			{ name: 'Get', value: 'get', action: 'Get tokens', description: 'List a shopper\'s stored card tokens' },
		],
	},
	...deleteToken.description,
	...get.description,
];

export const operations: Record<string, OperationHandler> = {
	delete: deleteToken.execute,
	get: get.execute,
};
