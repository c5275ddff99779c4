import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Shows `properties` only for the given resource and operation(s). */
export function forOperation(resource: string, operation: string | string[], properties: INodeProperties[]): INodeProperties[] {
	const operations = Array.isArray(operation) ? operation : [operation];
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: operations },
		},
	}));
}

/** "Return All" + "Limit", the way n8n's own list operations offer them. */
export function paginationProperties(maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** Option for bulk money movement: items sent at once. Safe because each item carries its own idempotent reference. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 1,
	description:
		'How many items to send at the same time (1-20). Higher is faster for bulk runs; rate limits (HTTP 429) are waited out using Retry-After.',
};

/**
 * An ID parameter the user picks "From List" (default, searched with `searchListMethod`) or
 * types "By ID". Saved workflows that hold the ID as a plain string keep working: n8n passes such
 * a value through unchanged (see `locatorValue`).
 */
export function idLocator(options: {
	displayName: string;
	name: string;
	searchListMethod: string;
	listPlaceholder: string;
	placeholder: string;
	/** Checked by the editor in "By ID" mode; the operation checks again before sending. */
	pattern: string;
	patternMessage: string;
	/** The "By ID" mode's label, where the gateway's key is not called an ID. */
	byIdLabel?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: options.listPlaceholder,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: options.byIdLabel ?? 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
				validation: [{ type: 'regex', properties: { regex: options.pattern, errorMessage: options.patternMessage } }],
			},
		],
	};
}

/** A resource's Operation dropdown, listing its typed `OPERATIONS` (see `HandlersFor` in router.ts). */
export function operationProperty<Operations extends ReadonlyArray<INodePropertyOptions & { value: string }>>(
	resource: string,
	operations: Operations,
	defaultOperation: Operations[number]['value'],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		default: defaultOperation,
		options: [...operations],
	};
}
