import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a checkout session',
		description: 'Create a hosted payment page and get its session_url',
	},
	{ name: 'Get', value: 'get', action: 'Get a checkout session', description: 'Get a session by its ID' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('checkoutSession', OPERATIONS, 'create', { create, get });
