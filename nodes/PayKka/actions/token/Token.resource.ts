import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as deleteToken from './delete.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{ name: 'Delete', value: 'delete', action: 'Delete a token', description: 'Delete a stored card token' },
	{ name: 'Get', value: 'get', action: 'Get tokens', description: 'List a shopper\'s stored card tokens' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('token', OPERATIONS, 'delete', { delete: deleteToken, get });
