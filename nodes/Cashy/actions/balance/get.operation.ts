import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SendItem } from '../../../shared/router';
import { PATHS } from '../../constants';
import { cashyRequest } from '../../transport';

export const description: INodeProperties[] = [];

/** `{mchId, balance (available), unBalance (not yet available)}` in COP, as Cashy returns them. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	return async () => {
		const balance = (await cashyRequest(this, { path: PATHS.balance, body: {}, itemIndex, retrySafe: true })) as IDataObject | null;
		return { currency: 'COP', ...(balance ?? {}) };
	};
}
