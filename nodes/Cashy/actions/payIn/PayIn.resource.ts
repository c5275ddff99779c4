import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as create from './create.operation';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a payin order',
		description: 'Create a COP pay-in order and get its payment URL or code',
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a payin order',
		description: 'Get the status of a pay-in by platform or merchant order number',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('payIn', OPERATIONS, 'create', { create, get });
