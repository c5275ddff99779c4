import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResource } from '../../../shared/router';
import * as createOrderSession from './createOrderSession.operation';
import * as createTransaction from './createTransaction.operation';
import * as getTransaction from './getTransaction.operation';

export const OPERATIONS = [
	{
		name: 'Create Order Session',
		value: 'createOrderSession',
		action: 'Create an order session',
		description: 'Get a session ID for Pinddpay\'s front-end SDK (hosted checkout); sent once, never resent',
	},
	{
		name: 'Create Transaction',
		value: 'createTransaction',
		action: 'Create a transaction',
		description: 'Get a payment link (endpoint to be deprecated by Pinddpay); sent once, never resent',
	},
	{
		name: 'Query Transaction',
		value: 'getTransaction',
		action: 'Query a transaction',
		description: 'Get an order with its transaction and status',
	},
] as const satisfies readonly INodePropertyOptions[];

export const { description, operations } = defineResource('payIn', OPERATIONS, 'createOrderSession', { createOrderSession, createTransaction, getTransaction });
