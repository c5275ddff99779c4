import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Get',
		value: 'get',
		action: 'Get the balance',
		description: 'Get the available and unavailable COP balance',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('balance', OPERATIONS, 'get', { get });
