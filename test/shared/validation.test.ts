import type { IExecuteFunctions } from 'n8n-workflow';

import { errorMessage, BODY_EXCERPT_CHARACTERS } from '../../nodes/shared/transport';
import { checkEmail, locatorValue } from '../../nodes/shared/validation';

function contextWith(parameters: Record<string, unknown>): IExecuteFunctions {
	return {
		getNode: () => ({ id: 'n', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown, options?: { extractValue?: boolean }) => {
			const value = parameters[name] ?? fallback;
			if (options?.extractValue && value !== null && typeof value === 'object' && 'value' in value) return (value as { value: unknown }).value;
			return value;
		},
	} as unknown as IExecuteFunctions;
}

describe('checkEmail: one rule for every gateway', () => {
	const context = contextWith({});

	test.each(['buyer@example.com', 'a.b+c@mail.example.co'])('accepts %s', (email) => {
		expect(checkEmail(context, 0, 'Email', email)).toBe(email);
	});

	test.each(['buyer', 'buyer@example', 'buyer @example.com', '@example.com', 'a@b@c.com'])('refuses %s, naming the field and item', (email) => {
		expect(() => checkEmail(context, 2, 'Payer Email', email)).toThrow(`Payer Email: "${email}" is not an email address (item 2)`);
	});
});

describe('locatorValue', () => {
	test('reads a locator\'s value, or a plain string saved before the locator existed, trimmed', () => {
		expect(locatorValue(contextWith({ id: { mode: 'list', value: ' po_1 ' } }), 'id', 0, 'Payout')).toBe('po_1');
		expect(locatorValue(contextWith({ id: 'po_2' }), 'id', 0, 'Payout')).toBe('po_2');
		expect(locatorValue(contextWith({ id: 42 }), 'id', 0, 'Payout')).toBe('42');
	});

	test('an empty value is refused before anything is sent', () => {
		expect(() => locatorValue(contextWith({ id: { mode: 'id', value: '  ' } }), 'id', 1, 'Payout')).toThrow('Payout: is required (item 1)');
	});
});

describe('errorMessage: the gateway\'s message, else the start of the body, else the status', () => {
	test('the gateway\'s own message wins', () => {
		expect(errorMessage('Insufficient balance', '<html>', 400)).toBe('Insufficient balance');
	});

	test('a body without a message (e.g. a proxy\'s HTML page) is cut short', () => {
		const page = `<html>${'x'.repeat(1_000)}</html>`;
		expect(errorMessage(undefined, page, 502)).toBe(page.slice(0, BODY_EXCERPT_CHARACTERS));
		expect(errorMessage('', 'Bad Gateway', 502)).toBe('Bad Gateway');
	});

	test('nothing to show: the HTTP status', () => {
		expect(errorMessage(undefined, '', 503)).toBe('HTTP 503');
		expect(errorMessage(42, { code: 1 }, 500)).toBe('HTTP 500');
	});
});
