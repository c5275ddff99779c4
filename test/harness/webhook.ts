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

/** Minimal express-style response over node's ServerResponse (what n8n hands to webhook()). */
function expressLike(res: ServerResponse) {
	const response = {
		status(code: number) {
			res.statusCode = code;
			return response;
		},
		type(contentType: string) {
			res.setHeader('content-type', contentType);
			return response;
		},
		send(body: string) {
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
			res.write(body);
			return response;
		},
		json(body: unknown) {
			res.setHeader('content-type', 'application/json');
			res.write(JSON.stringify(body));
			return response;
		},
		end() {
			res.end();
			return response;
		},
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

export async function startTriggerHost(options: TriggerHostOptions): Promise<TriggerHost> {
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
				credentials: { [credentialName]: { id: '1', name: 'test credentials' } },
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
				httpResponse: expressLike(res),
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
				if (result.workflowData) executions.push(...result.workflowData);
				// n8n answers 200 itself when the node did not.
				if (!result.noWebhookResponse && !res.writableEnded) res.writeHead(200).end('{"message":"Workflow was started"}');
			} catch {
				if (!res.writableEnded) res.writeHead(500).end('{"message":"Error in workflow"}');
			}
		})();
	});
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
