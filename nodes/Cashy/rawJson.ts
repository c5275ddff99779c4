/**
 * Reads one number of a JSON text exactly as written. Cashy writes amounts as JSON numbers
 * (`"amount":10000.0`, https://docs.cashypro.com/en_us/col/payin.html); JSON.parse turns them into
 * floats, so an exact comparison needs the literal. Pure: no n8n imports.
 */

type RawValue =
	| { kind: 'number'; text: string }
	| { kind: 'string'; value: string }
	| { kind: 'object'; members: Map<string, RawValue> }
	| { kind: 'array' }
	| { kind: 'literal' };

class Reader {
	private index = 0;

	constructor(private readonly text: string) {}

	private skipSpace(): void {
		while (/[ \t\n\r]/.test(this.text[this.index] ?? '')) this.index++;
	}

	private fail(): never {
		throw new SyntaxError(`Unexpected JSON at position ${this.index}`);
	}

	private expect(char: string): void {
		this.skipSpace();
		if (this.text[this.index] !== char) this.fail();
		this.index++;
	}

	private string(): string {
		const start = this.index;
		if (this.text[this.index] !== '"') this.fail();
		this.index++;
		while (this.index < this.text.length && this.text[this.index] !== '"') {
			this.index += this.text[this.index] === '\\' ? 2 : 1;
		}
		if (this.text[this.index] !== '"') this.fail();
		this.index++;
		return JSON.parse(this.text.slice(start, this.index)) as string;
	}

	value(): RawValue {
		this.skipSpace();
		const char = this.text[this.index];
		if (char === '"') return { kind: 'string', value: this.string() };
		if (char === '{') {
			this.index++;
			const members = new Map<string, RawValue>();
			this.skipSpace();
			if (this.text[this.index] === '}') {
				this.index++;
				return { kind: 'object', members };
			}
			for (;;) {
				this.skipSpace();
				const key = this.string();
				this.expect(':');
				// The last of duplicate keys wins, as with JSON.parse.
				members.set(key, this.value());
				this.skipSpace();
				if (this.text[this.index] === ',') {
					this.index++;
					continue;
				}
				this.expect('}');
				return { kind: 'object', members };
			}
		}
		if (char === '[') {
			this.index++;
			this.skipSpace();
			if (this.text[this.index] === ']') {
				this.index++;
				return { kind: 'array' };
			}
			for (;;) {
				this.value();
				this.skipSpace();
				if (this.text[this.index] === ',') {
					this.index++;
					continue;
				}
				this.expect(']');
				return { kind: 'array' };
			}
		}
		const literal = /^(?:true|false|null)/.exec(this.text.slice(this.index, this.index + 5));
		if (literal) {
			this.index += literal[0].length;
			return { kind: 'literal' };
		}
		const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.index));
		if (!number) this.fail();
		this.index += number[0].length;
		return { kind: 'number', text: number[0] };
	}

	document(): RawValue {
		const value = this.value();
		this.skipSpace();
		if (this.index !== this.text.length) this.fail();
		return value;
	}
}

/**
 * The member at `path` (object keys) of a JSON text: a number's literal text (`10000.0`), or a
 * string's value (some Cashy pages show amounts as strings). Undefined when the text is not JSON,
 * the member is missing, or it is neither a number nor a string.
 */
export function numberLiteralAt(text: string, path: string[]): string | undefined {
	let value: RawValue;
	try {
		value = new Reader(text).document();
	} catch {
		return undefined;
	}
	for (const key of path) {
		if (value.kind !== 'object') return undefined;
		const member = value.members.get(key);
		if (!member) return undefined;
		value = member;
	}
	if (value.kind === 'number') return value.text;
	if (value.kind === 'string') return value.value;
	return undefined;
}
