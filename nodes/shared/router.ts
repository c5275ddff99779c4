import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

/** One operation: reads item `itemIndex`'s parameters, calls the gateway, returns its result. */
export type OperationHandler = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

export type OperationTable = Record<string, Record<string, OperationHandler>>;

/** Upper bound for the Concurrency option, whatever the user enters. */
export const MAX_CONCURRENCY = 20;

/**
 * Runs the chosen resource/operation for every input item. Each output item is paired with its
 * input; with "Continue On Fail" a failed item becomes an `error` item instead of stopping.
 * Operations offering `options.concurrency` run that many items at once (default 1, in order);
 * output order always follows input order.
 */
export async function routeOperations(this: IExecuteFunctions, table: OperationTable): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[][] = new Array(items.length);
	const failures: Array<{ itemIndex: number; error: NodeApiError | NodeOperationError }> = [];
	const concurrency = Math.min(
		MAX_CONCURRENCY,
		Math.max(1, Math.floor(Number(this.getNodeParameter('options.concurrency', 0, 1)) || 1)),
	);

	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const handler = table[resource]?.[operation];
		if (!handler) {
			throw new NodeOperationError(this.getNode(), `Unsupported operation "${resource}: ${operation}"`, { itemIndex });
		}
		const result = await handler.call(this, itemIndex);
		return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), { itemData: { item: itemIndex } });
	};

	let nextItem = 0;
	const worker = async () => {
		// After a failure (without Continue On Fail) no new item starts; started ones finish.
		while (failures.length === 0 && nextItem < items.length) {
			const itemIndex = nextItem++;
			try {
				results[itemIndex] = await runItem(itemIndex);
			} catch (error) {
				if (this.continueOnFail()) {
					results[itemIndex] = [
						{ json: { error: (error as Error).message, ...errorDetails(error) }, pairedItem: { item: itemIndex } },
					];
				} else {
					failures.push({ itemIndex, error: asNodeError(this, error, itemIndex) });
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

	if (failures.length > 0) {
		throw failures.reduce((first, failure) => (failure.itemIndex < first.itemIndex ? failure : first)).error;
	}
	return [results.flat()];
}

/** n8n errors keep their details (and get the item index); anything else is wrapped. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
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
