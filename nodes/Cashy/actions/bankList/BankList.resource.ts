import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Get',
		value: 'get',
		action: 'Get a bank list',
		description: 'Get the payout or pay-in (PSE) bank list with Cashy\'s bank IDs',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	operationProperty('bankList', OPERATIONS, 'get'),
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	get: get.execute,
};
