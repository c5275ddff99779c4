import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Get',
		value: 'get',
		action: 'Get the balance',
		description: 'Get the available and unavailable COP balance',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	operationProperty('balance', OPERATIONS, 'get'),
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	get: get.execute,
};
