/**
 * Everything the IronixPay sandbox remembers: sessions, payouts, sub-merchants, balances per
 * org and token, the idempotency table, rate-limit buckets and the webhook events emitted.
 */
import type { Reply } from './errors';
import { MERCHANT_ID } from './constants';

export interface Org {
	/** merchant_id: the parent merchant or a sub-merchant's child org. */
	id: string;
	subMerchantCode?: string;
}

export const PARENT_ORG: Org = { id: MERCHANT_ID };

export interface SessionTransaction {
	txHash: string;
	amount: bigint;
	fromAddress: string;
	detectedAt: Date;
}

export interface SessionRecord {
	id: string;
	seq: number;
	org: Org;
	network: string;
	currency: string;
	amount: bigint;
	amountReceived: bigint;
	payAddress: string;
	status: string;
	clientReferenceId: string | null;
	successUrl?: string;
	cancelUrl?: string;
	pricing: { currency: string; amount: string; exchange_rate: string };
	createdAt: Date;
	expiresAt: Date;
	paidAt?: Date;
	transactions: SessionTransaction[];
}

export interface PayoutRecord {
	id: string;
	seq: number;
	org: Org;
	status: string;
	amount: bigint;
	fee: bigint;
	currency: string;
	network: string;
	toAddress: string;
	idempotencyKey: string;
	description?: string;
	metadata?: Record<string, unknown>;
	txHash?: string;
	errorReason?: string;
	createdAt: Date;
	completedAt?: Date;
}

export interface SubMerchantRecord {
	id: string;
	code: string;
	displayName: string;
	childOrgId: string;
	status: 'active' | 'suspended';
	createdAt: Date;
	updatedAt: Date;
}

export interface WebhookEnvelope {
	id: string;
	event_type: string;
	created: number;
	data: Record<string, unknown>;
}

export interface IdempotencyEntry {
	hash: string;
	startedAt: number;
	response?: Reply;
}

export class SandboxState {
	readonly sessions = new Map<string, SessionRecord>();
	readonly payouts = new Map<string, PayoutRecord>();
	readonly subMerchants = new Map<string, SubMerchantRecord>();
	readonly idempotency = new Map<string, IdempotencyEntry>();
	/** Rate-limit key -> GCRA theoretical arrival time (ms). */
	readonly rateBuckets = new Map<string, number>();
	readonly events: WebhookEnvelope[] = [];
	private readonly balances = new Map<string, bigint>();
	private seq = 0;

	constructor(initialParentUsdtMicro: bigint) {
		this.setBalance(PARENT_ORG, 'USDT', initialParentUsdtMicro);
	}

	/** Creation order, for "newest first" lists. */
	nextSeq(): number {
		return ++this.seq;
	}

	balance(org: Org, currency: string): bigint {
		return this.balances.get(`${org.id}:${currency}`) ?? 0n;
	}

	setBalance(org: Org, currency: string, micro: bigint): void {
		this.balances.set(`${org.id}:${currency}`, micro);
	}

	addBalance(org: Org, currency: string, delta: bigint): void {
		this.setBalance(org, currency, this.balance(org, currency) + delta);
	}
}

/** The parent sees its own and its sub-merchants' objects; a sub-merchant context only its own. */
export const visibleTo = (org: Org, owner: Org): boolean => org.subMerchantCode === undefined || owner.id === org.id;
