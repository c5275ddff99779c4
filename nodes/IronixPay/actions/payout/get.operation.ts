import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation, idLocator } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import type { RequestContext } from '../../../shared/transport';
import { checkPattern, locatorValue } from '../../../shared/validation';
import { PAYOUT_ID_PATTERN, PAYOUT_STATUS_MAP } from '../../constants';
import { PAYOUT } from '../../simplify';
import { ironixPayFind, ironixPayRequest, type IronixPayRequest, type LookupOptions } from '../../transport';

export const description: INodeProperties[] = forOperation('payout', 'get', [
	idLocator({
		displayName: 'Payout ID',
		name: 'payoutId',
		searchListMethod: 'searchPayouts',
		listPlaceholder: 'Select a payout...',
		placeholder: 'e.g. po_...',
		pattern: PAYOUT_ID_PATTERN.source,
		patternMessage: 'Not a payout ID (po_...)',
	}),
	...outputProperties(PAYOUT),
]);

/**
 * GET /v1/payouts/{id} with `normalizedStatus` added. Used by this operation and by the trigger's Confirm
 * With Gateway (short retry policy; `undefined` when IronixPay answers that it does not exist).
 */
export async function getPayout(
	context: RequestContext,
	payoutId: string,
	options: LookupOptions & { absentWhenMissing: true },
): Promise<IDataObject | undefined>;
export async function getPayout(context: RequestContext, payoutId: string, options: LookupOptions): Promise<IDataObject>;
export async function getPayout(context: RequestContext, payoutId: string, options: LookupOptions): Promise<IDataObject | undefined> {
	const request: IronixPayRequest = { method: 'GET', path: `/v1/payouts/${payoutId}`, itemIndex: options.itemIndex, policy: options.policy };
	const payout = options.absentWhenMissing ? await ironixPayFind(context, request) : await ironixPayRequest(context, request);
	return payout === undefined ? undefined : withNormalizedStatus(payout, PAYOUT_STATUS_MAP);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const payoutId = checkPattern(
		this,
		itemIndex,
		'Payout ID',
		locatorValue(this, 'payoutId', itemIndex, 'Payout ID'),
		PAYOUT_ID_PATTERN,
		'is not a payout ID (po_...)',
	);
	const shape = outputShaper(this, itemIndex, PAYOUT);
	return async () => shape(await getPayout(this, payoutId, { itemIndex }));
}
