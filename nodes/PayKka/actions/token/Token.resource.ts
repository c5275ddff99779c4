import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
import * as deleteToken from './delete.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{ name: 'Delete', value: 'delete', action: 'Delete a token', description: 'Delete a stored card token' },
	{ name: 'Get', value: 'get', action: 'Get tokens', description: 'List a shopper\'s stored card tokens' },
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	operationProperty('token', OPERATIONS, 'delete'),
	...deleteToken.description,
	...get.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	delete: deleteToken.execute,
	get: get.execute,
};
