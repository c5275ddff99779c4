import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as capture from './capture.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as voidPayment from './void.operation';

export const OPERATIONS = [
	{
		name: 'Capture',
		value: 'capture',
		action: 'Capture a payment',
		description: 'Capture an authorised payment in full or in part',
	},
	{
		name: 'Create',
		value: 'create',
		action: 'Charge a saved card or recurring agreement',
		description:
			'Merchant-initiated payment: charge a stored card token or continue a recurring agreement. Never takes card numbers.',
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a payment',
		description: 'Get a payment by order number, order ID or session ID',
	},
	{
		name: 'Void',
		value: 'void',
		action: 'Void a payment',
		description: 'Cancel an authorised payment that was not captured',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('payment', OPERATIONS, 'get', { capture, create, get, void: voidPayment });
