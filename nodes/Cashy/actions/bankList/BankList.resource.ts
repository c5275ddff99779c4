import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as get from './get.operation';

export const OPERATIONS = [
	{
		name: 'Get',
		value: 'get',
		action: 'Get a bank list',
		description: 'Get the payout or pay-in (PSE) bank list with Cashy\'s bank IDs',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('bankList', OPERATIONS, 'get', { get });
