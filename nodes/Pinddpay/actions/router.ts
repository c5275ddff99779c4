import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResources } from '../../shared/router';
import * as payIn from './payIn/PayIn.resource';
import * as payout from './payout/Payout.resource';
import * as subscription from './subscription/Subscription.resource';

/** The node's resources, listed once: the Resource options of Pinddpay.node.ts and the keys of the table below. */
export const RESOURCES = [
	{ name: 'Pay-In', value: 'payIn' },
	{ name: 'Payout', value: 'payout' },
	{ name: 'Subscription', value: 'subscription' },
] as const satisfies readonly INodePropertyOptions[];

export const { properties, table } = defineResources(RESOURCES, 'payIn', { payIn, payout, subscription });
