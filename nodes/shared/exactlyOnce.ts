import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mayHaveBeenProcessed } from './transport';

/** A money-moving write at a gateway that has no idempotency key, and how to find its result. */
export interface ExactlyOnceWrite<T> {
	/**
	 * Looks the object up by the merchant reference. Resolves undefined only when the gateway
	 * proves it absent (its "not found" answer); throws when it cannot tell.
	 */
	find(): Promise<T | undefined>;
	/** Sends the write once (never resent by the transport). */
	create(): Promise<T>;
}

export interface ExactlyOnceOptions {
	/** Creates sent in all, counting the first; only failures that may have been processed are followed by another. */
	maxCreates?: number;
	/** What the lookup looks for, e.g. `merchant order number "A-1"`, for error messages. */
	lookedUpBy?: string;
}

/**
 * Sends a write at most once per object: a re-run (Retry On Fail, a manual re-run, a second
 * execution) first finds the object the earlier attempt created and returns it. A write is sent
 * again only after the gateway's lookup proved that the earlier one left nothing behind.
 */
export async function createExactlyOnce<T>(write: ExactlyOnceWrite<T>, options: ExactlyOnceOptions = {}): Promise<T> {
	const maxCreates = Math.max(1, options.maxCreates ?? 3);
	const existing = await write.find();
	if (existing !== undefined) return existing;
	for (let creates = 1; ; creates++) {
		const failure = await write.create().then(
			(created) => ({ created }),
			(error: unknown) => ({ error }),
		);
		if ('created' in failure) return failure.created;
		const { error } = failure;
		// The gateway may have committed it (lost answer, 5xx) or refused a duplicate: ask it.
		const lookup = await write.find().then(
			(found) => ({ found }),
			(lookupError: unknown) => ({ lookupError }),
		);
		if ('lookupError' in lookup) {
			throw withDescription(
				error,
				`The write's outcome is unknown and the lookup${by(options)} failed too (${(lookup.lookupError as Error).message}). Look it up before re-running; a re-run looks it up first and never sends it twice.`,
			);
		}
		if (lookup.found !== undefined) return lookup.found;
		if (!mayHaveBeenProcessed(error)) throw error;
		if (creates >= maxCreates) {
			throw withDescription(
				error,
				`Sent ${creates} time(s); each time the gateway's lookup${by(options)} afterwards found nothing, so nothing was created. Re-running is safe.`,
			);
		}
	}
}

function by(options: ExactlyOnceOptions): string {
	return options.lookedUpBy ? ` by ${options.lookedUpBy}` : '';
}

function withDescription(error: unknown, description: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = description;
	}
	return error;
}
