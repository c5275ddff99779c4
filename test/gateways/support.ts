/**
 * Helpers the gateway descriptors share: demo templates and steps (postJson, option,
 * sampleEventStep...) and end-to-end checks against a running sandbox (control, firstItem...).
 */
import { generateKeyPairSync } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { RunData } from '../e2e/support';
import type { SandboxHandle } from './descriptor';

/** The package name inside n8n node types (`<package>.<name>`). */
export const PACKAGE = 'n8n-nodes-payment-gateways';

/** POST `body` as JSON; the answer's text, or an error naming `label` when the status is not 2xx. */
async function postText(url: string, body: unknown, label: string): Promise<string> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${label}: ${response.status} ${text}`);
	return text;
}

export async function postJson(url: string, body: unknown): Promise<unknown> {
	const text = await postText(url, body, url);
	return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** GatewayEntry.setWebhookUrl of a sandbox with a webhook-endpoint control (a dashboard setting at the gateway). */
export async function setWebhookEndpoint(sandbox: SandboxHandle, url: string): Promise<void> {
	await postJson(`${sandbox.url}/_sandbox/webhook-endpoint`, { url });
}

export function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
		publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
	};
}

/** A string option the sandbox was started with (startOptions, else the sandbox's own `options`). */
export const option = (sandbox: SandboxHandle, name: string): string => {
	const value = sandbox.startOptions?.[name] ?? (sandbox as unknown as { options?: Record<string, unknown> }).options?.[name];
	if (typeof value !== 'string') throw new Error(`sandbox option ${name} is missing`);
	return value;
};

/** The demo line for "Listen for test event": the sandbox sends one signed sample event to the trigger's test URL. */
export function sampleEventStep(sandboxUrl: string, n8nUrl: string, webhookId: string): string {
	const body = JSON.stringify({ url: `${n8nUrl}/webhook-test/${webhookId}/webhook` });
	return `Trigger test: in the trigger's panel click "Listen for test event", then: curl -s -X POST ${sandboxUrl}/_sandbox/sample-event -H 'Content-Type: application/json' -d '${body}'`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
/** How far back a stale delivery is signed: far outside every gateway's freshness window. */
export const STALE_SECONDS = 3600;

interface DispatcherView {
	attemptsFor(eventId: string): Array<{ statusCode?: number; acknowledged: boolean }>;
}

/** Acknowledged deliveries of an event, as the sandbox's webhook dispatcher counted them. */
export const acknowledged = (sandbox: SandboxHandle, deliveryId: string) =>
	(sandbox as unknown as { dispatcher: DispatcherView }).dispatcher.attemptsFor(deliveryId).filter((attempt) => attempt.acknowledged).length;

/** POST to one of the sandbox's control endpoints (`/_sandbox/...`); its JSON answer. */
export async function control<T = IDataObject>(sandbox: SandboxHandle, path: string, body: unknown = {}): Promise<T> {
	return JSON.parse(await postText(`${sandbox.url}${path}`, body, path)) as T;
}

/** GatewayE2E.redeliver through the sandbox's `/_sandbox/<list>/<id>/redeliver` control (dashboard "resend"). */
export const redeliverFrom = (list: 'webhooks' | 'notifications') => async (sandbox: SandboxHandle, deliveryId: string): Promise<void> => {
	await control(sandbox, `/_sandbox/${list}/${encodeURIComponent(deliveryId)}/redeliver`);
};

export function firstItem(run: RunData, node: string): IDataObject {
	const output = run.outputs[node]?.[0];
	if (!output) throw new Error(`"${node}" produced no item: ${JSON.stringify(run.error ?? run.outputs)}`);
	return output;
}

/** The records a sandbox emitted after `before`, newest last. */
export function newer<T>(list: readonly T[], before: number): T[] {
	return list.slice(before);
}
