import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_TOLERANCE_SECONDS } from './webhook';

/** The parameters every signed-webhook trigger shares: setup notice, event filter, options. */
export function signedTriggerProperties(notice: string, events: INodePropertyOptions[]): INodeProperties[] {
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
