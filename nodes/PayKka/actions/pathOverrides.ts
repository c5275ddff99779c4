/** Path Override options: the path PayKKa gave a merchant, instead of the one this node knows. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/validation';
import { PATHS, type EndpointName } from '../constants';
import type { PathOverrides } from '../transport';

/**
 * Path Override options: PayKKa's docs do not show every path (capture, session query, token query and
 * most v1.2 paths are [ASSUMPTION] in constants.ts), so each operation lets the user enter the path PayKKa
 * gave them. `endpoints` maps the option name to the endpoint it replaces, e.g.
 * `{ pathOverride: 'sessionCreate', lookupPathOverride: 'sessionQuery' }`.
 */
export function pathOverrideOptions(endpoints: Partial<Record<'pathOverride' | 'lookupPathOverride', EndpointName>>): INodeProperties[] {
	const options: INodeProperties[] = [];
	if (endpoints.lookupPathOverride) {
		options.push({
			displayName: 'Lookup Path Override',
			name: 'lookupPathOverride',
			type: 'string',
			default: '',
			placeholder: `e.g. ${PATHS.v3[endpoints.lookupPathOverride].path}`,
			description: `Path of the lookup sent before the write, instead of v3 ${PATHS.v3[endpoints.lookupPathOverride].path} / v1.2 ${PATHS['v1.2'][endpoints.lookupPathOverride].path}. Only when PayKKa gave you another path.`,
		});
	}
	if (endpoints.pathOverride) {
		options.push({
			displayName: 'Path Override',
			name: 'pathOverride',
			type: 'string',
			default: '',
			placeholder: `e.g. ${PATHS.v3[endpoints.pathOverride].path}`,
			description: `Path to send this operation to, instead of v3 ${PATHS.v3[endpoints.pathOverride].path} / v1.2 ${PATHS['v1.2'][endpoints.pathOverride].path}. Only when PayKKa gave you another path.`,
		});
	}
	return options;
}

/** An "Options" collection holding only the Path Override options. */
export function pathOverrideCollection(endpoints: Partial<Record<'pathOverride' | 'lookupPathOverride', EndpointName>>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: pathOverrideOptions(endpoints),
	};
}

/** The overrides the item sets, validated: a path starting with one "/", visible URL characters, no "..", "?" or "#". */
export function pathOverrides(
	context: IExecuteFunctions,
	itemIndex: number,
	endpoints: Partial<Record<'pathOverride' | 'lookupPathOverride', EndpointName>>,
): PathOverrides {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const overrides: PathOverrides = {};
	for (const [option, endpoint] of Object.entries(endpoints) as Array<['pathOverride' | 'lookupPathOverride', EndpointName]>) {
		const value = typeof options[option] === 'string' ? (options[option] as string).trim() : '';
		if (value === '') continue;
		const label = option === 'pathOverride' ? 'Path Override' : 'Lookup Path Override';
		if (!/^\/(?!\/)[A-Za-z0-9\-._~/%]*$/.test(value) || value.split('/').includes('..')) {
			throw inputError(context, itemIndex, label, `"${value}" must be a path starting with / (e.g. /payments/query), without host, "..", "?" or "#"`);
		}
		overrides[endpoint] = value;
	}
	return overrides;
}
