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
		displayOptions: { show: { resource: ['payout'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a payout',
				description: 'Send tokens to an address, idempotent per payout reference',
			},
			{ name: 'Get', value: 'get', action: 'Get a payout' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many payouts' },
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
