import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { operationProperty } from './properties';

/** Sends one prepared item to the gateway and returns its result. */
export type SendItem = () => Promise<IDataObject | IDataObject[]>;

/**
 * One operation: reads and validates item `itemIndex`'s parameters (throwing NodeOperationError
 * naming the field and item) and returns the function that sends it. Nothing may reach the
 * gateway before the returned function runs, so a batch is refused whole before any item is sent.
 */
export type OperationHandler = (this: IExecuteFunctions, itemIndex: number) => Promise<SendItem>;

export type OperationTable = Record<string, Record<string, OperationHandler>>;

/** The values of a list of options declared `as const`, e.g. a resource's operations. */
export type OptionValue<Options extends ReadonlyArray<{ value: string }>> = Options[number]['value'];

/**
 * Exactly one handler per operation the description lists: a listed operation without a handler,
 * or a handler for an operation not listed, fails `npm run typecheck` (not "Unsupported operation" at run time).
 */
export type HandlersFor<Operations extends ReadonlyArray<{ value: string }>> = { [Value in OptionValue<Operations>]: OperationHandler };

/** One operation's module: its parameters and its handler. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationHandler;
}

/**
 * A resource's Operation dropdown with its operations' parameters, and its handler table, from its
 * `OPERATIONS` and one module per listed operation (a missing or unlisted one fails typecheck).
 */
export function defineResource<Operations extends ReadonlyArray<INodePropertyOptions & { value: string }>>(
	resource: string,
	operations: Operations,
	defaultOperation: OptionValue<Operations>,
	modules: { [Value in OptionValue<Operations>]: OperationModule },
): { description: INodeProperties[]; operations: HandlersFor<Operations> } {
	const entries = Object.entries(modules) as Array<[string, OperationModule]>;
	return {
		description: [operationProperty(resource, operations, defaultOperation), ...entries.flatMap(([, module]) => module.description)],
		operations: Object.fromEntries(entries.map(([operation, module]) => [operation, module.execute])) as HandlersFor<Operations>,
	};
}

/** Exactly one operation table per resource the node's description lists, checked the same way. */
export type ResourceTable<Resources extends ReadonlyArray<{ value: string }>> = {
	[Value in OptionValue<Resources>]: Record<string, OperationHandler>;
};

/** One resource's module (see `defineResource`): its Operation dropdown and parameters, and its handlers. */
export interface ResourceModule {
	description: INodeProperties[];
	operations: Record<string, OperationHandler>;
}

/**
 * A node's Resource dropdown with every resource's parameters, and its operation table for
 * `routeOperations`, from its `RESOURCES` and one module per listed resource (a missing or unlisted
 * one fails typecheck), so a resource cannot be shown without its handlers or run without its parameters.
 */
export function defineResources<Resources extends ReadonlyArray<INodePropertyOptions & { value: string }>>(
	resources: Resources,
	defaultResource: OptionValue<Resources>,
	modules: { [Value in OptionValue<Resources>]: ResourceModule },
): { properties: INodeProperties[]; table: ResourceTable<Resources> } {
	const entries = Object.entries(modules) as Array<[string, ResourceModule]>;
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: defaultResource,
		options: [...resources],
	};
	return {
		properties: [resourceProperty, ...entries.flatMap(([, module]) => module.description)],
		table: Object.fromEntries(entries.map(([resource, module]) => [resource, module.operations])) as ResourceTable<Resources>,
	};
}

export interface RouteOptions {
	/** Output fields holding the gateway's id of an item's object, tried in order, for error reports. */
	idFields?: string[];
}

/** Upper bound for the Concurrency option, whatever the user enters. */
export const MAX_CONCURRENCY = 20;

type ItemError = NodeApiError | NodeOperationError;

/**
 * Runs the chosen resource/operation for every input item in two phases: first every item is
 * prepared (parameters read and validated), then the prepared items are sent. Each output item is
 * paired with its input; with "Continue On Fail" a failed item becomes an `error` item instead of
 * stopping. Operations offering `options.concurrency` send that many items at once (default 1);
 * output order always follows input order. Without Continue On Fail, an invalid item stops the
 * batch before anything is sent, and a failure while sending names the items already sent.
 */
export async function routeOperations(
	this: IExecuteFunctions,
	table: OperationTable,
	options: RouteOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[][] = new Array(items.length);
	const concurrency = Math.min(
		MAX_CONCURRENCY,
		Math.max(1, Math.floor(Number(this.getNodeParameter('options.concurrency', 0, 1)) || 1)),
	);

	const failed = (itemIndex: number, error: unknown): ItemError | undefined => {
		if (!this.continueOnFail()) return asNodeError(this, error, itemIndex);
		// Only `error` and `details` at the top: n8n's "Continue (using error output)" routes an item to the
		// error output only when its keys are among error / message / details.
		const details = errorDetails(error);
		results[itemIndex] = [
			{ json: Object.keys(details).length ? { error: (error as Error).message, details } : { error: (error as Error).message }, pairedItem: { item: itemIndex } },
		];
		return undefined;
	};

	const prepared: Array<SendItem | undefined> = new Array(items.length);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = table[resource]?.[operation];
			if (!handler) {
				throw new NodeOperationError(this.getNode(), `Unsupported operation "${resource}: ${operation}"`, { itemIndex });
			}
			prepared[itemIndex] = await handler.call(this, itemIndex);
		} catch (error) {
			const stop = failed(itemIndex, error);
			if (stop) throw stop;
		}
	}

	const failures: Array<{ itemIndex: number; error: ItemError }> = [];
	const sent: number[] = [];
	let nextItem = 0;
	const worker = async () => {
		// After a failure (without Continue On Fail) no new item starts; started ones finish.
		while (failures.length === 0 && nextItem < items.length) {
			const itemIndex = nextItem++;
			const send = prepared[itemIndex];
			if (!send) continue;
			try {
				const result = await send();
				results[itemIndex] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				});
				sent.push(itemIndex);
			} catch (error) {
				const stop = failed(itemIndex, error);
				if (stop) failures.push({ itemIndex, error: stop });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

	if (failures.length > 0) {
		const first = failures.reduce((a, b) => (b.itemIndex < a.itemIndex ? b : a)).error;
		const report = sentReport(sent, results, options.idFields ?? []);
		if (report) first.description = [first.description, report].filter(Boolean).join(' ');
		throw first;
	}
	return [results.flat()];
}

/** Which items went out before the batch stopped, with the gateway's id of each, so none is paid twice by hand. */
function sentReport(sent: number[], results: INodeExecutionData[][], idFields: string[]): string | undefined {
	if (sent.length === 0) return undefined;
	const lines = [...sent]
		.sort((a, b) => a - b)
		.map((itemIndex) => {
			const ids = (results[itemIndex] ?? []).map((entry) => gatewayId(entry.json, idFields)).filter(Boolean);
			return ids.length > 0 ? `item ${itemIndex} (${ids.join(', ')})` : `item ${itemIndex}`;
		});
	return `Already sent and accepted by the gateway before this failure: ${lines.join('; ')}.`;
}

function gatewayId(json: IDataObject, idFields: string[]): string | undefined {
	for (const field of idFields) {
		const value = json[field];
		if (typeof value === 'string' && value !== '') return `${field} ${value}`;
		if (typeof value === 'number' || typeof value === 'bigint') return `${field} ${String(value)}`;
	}
	return undefined;
}

/** n8n errors keep their details (and get the item index); anything else is wrapped. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

function errorDetails(error: unknown): IDataObject {
	if (error instanceof NodeApiError) {
		return { httpCode: error.httpCode ?? undefined, description: error.description ?? undefined };
	}
	if (error instanceof NodeOperationError) return { description: error.description ?? undefined };
	return {};
}
