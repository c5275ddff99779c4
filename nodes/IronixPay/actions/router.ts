import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResources } from '../../shared/router';
import * as checkoutSession from './checkoutSession/CheckoutSession.resource';
import * as payout from './payout/Payout.resource';
import * as subMerchant from './subMerchant/SubMerchant.resource';

/** The node's resources, declared once: the Resource options of IronixPay.node.ts and the keys of the table below. */
export const RESOURCES = [
	{ name: 'Checkout Session', value: 'checkoutSession' },
	{ name: 'Payout', value: 'payout' },
	{ name: 'Sub-Merchant', value: 'subMerchant' },
] as const satisfies readonly INodePropertyOptions[];

export const { properties, table } = defineResources(RESOURCES, 'checkoutSession', { checkoutSession, payout, subMerchant });
