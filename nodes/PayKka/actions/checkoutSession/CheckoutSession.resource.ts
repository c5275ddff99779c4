import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
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

export const description: INodeProperties[] = [
	operationProperty('checkoutSession', OPERATIONS, 'create'),
	...create.description,
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	create: create.execute,
	get: get.execute,
};
