import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/validation';

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

/**
 * The ID a locator holds, trimmed; `extractValue` returns a plain string (a workflow saved before
 * the locator existed, or an expression) unchanged and a `{ mode, value }` locator as its value.
 */
export function locatorValue(context: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') throw inputError(context, itemIndex, field, 'is required');
	return text;
}
