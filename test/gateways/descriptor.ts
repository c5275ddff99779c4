/**
 * What the demo, the end-to-end suites and the hostile-input generator need to know about one
 * gateway, in one descriptor per gateway (test/gateways/<gateway>.ts, listed in index.ts).
 * Adding a gateway = nodes/<Gateway>/, credentials/, sandbox/<gateway>/, demo/<gateway>/ and one
 * descriptor; the harnesses (scripts/gateways.ts, test/e2e/gateways.ts, test/e2e/hostile.ts)
 * iterate over the list and name no gateway.
 *
 * Descriptors sign and check deliveries on their own (node `crypto`, or the sandbox's signing):
 * they never import node code (nodes/, credentials/), which is what the suites check from outside.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunData } from '../e2e/support';
import type { Header, Prng } from './hostile-kit';

/** What every sandbox returns (the gateway-specific object has more). */
export interface SandboxHandle {
	url: string;
	close(): Promise<void>;
	/** The options it was started with, extra fields included (set by startSandbox). */
	startOptions?: Record<string, unknown>;
}

/** Demo facts: how to start the sandbox, which templates (demo/<key>/) to import with which values. */
export interface GatewayEntry {
	key: string;
	displayName: string;
	/** Node types inside n8n, `<package>.<name>`, as package.json lists them. */
	nodeTypes: string[];
	credentialType: string;
	/** sandbox/<dir>/server.ts and its start function. */
	sandboxModule: string;
	sandboxExport: string;
	/** Fixed loopback port for the demo (tests use random ports); the same as sandbox/cli.ts. */
	demoPort: number;
	/** Ids fixed in the imported JSON so URLs and references are stable. */
	credentialId: string;
	workflowId: string;
	webhookId: string;
	/** Path segment of the trigger's webhook (`webhooks[].path`). */
	webhookPath: string;
	/** Extra start options (e.g. generated keys); the sandbox ignores fields it does not know. */
	sandboxOptions?(): Record<string, unknown>;
	/** Template values from the running sandbox (credential fields, addresses...). */
	templateValues(sandbox: SandboxHandle, context: { webhookUrl: string }): Record<string, string>;
	/** Points the sandbox's webhook deliveries at n8n. */
	setWebhookUrl(sandbox: SandboxHandle, url: string): Promise<void>;
	/** Lines the demo prints: what to click, what to run. */
	demoSteps(sandbox: SandboxHandle, n8nUrl: string): string[];
}

export interface SampleResult {
	/** Gateway object ids created by the sample run (session, payment, payout...). */
	ids: Record<string, string>;
	/** Human-readable summary for the log. */
	summary: string;
}

/** A webhook the sandbox sent: its delivery id in the sandbox, and the key found in the trigger's item. */
export interface EmittedEvent {
	deliveryId: string;
	itemKey: string;
}

/**
 * End-to-end facts: how to check the sample run in the sandbox, how to make the sandbox send a
 * signed webhook, how to sign (or forge) a delivery, and what acknowledgement the gateway expects.
 */
export interface GatewayE2E {
	key: string;
	/** Name of the trigger node in demo/<key>/workflow.json. */
	triggerNodeName: string;
	/** Checks the `n8n execute` result and the sandbox state; throws (expect) on mismatch. */
	checkSampleRun(run: RunData, sandbox: SandboxHandle): SampleResult;
	/** Makes the sandbox send a real signed webhook about the sample's object. */
	emitEvent(sandbox: SandboxHandle, sample: SampleResult): Promise<EmittedEvent>;
	/** Side effects the trigger branch of the workflow must have caused in the sandbox for that event. */
	checkEventEffects?(sandbox: SandboxHandle, sample: SampleResult): string;
	/** How many acknowledged deliveries of the event the sandbox has seen. */
	acknowledgedDeliveries(sandbox: SandboxHandle, deliveryId: string): number;
	/** Asks the sandbox to send the event again (dashboard "resend"). */
	redeliver(sandbox: SandboxHandle, deliveryId: string): Promise<void>;
	/** The exact bytes the sandbox sent for the event. */
	deliveredBody(sandbox: SandboxHandle, deliveryId: string): string;
	/** A new, never-delivered event in the gateway's format (for negative deliveries). */
	freshEventBody(sandbox: SandboxHandle): { body: string; itemKey: string };
	/**
	 * Makes the object a fresh event names exist at the gateway in the state the event claims, so a
	 * trigger that confirms events with the gateway (Confirm With Gateway on by default) accepts it.
	 */
	prepareEvent?(sandbox: SandboxHandle, event: { body: string; itemKey: string }): Promise<{ body: string; itemKey: string }>;
	/** Headers of a correctly signed delivery to `url`; `staleSeconds` signs that long ago. */
	signedHeaders(sandbox: SandboxHandle, url: string, body: string, staleSeconds?: number): Record<string, string>;
	/** A stale but correctly signed delivery, when the gateway's signatures carry a time (else undefined). */
	staleDelivery?(sandbox: SandboxHandle, url: string): { body: string; itemKey: string; headers: Record<string, string> };
	/** Headers signed with a wrong key (same shape as real ones). */
	forgedHeaders(sandbox: SandboxHandle, url: string, body: string): Record<string, string>;
	/** Headers without any signature. */
	unsignedHeaders(sandbox: SandboxHandle, body: string): Record<string, string>;
	/** The answer the gateway counts as delivered. */
	ack: { status: number; contentType: RegExp; body: string };
	/** The event key found in the trigger's output item. */
	eventKeyOfItem(item: IDataObject): string | undefined;
}

/** What a gateway's hostile generator needs from its running sandbox and the trigger's URL. */
export interface HostileTarget {
	key: string;
	url: string;
	sandbox: SandboxHandle;
	/** The acknowledgement status the gateway expects (GatewayE2E.ack.status). */
	ackStatus: number;
	/** A valid event (GatewayE2E.prepareEvent) whose object exists at the gateway: valid deliveries reuse its object. */
	fixture?: Record<string, unknown>;
}

/** How one gateway signs, and its scheme-specific hostile variants (test/e2e/hostile.ts builds the schedule). */
export interface Scheme {
	/** A new event; `tag` makes its key unique in this run (`v12`, `b340`...). */
	event(tag: string, rng: Prng, atMs?: number): { value: Record<string, unknown>; key: string };
	/** Headers of a correct signature over `body` at `atMs` (content type included). */
	sign(body: Buffer, atMs: number): Header[];
	/** Name of the signature header and its codec (for bit flips). */
	signature: { header: string; decode(value: string): Buffer; encode(bytes: Buffer): string };
	/** Headers the trigger needs. */
	required: string[];
	/** Wrong-key signatures: each returns the headers of a delivery of `body` signed with something else. */
	wrongSecrets: Array<[variant: string, make: (body: Buffer, atMs: number, rng: Prng) => Header[]]>;
	/** Wrong encodings of a correct signature value. */
	encodings: Array<[variant: string, make: (correct: string) => string | undefined]>;
	/** Time handling, when the scheme has a signed or checked time. */
	time?: {
		/** A correctly signed delivery of the event at a signed time of `offsetSeconds` from now. */
		shifted(event: (atMs: number) => { body: Buffer }, offsetSeconds: number): { body: Buffer; headers: Header[] };
		malformed: Array<[variant: string, make: (event: (atMs: number) => { body: Buffer }, rng: Prng) => { body: Buffer; headers: Header[] }]>;
	};
	/** True when the signature covers the body bytes. */
	bodyCovered: boolean;
	/**
	 * A field of the body that carries the delivery's time and is part of authentication (Pinddpay's
	 * eventAt, required fresh because the token covers nothing): a JSON object without it gets 401.
	 */
	bodyTimeField?: string;
	/**
	 * Before a valid delivery is sent: makes the object it names exist at the gateway, for triggers
	 * that confirm events with the gateway by default.
	 */
	prepareValid?(body: Buffer): Promise<void>;
	/** Removing an event's key fields or mistyping them: JSON the trigger must refuse (400). */
	notAnEvent: Array<[variant: string, mutate: (event: Record<string, unknown>) => unknown]>;
	/** Extra gateway-specific classes. */
	extra: Array<[cls: string, variant: string, make: (body: Buffer, rng: Prng) => { headers: Header[]; body?: Buffer }]>;
	/** The signed time of a delivery made with sign(), for the replay window (undefined: no window). */
	signedAtMs?(delivery: { body: Buffer; headers: Header[] }): number | undefined;
}

/** Hostile-input facts: the signing scheme and the classes that do not apply (with why). */
export interface GatewayHostile {
	/** `runTag` makes event keys unique per run; `wrongKeys` are random RSA private keys (PEM) for wrong-key classes. */
	scheme(target: HostileTarget, runTag: string, wrongKeys: string[]): Scheme;
	/** Classes that do not apply to the gateway, and why (printed with the outcome table). */
	notApplicable: Record<string, string>;
}

/** Everything the harnesses know about one gateway. */
export interface GatewayDescriptor {
	demo: GatewayEntry;
	e2e: GatewayE2E;
	hostile: GatewayHostile;
}
