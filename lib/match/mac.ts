/**
 * The canonical form of a MAC address (`AA:BB:CC:DD:EE:FF`), read from any of its written forms.
 * Pure and total: raw values of any shape go in, tagged readings come out.
 */
import { collect, type AddressList, type RawValues, type ReadingSink } from './readings';

export type MacRejection = 'malformed' | 'allZero' | 'broadcast';

export type MacReading =
	| { kind: 'usable'; value: string }
	| { kind: 'rejected'; reason: MacRejection; raw: string };

export const macRejectionExplanations: Record<MacRejection, string> = {
	malformed: 'not a MAC address',
	allZero: 'the all-zero MAC address',
	broadcast: 'the broadcast MAC address',
};

/** The written forms of a single MAC address, each mapped to its 12 hex digits. */
const macForms: ReadonlyArray<{ pattern: RegExp; hexDigits: (text: string) => string }> = [
	{
		pattern: /^[0-9a-f]{1,2}([:-])[0-9a-f]{1,2}(?:\1[0-9a-f]{1,2}){4}$/i,
		hexDigits: (text) =>
			text
				.split(/[:-]/)
				.map((octet) => octet.padStart(2, '0'))
				.join(''),
	},
	{
		pattern: /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i,
		hexDigits: (text) => text.replace(/\./g, ''),
	},
	{ pattern: /^[0-9a-f]{6}-[0-9a-f]{6}$/i, hexDigits: (text) => text.replace('-', '') },
	{ pattern: /^[0-9a-f]{12}$/i, hexDigits: (text) => text },
];

export function macHexDigits(text: string): string | undefined {
	if ((text.length === 12 && isHex(text)) || isTwoDigitOctetsMac(text) || isCiscoMac(text)) {
		return upperHexDigits(text);
	}
	const form = macForms.find(({ pattern }) => pattern.test(text));
	return form?.hexDigits(text).toUpperCase();
}

function isHexCode(code: number): boolean {
	const lower = code | 0x20;
	return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x66);
}

export function isHex(text: string): boolean {
	for (let index = 0; index < text.length; index += 1) {
		if (!isHexCode(text.charCodeAt(index))) return false;
	}
	return true;
}

/**
 * `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff`, the way nearly every MAC is written, recognised
 * without a regular expression: the first form of `macForms` restricted to two-digit octets.
 */
function isTwoDigitOctetsMac(text: string): boolean {
	if (text.length !== 17) return false;
	const separator = text.charCodeAt(2);
	if (separator !== 0x3a && separator !== 0x2d) return false;
	for (let index = 0; index < text.length; index += 1) {
		const code = text.charCodeAt(index);
		if (index % 3 === 2 ? code !== separator : !isHexCode(code)) return false;
	}
	return true;
}

/** `canonical`: the text itself when it already is `AA:BB:CC:DD:EE:FF`, so that no copy is made. */
function macFromHexDigits(hexDigits: string, raw: string): MacReading {
	if (hexDigits === '000000000000') return { kind: 'rejected', reason: 'allZero', raw };
	if (hexDigits === 'FFFFFFFFFFFF') return { kind: 'rejected', reason: 'broadcast', raw };
	return { kind: 'usable', value: withColons(hexDigits) };
}

/** Where the 12 digits sit in the forms `macHexDigits` reads without a regular expression. */
const hexDigitPositions: Readonly<Record<number, readonly number[]>> = {
	12: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
	14: [0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13],
	17: [0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16],
};

/**
 * The upper-cased digits of a MAC in one of the forms of `hexDigitPositions`. One call with every
 * character rather than slicing, replacing and upper-casing, or spreading a list: each of those
 * makes strings or lists of its own, for every MAC of every record.
 */
function upperHexDigits(text: string): string {
	const positions = hexDigitPositions[text.length];
	const at = (index: number) => {
		const code = text.charCodeAt(positions[index]);
		return code >= 0x61 ? code - 0x20 : code;
	};
	return String.fromCharCode(
		at(0),
		at(1),
		at(2),
		at(3),
		at(4),
		at(5),
		at(6),
		at(7),
		at(8),
		at(9),
		at(10),
		at(11),
	);
}

/** `AABBCCDDEEFF` as `AA:BB:CC:DD:EE:FF`, made the way `upperHexDigits` makes its digits. */
function withColons(hexDigits: string): string {
	const at = (index: number) => hexDigits.charCodeAt(index);
	const colon = 0x3a;
	return String.fromCharCode(
		at(0),
		at(1),
		colon,
		at(2),
		at(3),
		colon,
		at(4),
		at(5),
		colon,
		at(6),
		at(7),
		colon,
		at(8),
		at(9),
		colon,
		at(10),
		at(11),
	);
}

/** `aabb.ccdd.eeff`, the second form of `macForms`, recognised without a regular expression. */
function isCiscoMac(text: string): boolean {
	if (text.length !== 14) return false;
	for (let index = 0; index < text.length; index += 1) {
		const code = text.charCodeAt(index);
		if (index % 5 === 4 ? code !== 0x2e : !isHexCode(code)) return false;
	}
	return true;
}

/** One MAC address (colons, dashes, Cisco dots or bare hex, any case) as `AA:BB:CC:DD:EE:FF`. */
export function normaliseMac(raw: string): MacReading {
	const text = raw.trim();
	const hexDigits = macHexDigits(text);
	if (hexDigits === undefined) return { kind: 'rejected', reason: 'malformed', raw };
	return macFromHexDigits(hexDigits, raw);
}

function readMacToken(token: string, readings: ReadingSink<MacReading>): void {
	const hexDigits = macHexDigits(token);
	if (hexDigits !== undefined) {
		readings.push(macFromHexDigits(hexDigits, token));
	} else if (token.length % 12 === 0 && isHex(token)) {
		// ConnectWise's 25-character field often holds two bare MACs run together.
		for (let start = 0; start < token.length; start += 12) {
			readings.push(macFromHexDigits(token.slice(start, start + 12).toUpperCase(), token));
		}
	} else {
		readings.push({ kind: 'rejected', reason: 'malformed', raw: token });
	}
}

/**
 * Every MAC address in one or more raw fields. A field may hold several MACs separated by commas,
 * semicolons, slashes, spaces or newlines, or simply concatenated.
 */
export function normaliseMacs(raws: RawValues): AddressList<MacRejection> {
	return collect(raws, /[\s,;/|]+/, readMacToken);
}
