import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { PATHS, PAYOUT_STATUS_MAP } from '../../constants';
import { PAYOUT } from '../../simplify';
import { queryProperties } from '../fields';
import { prepareQuery } from '../requests';

export const description: INodeProperties[] = [...queryProperties('payout'), ...forOperation('payout', 'get', outputProperties(PAYOUT))];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const send = prepareQuery(this, itemIndex, PATHS.payOutQuery, PAYOUT_STATUS_MAP);
	const shape = outputShaper(this, itemIndex, PAYOUT);
	return async () => shape(await send());
}
