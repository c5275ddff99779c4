import { createHash } from 'crypto';

import { IDEMPOTENCY_KEY_MAX_LENGTH, idempotencyKeyFor, userIdempotencyKey } from '../../nodes/IronixPay/idempotency';

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

describe('IronixPay Idempotency-Key derivation', () => {
	it('keeps a readable key for references that are already header-safe', () => {
		expect(idempotencyKeyFor('payout', 'payout-0001')).toBe('n8n-payout-payout-0001');
		expect(idempotencyKeyFor('session', 'order_20260211_001')).toBe('n8n-session-order_20260211_001');
	});

	it.each(['Pedido nº 12', '注文 7', 'order 12', ' padded', 'tab\there', 'é', '😀', 'x'.repeat(250)])(
		'derives a header-safe, deterministic key from %j',
		(reference) => {
			const key = idempotencyKeyFor('payout', reference);
			expect(key).toMatch(VISIBLE_ASCII);
			expect(key.length).toBeLessThanOrEqual(IDEMPOTENCY_KEY_MAX_LENGTH);
			expect(idempotencyKeyFor('payout', reference)).toBe(key);
			const digest = createHash('sha256').update(Buffer.from(reference, 'utf8')).digest('base64url');
			expect(key).toBe(`n8n-payout:sha256:${digest}`);
		},
	);

	it('gives different references, kinds and forms different keys', () => {
		const references = ['注文 7', '注文 8', 'Pedido nº 12', 'Pedido no 12', 'order 12', 'order-12', 'order  12', 'ORDER 12'];
		const keys = references.map((reference) => idempotencyKeyFor('session', reference));
		expect(new Set(keys).size).toBe(references.length);
		expect(idempotencyKeyFor('session', '注文 7')).not.toBe(idempotencyKeyFor('payout', '注文 7'));
		// A readable reference that looks like a hashed key still cannot produce one.
		const hashed = idempotencyKeyFor('payout', '注文 7');
		const lookalike = hashed.slice('n8n-payout:'.length);
		expect(idempotencyKeyFor('payout', lookalike)).not.toBe(hashed);
		expect(idempotencyKeyFor('payout', `:${lookalike}`)).not.toBe(hashed);
	});

	it('sends a user key as typed when it is header-safe, and derives one otherwise', () => {
		expect(userIdempotencyKey('my-key-1')).toBe('my-key-1');
		expect(userIdempotencyKey('clé 1')).toMatch(/^n8n-key:sha256:[A-Za-z0-9_-]{43}$/);
		expect(userIdempotencyKey('clé 1')).toBe(userIdempotencyKey('clé 1'));
		expect(userIdempotencyKey('k'.repeat(256))).toMatch(/^n8n-key:sha256:/);
	});
});
