import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a refund',
		description: 'Refund a captured payment in full or in part',
	},
	{ name: 'Get', value: 'get', action: 'Get a refund', description: 'Get a refund and its status' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('refund', OPERATIONS, 'create', { create, get });
