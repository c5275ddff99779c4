import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import * as webhook from '../../nodes/shared/webhook';

/** The parts of a webhook context isFirstDelivery reads; static data is shared like n8n's workflow object. */
function contextWith(staticData: IDataObject, workflowId: string): IWebhookFunctions {
	return {
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'trigger-node', name: 'Trigger' }),
		getWorkflowStaticData: () => staticData,
	} as unknown as IWebhookFunctions;
}

/** A fresh copy of the module: its in-memory store is empty, as after an n8n restart. */
function restartedModule(): typeof webhook {
	let fresh: typeof webhook | undefined;
	jest.isolateModules(() => {
		fresh = jest.requireActual<typeof webhook>('../../nodes/shared/webhook');
	});
	if (!fresh) throw new Error('module did not load');
	return fresh;
}

describe('isFirstDelivery (trigger dedupe)', () => {
	it('lets each key through once', () => {
		const context = contextWith({}, 'wf-once');
		expect(webhook.isFirstDelivery(context, 'evt_1')).toBe(true);
		expect(webhook.isFirstDelivery(context, 'evt_1')).toBe(false);
		expect(webhook.isFirstDelivery(context, 'evt_2')).toBe(true);
	});

	it('keeps 1,000 keys in memory but mirrors only the newest 100 into static data', () => {
		const staticData: IDataObject = {};
		const context = contextWith(staticData, 'wf-bounds');
		for (let index = 0; index < 1500; index++) expect(webhook.isFirstDelivery(context, `evt_${index}`)).toBe(true);
		const persisted = staticData.deliveredEventKeys as string[];
		expect(persisted).toHaveLength(webhook.DEFAULT_PERSISTED_KEYS);
		expect(persisted[persisted.length - 1]).toBe('evt_1499');
		expect(persisted[0]).toBe(`evt_${1500 - webhook.DEFAULT_PERSISTED_KEYS}`);
		// In memory: the last 1,000 are still caught, older ones are forgotten.
		expect(webhook.isFirstDelivery(context, 'evt_600')).toBe(false);
		expect(webhook.isFirstDelivery(context, 'evt_10')).toBe(true);
	});

	it('after a restart, the persisted newest keys still stop a redelivery', () => {
		const staticData: IDataObject = {};
		for (let index = 0; index < 300; index++) webhook.isFirstDelivery(contextWith(staticData, 'wf-restart'), `evt_${index}`);
		const restarted = restartedModule();
		const context = contextWith(staticData, 'wf-restart');
		expect(restarted.isFirstDelivery(context, 'evt_299')).toBe(false);
		expect(restarted.isFirstDelivery(context, `evt_${300 - webhook.DEFAULT_PERSISTED_KEYS}`)).toBe(false);
		// Older than the persisted window: memory was lost with the restart.
		expect(restarted.isFirstDelivery(context, 'evt_5')).toBe(true);
	});
});
