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

/**
 * Runs the chosen resource/operation for every input item. Each output item is paired with its
 * input; with "Continue On Fail" a failed item becomes an `error` item instead of stopping.
 */
export async function routeOperations(this: IExecuteFunctions, table: OperationTable): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = table[resource]?.[operation];
			if (!handler) {
				throw new NodeOperationError(this.getNode(), `Unsupported operation "${resource}: ${operation}"`, { itemIndex });
			}
			const result = await handler.call(this, itemIndex);
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), { itemData: { item: itemIndex } }),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: { error: (error as Error).message, ...errorDetails(error) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return [output];
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
