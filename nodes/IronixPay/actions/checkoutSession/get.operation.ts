import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNormalizedStatus } from '../../../shared/status';
import { outputProperties, outputShaper } from '../../../shared/output';
import { forOperation, idLocator } from '../../../shared/properties';
import type { SendItem } from '../../../shared/router';
import type { RequestContext } from '../../../shared/transport';
import { checkPattern, locatorValue } from '../../../shared/validation';
import { SESSION_ID_PATTERN, SESSION_STATUS_MAP } from '../../constants';
import { CHECKOUT_SESSION } from '../../simplify';
import { ironixPayFind, ironixPayRequest, type IronixPayRequest, type LookupOptions } from '../../transport';

export const description: INodeProperties[] = forOperation('checkoutSession', 'get', [
	idLocator({
		displayName: 'Session ID',
		name: 'sessionId',
		searchListMethod: 'searchCheckoutSessions',
		listPlaceholder: 'Select a checkout session...',
		placeholder: 'e.g. cs_...',
		pattern: SESSION_ID_PATTERN.source,
		patternMessage: 'Not a checkout session ID (cs_...)',
	}),
	...outputProperties(CHECKOUT_SESSION),
]);

/**
 * GET /v1/checkout/sessions/{id} with `normalizedStatus` added. Used by this operation and by the
 * trigger's Confirm With Gateway (short retry policy; `undefined` when IronixPay answers that the
 * session does not exist).
 */
export async function getCheckoutSession(
	context: RequestContext,
	sessionId: string,
	options: LookupOptions & { absentWhenMissing: true },
): Promise<IDataObject | undefined>;
export async function getCheckoutSession(context: RequestContext, sessionId: string, options: LookupOptions): Promise<IDataObject>;
export async function getCheckoutSession(context: RequestContext, sessionId: string, options: LookupOptions): Promise<IDataObject | undefined> {
	const request: IronixPayRequest = { method: 'GET', path: `/v1/checkout/sessions/${sessionId}`, itemIndex: options.itemIndex, policy: options.policy };
	const session = options.absentWhenMissing ? await ironixPayFind(context, request) : await ironixPayRequest(context, request);
	return session === undefined ? undefined : withNormalizedStatus(session, SESSION_STATUS_MAP);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<SendItem> {
	const sessionId = checkPattern(
		this,
		itemIndex,
		'Session ID',
		locatorValue(this, 'sessionId', itemIndex, 'Session ID'),
		SESSION_ID_PATTERN,
		'is not a checkout session ID (cs_...)',
	);
	const shape = outputShaper(this, itemIndex, CHECKOUT_SESSION);
	return async () => shape(await getCheckoutSession(this, sessionId, { itemIndex }));
}
