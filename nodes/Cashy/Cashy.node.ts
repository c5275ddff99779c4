import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { bankOptions } from './actions/bankOptions';
import { fetchBanks } from './actions/requests';
import { routeOperations } from '../shared/router';
import { properties, table } from './actions/router';
import { CREDENTIAL_TYPE } from './constants';
import { searchPayoutBanks } from './methods/listSearch';

export class Cashy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cashy',
		name: 'cashy',
		icon: { light: 'file:cashy.svg', dark: 'file:cashy.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Collect COP pay-ins (PSE and more) and send payouts in Colombia with Cashy (CashyPro)',
		defaults: { name: 'Cashy' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties,
	};

	methods = {
		loadOptions: {
			async getPayInBanks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return bankOptions(await fetchBanks(this, 'payIn'));
			},
		},
		listSearch: { searchPayoutBanks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Cashy's order number first: it is what Query and Cashy's support look orders up by. Simplified output names them id and reference.
		return await routeOperations.call(this, table, { idFields: ['orderNo', 'mchOrderNo', 'id', 'reference'] });
	}
}
