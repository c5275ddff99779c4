/**
 * The pieces gateway descriptors (test/gateways/<gateway>.ts) share with the hostile-input
 * generator (test/e2e/hostile.ts) to describe a signing scheme: the seeded PRNG every random
 * choice is drawn from, raw header lists and small encoders.
 */
import { createHash } from 'crypto';

// ---------- seeded PRNG ----------

/** sfc32 seeded through splitmix32: fast, 32-bit, the same sequence for the same seed on every platform. */
export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(readonly seed: number) {
		let state = seed >>> 0;
		const split = () => {
			state = (state + 0x9e3779b9) >>> 0;
			let z = state;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.a = split();
		this.b = split();
		this.c = split();
		this.d = split();
		for (let index = 0; index < 12; index++) this.next();
	}

	/** Uniform in [0, 1). */
	next(): number {
		const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
		this.d = (this.d + 1) >>> 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) >>> 0;
		this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
		this.c = (this.c + t) >>> 0;
		return t / 4294967296;
	}

	/** Integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(list: readonly T[]): T {
		if (list.length === 0) throw new Error('pick from an empty list');
		return list[Math.floor(this.next() * list.length)];
	}

	bytes(count: number): Buffer {
		const out = Buffer.alloc(count);
		for (let index = 0; index < count; index++) out[index] = Math.floor(this.next() * 256);
		return out;
	}

	shuffle<T>(list: T[]): T[] {
		for (let index = list.length - 1; index > 0; index--) {
			const other = Math.floor(this.next() * (index + 1));
			[list[index], list[other]] = [list[other], list[index]];
		}
		return list;
	}
}

/** A header as sent: a raw list keeps duplicates (fetch would merge them). */
export type Header = [name: string, value: string];

export const JSON_TYPE: Header = ['Content-Type', 'application/json'];

export function headerValue(headers: Header[], name: string): string {
	const found = headers.find(([candidate]) => candidate.toLowerCase() === name.toLowerCase());
	if (!found) throw new Error(`no ${name} header`);
	return found[1];
}

export function without(event: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
	return Object.fromEntries(Object.entries(event).filter(([name]) => !names.includes(name)));
}

export const md5 = (data: Buffer | string) => createHash('md5').update(data).digest();
export const sha = (algorithm: string, data: Buffer | string) => createHash(algorithm).update(data).digest();
export const b64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
export const seconds = (ms: number) => Math.floor(ms / 1000);
