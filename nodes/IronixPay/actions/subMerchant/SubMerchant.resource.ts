import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subMerchant'] } },
		default: 'create',
		options: [
			{ name: 'Create', value: 'create', action: 'Create a sub merchant' },
			{ name: 'Get', value: 'get', action: 'Get a sub merchant' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many sub merchants' },
			{ name: 'Update', value: 'update', action: 'Update a sub merchant', description: 'Rename, suspend or reactivate' },
		],
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
];

export const operations: Record<string, OperationHandler> = {
	create: create.execute,
	get: get.execute,
	getAll: getAll.execute,
	update: update.execute,
};
