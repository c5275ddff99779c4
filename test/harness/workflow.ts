/**
 * Runs one node of ours inside n8n-core's real execution engine (WorkflowExecute), the way n8n
 * runs it in a workflow: parameters resolved by the expression engine, credentials applied by
 * the credential class's authenticate(), requests sent by n8n's own HTTP helpers.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type ICredentials,
} from 'n8n-workflow';

/** Emits the items it is given, standing in for the Manual Trigger. */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Test start node',
		defaults: { name: 'Start' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string): INodeType {
		return this.getByName(nodeType);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types[typeName]?.authenticate;
		if (typeof authenticate !== 'function') throw new Error(`Credential ${typeName} must sign with a function`);
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(_additionalData: unknown, _details: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

/** The parts of n8n's per-execution context our nodes touch; the rest is never reached. */
export function testAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
	http?: { httpRequest: unknown; httpResponse: unknown },
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		encryptedRunnerIdentity: undefined,
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		...http,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunNodeOptions {
	node: INodeType;
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	/** Items fed into the node; one empty item by default. */
	items?: IDataObject[];
	continueOnFail?: boolean;
	retryOnFail?: boolean;
}

export interface NodeRunResult {
	run: IRun;
	/** Output items of the node under test (first output). */
	items: INodeExecutionData[];
	/** The workflow-level error when the node failed the run. */
	error?: IRun['data']['resultData']['error'];
}

export const NODE_UNDER_TEST = 'Node Under Test';

export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const nodeTypeName = `test.${options.node.description.name}`;
	const nodeTypes = new TestNodeTypes({ 'test.start': new StartNode(), [nodeTypeName]: options.node });
	const credentialName = options.credentialType.name;
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [
			{ id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'under-test',
				name: NODE_UNDER_TEST,
				type: nodeTypeName,
				typeVersion: options.node.description.version as number,
				position: [200, 0],
				parameters: options.parameters,
				credentials: { [credentialName]: { id: '1', name: 'test credentials' } },
				onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
				retryOnFail: options.retryOnFail,
				maxTries: 2,
				waitBetweenTries: 0,
			},
		],
		connections: { Start: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] } },
		nodeTypes,
		active: false,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		nodes: [],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
		isArchived: false,
	} as never);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const additionalData = testAdditionalData(
		new TestCredentialsHelper({ [credentialName]: options.credentialType }, { [credentialName]: options.credentials }),
		hooks,
	);

	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: workflow.getNode('Start')!, data: { main: [items] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished;
	const nodeRuns = run.data.resultData.runData[NODE_UNDER_TEST] ?? [];
	const lastRun = nodeRuns[nodeRuns.length - 1];
	return {
		run,
		items: lastRun?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
	};
}
