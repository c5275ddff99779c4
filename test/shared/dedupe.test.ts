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

/** One delivery handled to the end: claimed, then answered 2xx (or not). */
function deliver(module: typeof webhook, context: IWebhookFunctions, key: string, answered = true): webhook.DeliveryClaim {
	const claim = module.claimDelivery(context, key, { persist: true });
	if (claim === 'claimed') module.settleDelivery(context, key, answered);
	return claim;
}

describe('claimDelivery / settleDelivery (trigger dedupe)', () => {
	it('lets each key through once it was answered 2xx; a second delivery while the first runs is told to come back', () => {
		const context = contextWith({}, 'wf-once');
		expect(webhook.claimDelivery(context, 'evt_1', { persist: true })).toBe('claimed');
		expect(webhook.claimDelivery(context, 'evt_1', { persist: true })).toBe('in-flight');
		webhook.settleDelivery(context, 'evt_1', true);
		expect(webhook.claimDelivery(context, 'evt_1', { persist: true })).toBe('delivered');
		expect(deliver(webhook, context, 'evt_2')).toBe('claimed');
	});

	it('a delivery n8n could not store or run leaves no key behind: the redelivery runs', () => {
		const context = contextWith({}, 'wf-failed');
		expect(deliver(webhook, context, 'evt_1', false)).toBe('claimed');
		expect(deliver(webhook, context, 'evt_1')).toBe('claimed');
		expect(deliver(webhook, context, 'evt_1')).toBe('delivered');
	});

	it('keeps 1,000 keys in memory but mirrors only the newest 100 into static data', () => {
		const staticData: IDataObject = {};
		const context = contextWith(staticData, 'wf-bounds');
		for (let index = 0; index < 1500; index++) expect(deliver(webhook, context, `evt_${index}`)).toBe('claimed');
		const persisted = staticData.deliveredEventKeys as string[];
		expect(persisted).toHaveLength(webhook.DEFAULT_PERSISTED_KEYS);
		expect(persisted[persisted.length - 1]).toBe('evt_1499');
		expect(persisted[0]).toBe(`evt_${1500 - webhook.DEFAULT_PERSISTED_KEYS}`);
		// In memory: the last 1,000 are still caught, older ones are forgotten.
		expect(deliver(webhook, context, 'evt_600')).toBe('delivered');
		expect(deliver(webhook, context, 'evt_10')).toBe('claimed');
	});

	it('after a restart, the persisted newest keys still stop a redelivery', () => {
		const staticData: IDataObject = {};
		for (let index = 0; index < 300; index++) deliver(webhook, contextWith(staticData, 'wf-restart'), `evt_${index}`);
		const restarted = restartedModule();
		const context = contextWith(staticData, 'wf-restart');
		expect(deliver(restarted, context, 'evt_299')).toBe('delivered');
		expect(deliver(restarted, context, `evt_${300 - webhook.DEFAULT_PERSISTED_KEYS}`)).toBe('delivered');
		// Older than the persisted window: memory was lost with the restart.
		expect(deliver(restarted, context, 'evt_5')).toBe('claimed');
	});

	it('without persist (acknowledge after success) nothing goes to static data', () => {
		const staticData: IDataObject = {};
		const context = contextWith(staticData, 'wf-no-persist');
		expect(webhook.claimDelivery(context, 'evt_1', { persist: false })).toBe('claimed');
		expect(staticData.deliveredEventKeys).toBeUndefined();
	});
});
