import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as cancel from './cancel.operation';

export const OPERATIONS = [
	{ name: 'Cancel Subscription', value: 'cancel', action: 'Cancel a subscription', description: 'Stop future charges of a card subscription' },
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('subscription', OPERATIONS, 'cancel', { cancel });
