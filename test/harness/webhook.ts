/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Serves one trigger node of ours over real HTTP on 127.0.0.1, the way n8n's webhook server
 * calls it: n8n-core's WebhookContext (real parameter, credential and static-data access), the
 * raw body kept as bytes, and an express-like response. Records every workflow start.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { WebhookContext } from 'n8n-core';
import {
	Workflow,
	resolveWebhookDescriptionField,
	type IWebhookResponseData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
} from 'n8n-workflow';

import { TestCredentialsHelper, TestNodeTypes, testAdditionalData } from './workflow';

export interface TriggerHostOptions {
	node: INodeType;
	credentialType: ICredentialType;
	/** Undefined = the node has no credentials set. */
	credentials?: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	/** Makes n8n's save of the next execution fail (n8n then answers 500 and runs nothing); may wait first. */
	storeFails?: () => boolean | Promise<boolean>;
	/** Makes the workflow run of the next execution fail (matters when acknowledging after success). */
	runFails?: () => boolean | Promise<boolean>;
}

export interface HostedResponse {
	status: number;
	body: string;
	contentType: string | undefined;
}

export interface TriggerHost {
	url: string;
	/** One entry per workflow start, holding the items it would run with. */
	executions: INodeExecutionData[][];
	responses: HostedResponse[];
	close(): Promise<void>;
}

/**
 * Express's response methods that n8n's webhook code and our triggers use, added onto node's own
 * ServerResponse (as express does), so that `end`, `statusCode`, `setHeader` and events are the
 * real ones and a trigger can wrap `end` as it does in n8n.
 */
function expressLike(res: ServerResponse) {
	const response = res as ServerResponse & {
		status(code: number): typeof response;
		type(contentType: string): typeof response;
		send(body?: string): typeof response;
		json(body: unknown): typeof response;
	};
	response.status = (code: number) => {
		res.statusCode = code;
		return response;
	};
	response.type = (contentType: string) => {
		res.setHeader('content-type', contentType);
		return response;
	};
	response.send = (body?: string) => {
		// Express sends an object as JSON (through this.json).
		if (body !== null && typeof body === 'object') return response.json(body);
		if (typeof body === 'string') {
			const type = res.getHeader('content-type');
			if (typeof type !== 'string') res.setHeader('content-type', 'text/html; charset=utf-8');
			else if (!/charset=/i.test(type)) res.setHeader('content-type', `${type}; charset=utf-8`);
		}
		// Through the property, so a wrapper the trigger installed runs (express calls this.end too).
		response.end(body ?? '');
		return response;
	};
	response.json = (body: unknown) => {
		if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
		return response.send(JSON.stringify(body));
	};
	return response;
}

/** Keeps what the trigger answered (status, body, content type) for assertions. */
function recordResponse(res: ServerResponse, into: HostedResponse[]): void {
	const sent: Buffer[] = [];
	const write = res.write.bind(res) as (chunk: string | Buffer) => boolean;
	const end = res.end.bind(res) as (chunk?: string | Buffer) => ServerResponse;
	res.write = ((chunk: string | Buffer) => {
		sent.push(Buffer.from(chunk));
		return write(chunk);
	}) as typeof res.write;
	res.end = ((chunk?: string | Buffer) => {
		if (chunk) sent.push(Buffer.from(chunk));
		return end(chunk);
	}) as typeof res.end;
	res.on('finish', () =>
		into.push({
			status: res.statusCode,
			body: Buffer.concat(sent).toString('utf8'),
			contentType: res.getHeader('content-type') as string | undefined,
		}),
	);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Each host's credential has its own id, so nothing another host read is in the trigger's credential cache. */
let hostsStarted = 0;

export async function startTriggerHost(options: TriggerHostOptions): Promise<TriggerHost> {
	// Each host stands for a freshly started n8n: nothing read before it is cached.
	const credentialId = `host-${++hostsStarted}`;
	const typeName = `test.${options.node.description.name}`;
	const credentialName = options.credentialType.name;
	const workflow = new Workflow({
		id: 'trigger-workflow',
		nodes: [
			{
				id: 'trigger-node',
				name: 'Trigger',
				type: typeName,
				typeVersion: 1,
				position: [0, 0],
				parameters: options.parameters,
				credentials: { [credentialName]: { id: credentialId, name: 'test credentials' } },
				webhookId: 'test-webhook',
			},
		],
		connections: {},
		nodeTypes: new TestNodeTypes({ [typeName]: options.node }),
		active: true,
		staticData: {},
	});
	const node = workflow.getNode('Trigger')!;
	const credentialsHelper = new TestCredentialsHelper(
		{ [credentialName]: options.credentialType },
		options.credentials ? { [credentialName]: options.credentials } : {},
	);
	const executions: INodeExecutionData[][] = [];
	const responses: HostedResponse[] = [];

	const server = createServer((req, res) => {
		recordResponse(res, responses);
		const response = expressLike(res);
		void (async () => {
			const rawBody = await readBody(req);
			const request = { method: req.method, url: req.url, headers: req.headers, rawBody, body: {} as unknown, query: {} };
			try {
				request.body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				request.body = {};
			}
			const additionalData = testAdditionalData(credentialsHelper, undefined, {
				httpRequest: request,
				httpResponse: response,
			});
			const webhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: 'webhook',
				webhookDescription: options.node.description.webhooks![0],
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: 'test-webhook',
			} as unknown as IWebhookData;
			const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
			try {
				const result = await options.node.webhook!.call(context);
				if (result.noWebhookResponse) return; // the node answered itself
				await answerLikeN8n(result, response);
			} catch {
				if (!res.writableEnded) response.status(500).json({ message: 'Error in workflow' });
			}
		})();
	});

	/**
	 * What n8n 2.41's webhook-helpers.ts does with a node's result: no workflowData -> its
	 * webhookResponse; otherwise store the execution (500 if that fails), then in "onReceived" mode
	 * answer the description's responseData or else the node's webhookResponse, and in "lastNode"
	 * mode run the workflow and answer 500 on failure or its `noData` answer (no body).
	 */
	async function answerLikeN8n(result: IWebhookResponseData, response: ReturnType<typeof expressLike>): Promise<void> {
		const description = options.node.description.webhooks![0];
		const field = (name: 'responseMode' | 'responseData', fallback: string) => {
			const native = resolveWebhookDescriptionField(node, description, name);
			return native.resolved ? (native.value as string) : ((description[name] as string | undefined) ?? fallback);
		};
		const send = (status: number, body: unknown) => {
			response.status(status);
			if (typeof body === 'string') response.send(body);
			else response.json(body);
		};
		if (!result.workflowData) {
			send(200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		if (await options.storeFails?.()) {
			send(500, { code: 0, message: 'There was a problem executing the workflow' });
			return;
		}
		executions.push(...result.workflowData);
		if (field('responseMode', 'onReceived') === 'lastNode') {
			if (await options.runFails?.()) send(500, { message: 'Error in workflow' });
			else send(200, undefined);
			return;
		}
		const responseData = field('responseData', 'firstEntryJson');
		send(200, responseData || (result.webhookResponse ?? { message: 'Workflow was started' }));
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/test-webhook/webhook`,
		executions,
		responses,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
