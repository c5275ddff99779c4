import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { HandlersFor } from '../../../shared/router';
import * as cancel from './cancel.operation';

export const OPERATIONS = [
	{
		name: 'Cancel',
		value: 'cancel',
		action: 'Cancel a recurring agreement',
		description: 'Stop future payments of a recurring agreement',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recurringAgreement'] } },
		default: 'cancel',
		options: [...OPERATIONS],
	},
	...cancel.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	cancel: cancel.execute,
};
