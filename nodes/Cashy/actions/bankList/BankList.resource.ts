import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as get from './get.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bankList'] } },
		default: 'get',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a bank list',
				description: 'Get the payout or pay-in (PSE) bank list with Cashy\'s bank IDs',
			},
		],
	},
	...get.description,
];

export const operations: Record<string, OperationHandler> = {
	get: get.execute,
};
