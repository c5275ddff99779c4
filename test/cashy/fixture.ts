/**
 * Setup shared by the Cashy tests: one local Cashy sandbox per test file and a credential for it;
 * for the node, its run inside n8n-core's WorkflowExecute and valid Create parameters to vary; for
 * the trigger, the sandbox's test controls that put orders in place.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { CashyApi } from '../../credentials/CashyApi.credentials';
import { Cashy } from '../../nodes/Cashy/Cashy.node';
import {
	CASHY_TEST_API_KEY,
	CASHY_TEST_MERCHANT_ID,
	startCashySandbox,
	type CashySandbox,
	type CashySandboxOptions,
} from '../../sandbox/cashy/server';
import { runNode, type NodeRunResult } from '../harness/workflow';

export interface RunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Instead of the fixture's credential. */
	credentials?: ICredentialDataDecryptedObject;
	/** Instead of a fresh Cashy node (e.g. one with a method mocked). */
	node?: Cashy;
}

export interface CashyNodeFixture {
	/** The running sandbox (started before the file's first test, closed after its last). */
	readonly sandbox: CashySandbox;
	/** A credential for the sandbox: environment "custom", its URL with a trailing slash (which the node strips). */
	readonly credentials: ICredentialDataDecryptedObject;
	/** Runs the node once with these parameters over `items` (one empty item by default). */
	run(parameters: INodeParameters, options?: RunOptions): Promise<NodeRunResult>;
}

/** Starts a sandbox before the calling test file's first test and closes it after its last; the getter fails before. */
function sandboxForFile(options: Omit<CashySandboxOptions, 'port'>): () => CashySandbox {
	let running: CashySandbox | undefined;
	beforeAll(async () => {
		running = await startCashySandbox({ port: 0, ...options });
	});
	afterAll(async () => await running?.close());
	return () => {
		if (!running) throw new Error('The Cashy sandbox starts in beforeAll');
		return running;
	};
}

/** A Cashy sandbox for the calling test file's node runs (call at its top level), and how to reach it. */
export function cashyNodeFixture(options: Omit<CashySandboxOptions, 'port'> = {}): CashyNodeFixture {
	const sandbox = sandboxForFile(options);
	const fixture: CashyNodeFixture = {
		get sandbox() {
			return sandbox();
		},
		get credentials() {
			return { environment: 'custom', baseUrl: `${sandbox().url}/`, merchantId: CASHY_TEST_MERCHANT_ID, secretKey: CASHY_TEST_API_KEY };
		},
		run: async (parameters, runOptions = {}) =>
			await runNode({
				node: runOptions.node ?? new Cashy(),
				credentialType: new CashyApi(),
				credentials: runOptions.credentials ?? fixture.credentials,
				parameters,
				items: runOptions.items,
				continueOnFail: runOptions.continueOnFail,
			}),
	};
	return fixture;
}

let sequence = 0;
/** A merchant order number no other test of the file uses (the sandbox keeps every order). */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;

/** A valid PSE pay-in (Pay-In > Create) without its merchant order number. */
export const PSE_PAYIN: INodeParameters = {
	resource: 'payIn',
	operation: 'create',
	amount: '30000.00',
	payType: '157',
	userType: '1',
	bankId: 1,
	notifyUrl: 'https://merchant.example/webhooks/cashy',
	realName: 'Julian',
	phone: '573016612345',
	email: 'julian@example.com',
	idType: '1',
	idCard: '1103412345',
	expireTime: 3600,
	remark: 'payin',
};

/** A valid payout (Payout > Create) to a Nequi account, without its merchant order number. */
export const PAYOUT: INodeParameters = {
	resource: 'payout',
	operation: 'create',
	amount: '50000.00',
	bankId: 33,
	accountType: '1',
	accountNo: '3023612345',
	accountName: 'Jeson',
	idType: '1',
	idCard: '43912345',
	notifyUrl: 'https://merchant.example/webhooks/cashy',
	remark: 'remark',
};

/** The merchant of the trigger tests' notifications (that of the synthetic signed vector, see signature.test.ts). */
export const TRIGGER_MERCHANT_ID = '100001';

export interface CashyTriggerFixture {
	/** The running sandbox, which the trigger's Confirm With Gateway asks (started before the file's first test). */
	readonly sandbox: CashySandbox;
	/** A credential for the sandbox and TRIGGER_MERCHANT_ID, signing with CASHY_TEST_API_KEY. */
	readonly credentials: Record<string, string>;
	/** Calls one of the sandbox's test controls (`/_sandbox/...`) and returns its JSON answer. */
	control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
	/** Puts an order in the sandbox as is (test control), as Cashy would show it to Query Payin / Query Payout. */
	seed(kind: 'payins' | 'payouts', order: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** A Cashy sandbox for the calling test file's trigger tests (call at its top level), and how to reach it. */
export function cashyTriggerFixture(options: Omit<CashySandboxOptions, 'port' | 'merchantId' | 'apiKey'> = {}): CashyTriggerFixture {
	const sandbox = sandboxForFile({ merchantId: TRIGGER_MERCHANT_ID, apiKey: CASHY_TEST_API_KEY, ...options });
	const call = async (method: string, path: string, body: unknown) =>
		await fetch(`${sandbox().url}${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	return {
		get sandbox() {
			return sandbox();
		},
		get credentials() {
			return { environment: 'custom', baseUrl: sandbox().url, merchantId: TRIGGER_MERCHANT_ID, secretKey: CASHY_TEST_API_KEY };
		},
		control: async (method, path, body) => {
			const response = await call(method, path, body);
			expect(response.ok).toBe(true);
			return (await response.json()) as Record<string, unknown>;
		},
		seed: async (kind, order) => {
			const response = await call('POST', `/_sandbox/${kind}`, order);
			expect(response.status).toBe(200);
			return (await response.json()) as Record<string, unknown>;
		},
	};
}

/** A fresh Cashy order number per call, so every test seeds its own orders in the file's sandbox. */
export const orderNumber = (prefix: 'PAYIN' | 'PAYOUT') => `${prefix}${Date.now()}${++sequence}`;
