import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as cancel from './cancel.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recurringAgreement'] } },
		default: 'cancel',
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a recurring agreement',
				description: 'Stop future payments of a recurring agreement',
			},
		],
	},
	...cancel.description,
];

export const operations: Record<string, OperationHandler> = {
	cancel: cancel.execute,
};
