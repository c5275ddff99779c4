import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a checkout session',
		description: 'Create a hosted checkout and get its payment URL',
	},
	{ name: 'Get', value: 'get', action: 'Get a checkout session', description: 'Get a session with its transactions' },
	{ name: 'Get Many', value: 'getAll', action: 'Get many checkout sessions', description: 'List sessions with filters' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('checkoutSession', OPERATIONS, 'create', { create, get, getAll });
