import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * How long a trigger keeps its decrypted credential in process memory (never in static data,
 * which n8n stores unencrypted). Reading it costs n8n a database read, a decryption and, on its
 * default `vm` expression engine, a fresh expression isolate per delivery (credentials-helper.ts
 * resolves credential expressions in a workflow of its own). Bound on rotation: a secret removed or
 * replaced in n8n stops verifying at most this many seconds later; a new secret verifies at once,
 * because a delivery that fails with a cached secret re-reads the credential.
 */
export const CREDENTIAL_CACHE_SECONDS = 60;

/** At most one forced re-read per credential per interval, so forged deliveries cannot force a read each. */
const FORCED_READ_INTERVAL_MS = 1000;
const MAX_CACHED_CREDENTIALS = 1000;

interface CachedCredential {
	data: ICredentialDataDecryptedObject;
	readAt: number;
}

const cache = new Map<string, CachedCredential>();

/** The credential's id identifies its data; a node without one (never saved) is not cached. */
function cacheKey(context: IWebhookFunctions, type: string): string | undefined {
	const id = context.getNode().credentials?.[type]?.id;
	return typeof id === 'string' && id !== '' ? `${type}\u0000${id}` : undefined;
}

async function read(context: IWebhookFunctions, type: string, key: string | undefined): Promise<ICredentialDataDecryptedObject> {
	const data = await context.getCredentials(type);
	if (key !== undefined) {
		cache.delete(key);
		cache.set(key, { data, readAt: Date.now() });
		while (cache.size > MAX_CACHED_CREDENTIALS) cache.delete(cache.keys().next().value as string);
	}
	return data;
}

export interface TriggerCredentials {
	data: ICredentialDataDecryptedObject;
	/** Read again, bypassing the cache; `undefined` when the data was not cached or was just read. */
	reread(): Promise<ICredentialDataDecryptedObject | undefined>;
}

/** The trigger's credential, from process memory when it was read less than CREDENTIAL_CACHE_SECONDS ago. */
export async function readTriggerCredentials(context: IWebhookFunctions, type: string): Promise<TriggerCredentials> {
	const key = cacheKey(context, type);
	const cached = key === undefined ? undefined : cache.get(key);
	const now = Date.now();
	if (!cached || now - cached.readAt >= CREDENTIAL_CACHE_SECONDS * 1000) {
		return { data: await read(context, type, key), reread: async () => undefined };
	}
	return {
		data: cached.data,
		reread: async () => (now - cached.readAt < FORCED_READ_INTERVAL_MS ? undefined : await read(context, type, key)),
	};
}
