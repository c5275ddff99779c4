import type { INodePropertyOptions } from 'n8n-workflow';

import { defineResources } from '../../shared/router';
import * as balance from './balance/Balance.resource';
import * as bankList from './bankList/BankList.resource';
import * as payIn from './payIn/PayIn.resource';
import * as payout from './payout/Payout.resource';

/** The node's resources, in the order the Resource dropdown shows them; each has one operation table below. */
export const RESOURCES = [
	{ name: 'Balance', value: 'balance' },
	{ name: 'Bank List', value: 'bankList' },
	{ name: 'Pay-In', value: 'payIn' },
	{ name: 'Payout', value: 'payout' },
] as const satisfies readonly INodePropertyOptions[];

export const { properties, table } = defineResources(RESOURCES, 'payIn', { payIn, payout, balance, bankList });
