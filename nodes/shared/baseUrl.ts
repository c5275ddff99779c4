import type { IDataObject } from 'n8n-workflow';

/** A gateway's API hosts by credential environment ("custom" is the credential's own Base URL). */
export type BaseUrls = Record<string, string>;

/** A host chosen by a condition on the credential before the environment table is read (an n8n expression). */
export interface ConditionalBaseUrl {
	condition: string;
	url: string;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The API's base URL without a trailing slash: the credential's own for "custom", else the listed
 * environment's, else `fallbackEnvironment`'s (a credential saved before its environment existed).
 */
export function environmentBaseUrl(credentials: IDataObject, urls: BaseUrls, fallbackEnvironment: string): string {
	const environment = String(credentials.environment ?? '');
	const url = environment === 'custom' ? String(credentials.baseUrl ?? '') : urls[environment];
	return withoutTrailingSlash(url || urls[fallbackEnvironment]);
}

/**
 * `environmentBaseUrl` as the n8n expression a credential's test request needs (n8n evaluates it,
 * not our code), written from the same table so the two cannot drift. `first`: hosts chosen by
 * other credential fields before the environment (e.g. an API version with its own sandbox).
 */
export function baseUrlExpression(urls: BaseUrls, fallbackEnvironment: string, first: ConditionalBaseUrl[] = []): string {
	const branches = [
		'$credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "")',
		...first.map(({ condition, url }) => `${condition} ? ${JSON.stringify(withoutTrailingSlash(url))}`),
		...Object.entries(urls)
			.filter(([environment]) => environment !== fallbackEnvironment)
			.map(([environment, url]) => `$credentials.environment === ${JSON.stringify(environment)} ? ${JSON.stringify(withoutTrailingSlash(url))}`),
	];
	return `={{ ${branches.join(' : ')} : ${JSON.stringify(withoutTrailingSlash(urls[fallbackEnvironment]))} }}`;
}
