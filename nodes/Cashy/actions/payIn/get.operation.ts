import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import { PATHS, PAYIN_STATUS_MAP } from '../../constants';
import { PAY_IN } from '../../simplify';
import { queryProperties } from '../fields';
import { prepareQuery } from '../requests';

export const description: INodeProperties[] = [...queryProperties('payIn'), ...forOperation('payIn', 'get', outputProperties(PAY_IN))];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const send = prepareQuery(this, itemIndex, PATHS.payInQuery, PAYIN_STATUS_MAP);
	const shape = outputShaper(this, itemIndex, PAY_IN);
	return async () => shape(await send());
}
