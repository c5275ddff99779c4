import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_TOLERANCE_SECONDS } from './webhook';

export interface ConfirmOption {
	/** On where the signature cannot stop a replayed or rewritten body. */
	default: boolean;
	/** What is looked up, and why it matters for this gateway. */
	description: string;
}

/** Literal defaults, as n8n's lint reads them. */
function confirmProperty(confirm: ConfirmOption): INodeProperties {
	const description = `Whether to look the event's object up at the gateway (same credential) before starting anything: a delivery whose object is missing or whose amount, currency or status contradict the gateway gets HTTP 422 and starts nothing; if the lookup fails the delivery gets HTTP 503 so the gateway resends it. The gateway's state is added to the item as gatewayState. ${confirm.description}`;
	return confirm.default
		? { displayName: 'Confirm With Gateway', name: 'confirmWithGateway', type: 'boolean', default: true, description }
		: { displayName: 'Confirm With Gateway', name: 'confirmWithGateway', type: 'boolean', default: false, description };
}

/** The parameters every signed-webhook trigger shares: setup notice, event filter, options. */
export function signedTriggerProperties(
	notice: string,
	events: INodePropertyOptions[],
	confirm?: ConfirmOption,
): INodeProperties[] {
	const confirmOptions: INodeProperties[] = confirm ? [confirmProperty(confirm)] : [];
	return [
		{
			displayName: notice,
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			required: true,
			default: ['*'],
			description: 'Which events start the workflow. Other events are acknowledged and ignored.',
			options: [{ name: 'All Events', value: '*', description: 'Any event' }, ...events],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Acknowledge',
					name: 'acknowledge',
					type: 'options',
					default: 'onReceived',
					description: 'When the gateway gets its success answer. Until then it keeps the event and resends it.',
					options: [
						{
							name: 'When Stored',
							value: 'onReceived',
							description:
								'As soon as n8n has saved the execution (it answers 500 if it cannot, so the gateway resends). Each event runs at most once.',
						},
						{
							name: 'After the Workflow Succeeds',
							value: 'lastNode',
							description:
								'Only when the whole workflow succeeded; a failed run answers 500 and the gateway resends (at least once: a redelivery after a restart may run again). The gateway waits for the whole run.',
						},
					],
				},
				...confirmOptions,
				{
					displayName: 'Ignore Redeliveries',
					name: 'dedupe',
					type: 'boolean',
					default: true,
					description:
						'Whether to start the workflow only once per event when the gateway delivers it again (deliveries are at-least-once)',
				},
				{
					displayName: 'Timestamp Tolerance (Seconds)',
					name: 'toleranceSeconds',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 3600 },
					default: DEFAULT_TOLERANCE_SECONDS,
					description: 'Deliveries signed longer ago (or further in the future) than this are rejected as replays',
				},
			],
		},
	];
}
