import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../../shared/router';
import * as cancel from './cancel.operation';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		default: 'cancel',
		options: [{ name: 'Cancel Subscription', value: 'cancel', action: 'Cancel a subscription', description: 'Stop future charges of a card subscription' }],
	},
	...cancel.description,
];

export const operations: Record<string, OperationHandler> = {
	cancel: cancel.execute,
};
