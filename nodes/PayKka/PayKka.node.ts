import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as checkoutSession from './actions/checkoutSession/CheckoutSession.resource';
import * as payment from './actions/payment/Payment.resource';
import * as recurringAgreement from './actions/recurringAgreement/RecurringAgreement.resource';
import * as refund from './actions/refund/Refund.resource';
import { RESOURCES, router } from './actions/router';
import * as token from './actions/token/Token.resource';

export class PayKka implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PayKKa',
		name: 'payKka',
		icon: { light: 'file:paykka.svg', dark: 'file:paykka.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Accept card payments with PayKKa: hosted checkout sessions, saved-card and recurring charges, capture, void, refunds, tokens and recurring agreements (RSA-signed API v3 or v1.2)',
		defaults: { name: 'PayKKa' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'payKkaApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'checkoutSession',
				options: [...RESOURCES],
			},
			...checkoutSession.description,
			...payment.description,
			...recurringAgreement.description,
			...refund.description,
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// PayKKa's ids in the output (Simplified output: id, reference), named when a batch stops after some items were sent.
		return await router.call(this, { idFields: ['refund_order_id', 'order_id', 'session_id', 'recurring_agreement_id', 'id', 'reference'] });
	}
}
