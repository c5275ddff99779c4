import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
import type { HandlersFor } from '../../../shared/router';
import * as cancel from './cancel.operation';

export const OPERATIONS = [
	{ name: 'Cancel Subscription', value: 'cancel', action: 'Cancel a subscription', description: 'Stop future charges of a card subscription' },
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	operationProperty('subscription', OPERATIONS, 'cancel'),
	...cancel.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	cancel: cancel.execute,
};
