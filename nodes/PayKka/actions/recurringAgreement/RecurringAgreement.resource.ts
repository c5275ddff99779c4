import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as cancel from './cancel.operation';

export const OPERATIONS = [
	{
		name: 'Cancel',
		value: 'cancel',
		action: 'Cancel a recurring agreement',
		description: 'Stop future payments of a recurring agreement',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('recurringAgreement', OPERATIONS, 'cancel', { cancel });
