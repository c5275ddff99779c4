import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation, paginationProperties } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { NETWORKS, SESSION_STATUSES, SESSION_STATUS_MAP } from '../../constants';
import { CHECKOUT_SESSION } from '../../simplify';
import { LISTS, listPages, pagingOf } from '../list';

export const description: INodeProperties[] = forOperation('checkoutSession', 'getAll', [
	...paginationProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
			{
				displayName: 'Include Sub-Merchants',
				name: 'includeSubMerchants',
				type: 'boolean',
				default: false,
				description: 'Whether to include sessions of sub-merchants',
			},
			{ displayName: 'Network', name: 'network', type: 'options', default: 'TRON', options: NETWORKS },
			{
				displayName: 'Search Text',
				name: 'searchText',
				type: 'string',
				default: '',
				description: 'Session ID, transaction hash or pay address',
			},
			{
				displayName: 'Statuses',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: SESSION_STATUSES.map((status) => ({ name: status, value: status })),
			},
			{ displayName: 'Sub-Merchant Code', name: 'subMerchantCode', type: 'string', default: '' },
		],
	},
	...outputProperties(CHECKOUT_SESSION),
]);

const FILTER_QUERY_NAMES: Record<string, string> = {
	createdAfter: 'created_after',
	createdBefore: 'created_before',
	includeSubMerchants: 'include_sub_merchants',
	network: 'network',
	searchText: 'search_text',
	status: 'status',
	subMerchantCode: 'sub_merchant_code',
};

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [name, value] of Object.entries(filters)) {
		if (value === '' || (Array.isArray(value) && value.length === 0)) continue;
		qs[FILTER_QUERY_NAMES[name] ?? name] = value;
	}
	const paging = pagingOf(this, itemIndex);
	const shape = outputShaper(this, itemIndex, CHECKOUT_SESSION);
	return async () => {
		const sessions = await listPages(this, itemIndex, LISTS.checkoutSessions, qs, paging);
		return shape(sessions.map((session) => withNormalizedStatus(session, SESSION_STATUS_MAP)));
	};
}
