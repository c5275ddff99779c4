import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
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

export const { description, operations } = defineResource('subMerchant', OPERATIONS, 'create', { create, get, getAll, update });
