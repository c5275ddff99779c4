import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationProperty } from '../../../shared/properties';
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
	operationProperty('recurringAgreement', OPERATIONS, 'cancel'),
	...cancel.description,
];

export const operations: HandlersFor<typeof OPERATIONS> = {
	cancel: cancel.execute,
};
