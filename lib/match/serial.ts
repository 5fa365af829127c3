/**
 * The canonical form of a serial number, or why it cannot identify a device (a placeholder, a
 * MAC address, one character repeated ...). Pure and total: raw values of any shape go in, tagged
 * readings come out, so the matcher can both compare canonical values and explain why a value was
 * ignored.
 */
import { isHex, macHexDigits } from './mac';

export type SerialJunkReason =
	| 'placeholder'
	| 'macLabel'
	| 'macAddress'
	| 'repeatedCharacter'
	| 'tooShort';

export type SerialReading =
	| { kind: 'usable'; value: string }
	| { kind: 'missing' }
	| { kind: 'junk'; reason: SerialJunkReason; raw: string };

/**
 * BIOS/DMI and vendor placeholders seen in real inventories (union of the lists in lf-edge/eve
 * PR #6381, mondoohq/mql PR #8466 and Domotz exports). Compared after upper-casing and dropping
 * everything but letters and digits, so spacing and punctuation variants need no extra entries.
 */
export const placeholderSerials: readonly string[] = [
	'To be filled by O.E.M.',
	'To be filled by OEM',
	'Fill by OEM',
	'OEM',
	'Default string',
	'Default',
	'System Serial Number',
	'Chassis Serial Number',
	'Base Board Serial Number',
	'Board Serial Number',
	'Serial Number',
	'SerialNumber',
	'Serial',
	'0',
	'0123456789',
	'123456789',
	'1234567890',
	'12345678',
	'None',
	'N/A',
	'Not Specified',
	'Not Applicable',
	'Not Available',
	'Not Present',
	'Not Set',
	'Not Defined',
	'Unknown',
	'Unknow',
	'INVALID',
	'Empty',
	'Null',
	'Undefined',
	'TBD',
	'XXXXXXXXXX',
	'Type1ProductConfigId',
];

export const serialJunkExplanations: Record<SerialJunkReason, string> = {
	placeholder: 'a placeholder, not a real serial number',
	macLabel: 'a label around a MAC address, not a serial number',
	macAddress: 'a MAC address, not a serial number',
	repeatedCharacter: 'one character repeated',
	tooShort: 'too short to identify a device',
};

const SHORTEST_USABLE_SERIAL = 3;

function lettersAndDigits(text: string): string {
	return text.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const placeholderKeys = new Set(placeholderSerials.map(lettersAndDigits));

function isOneCharacterRepeated(text: string): boolean {
	return text.length >= SHORTEST_USABLE_SERIAL && /^(.)\1*$/su.test(text);
}

/** `isOneCharacterRepeated` for text of ASCII characters only, without a regular expression. */
function isOneAsciiCharacterRepeated(text: string): boolean {
	if (text.length < SHORTEST_USABLE_SERIAL) return false;
	for (let index = 1; index < text.length; index += 1) {
		if (text.charCodeAt(index) !== text.charCodeAt(0)) return false;
	}
	return true;
}

interface SerialShape {
	text: string;
	compact: string;
	alphanumeric: string;
}

const serialJunkRules: ReadonlyArray<{
	reason: SerialJunkReason;
	applies: (serial: SerialShape) => boolean;
}> = [
	{ reason: 'placeholder', applies: ({ alphanumeric }) => placeholderKeys.has(alphanumeric) },
	{ reason: 'macAddress', applies: ({ text }) => macHexDigits(text) !== undefined },
	{
		reason: 'macLabel',
		// The word MAC, except where it starts a product code (MAC-2231, MAC_7): that is a serial.
		applies: ({ text }) =>
			/\bmac\b(?![-_]?\d)/i.test(text) || /(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}/i.test(text),
	},
	{
		reason: 'repeatedCharacter',
		applies: ({ compact, alphanumeric }) =>
			isOneCharacterRepeated(compact) || isOneCharacterRepeated(alphanumeric),
	},
	{
		reason: 'tooShort',
		applies: ({ alphanumeric }) => alphanumeric.length < SHORTEST_USABLE_SERIAL,
	},
];

/** Serial in canonical form (trimmed, inner whitespace collapsed, upper case), or why it is unusable. */
export function normaliseSerial(raw: string | null | undefined): SerialReading {
	const trimmed = (raw ?? '').trim();
	if (trimmed !== '' && isAsciiAlphanumeric(trimmed))
		return readAlphanumericSerial(trimmed, raw ?? '');
	const text = trimmed.replace(/\s+/g, ' ');
	if (text === '') return { kind: 'missing' };
	const shape: SerialShape = {
		text,
		compact: text.replace(/ /g, ''),
		alphanumeric: lettersAndDigits(text),
	};
	const junk = serialJunkRules.find((rule) => rule.applies(shape));
	if (junk) return { kind: 'junk', reason: junk.reason, raw: raw ?? '' };
	return { kind: 'usable', value: text.toUpperCase() };
}

function isAsciiAlphanumeric(text: string): boolean {
	for (let index = 0; index < text.length; index += 1) {
		const code = text.charCodeAt(index) | 0x20;
		if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a))) return false;
	}
	return true;
}

/**
 * Most serials are a plain run of ASCII letters and digits: nothing to trim or collapse, the
 * alphanumeric form is the upper-cased text, a MAC can only be the bare 12-digit form and a MAC
 * label only the word itself. Gives what the general rules give, without their regular expressions.
 */
function readAlphanumericSerial(text: string, raw: string): SerialReading {
	const upper = text.toUpperCase();
	const junk: SerialJunkReason | undefined = placeholderKeys.has(upper)
		? 'placeholder'
		: upper.length === 12 && isHex(upper)
			? 'macAddress'
			: upper === 'MAC'
				? 'macLabel'
				: isOneAsciiCharacterRepeated(upper)
					? 'repeatedCharacter'
					: upper.length < SHORTEST_USABLE_SERIAL
						? 'tooShort'
						: undefined;
	return junk ? { kind: 'junk', reason: junk, raw } : { kind: 'usable', value: upper };
}
