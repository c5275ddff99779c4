import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const OPERATIONS = [
	{ name: 'Create', value: 'create', action: 'Create a sub merchant' },
	{ name: 'Get', value: 'get', action: 'Get a sub merchant' },
	{ name: 'Get Many', value: 'getAll', action: 'Get many sub merchants' },
	{ name: 'Update', value: 'update', action: 'Update a sub merchant', description: 'Rename, suspend or reactivate' },
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	operationProperty('subMerchant', OPERATIONS, 'create'),
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	create: create.execute,
	get: get.execute,
	getAll: getAll.execute,
	update: update.execute,
};
