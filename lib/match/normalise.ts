/**
 * Canonical forms of the three match keys (serial, MAC, IP). Every function here is pure and
 * total: raw values of any shape go in, tagged readings come out, so the matcher can both compare
 * canonical values and explain why a value was ignored.
 */

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

export type MacRejection = 'malformed' | 'allZero' | 'broadcast';

export type MacReading =
	| { kind: 'usable'; value: string }
	| { kind: 'rejected'; reason: MacRejection; raw: string };

export type IpRejection = 'malformed' | 'unspecified' | 'broadcast' | 'loopback' | 'linkLocal';

export type IpReading =
	| { kind: 'usable'; value: string; family: 4 | 6 }
	| { kind: 'rejected'; reason: IpRejection; raw: string };

/** Every usable canonical value of a field (in first-seen order, no repeats) and what was dropped. */
export interface AddressList<Reason extends string> {
	usable: string[];
	rejected: Array<{ raw: string; reason: Reason }>;
}

export type RawValues = string | null | undefined | ReadonlyArray<string | null | undefined>;

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

export const macRejectionExplanations: Record<MacRejection, string> = {
	malformed: 'not a MAC address',
	allZero: 'the all-zero MAC address',
	broadcast: 'the broadcast MAC address',
};

export const ipRejectionExplanations: Record<IpRejection, string> = {
	malformed: 'not an IP address',
	unspecified: 'the unspecified address',
	broadcast: 'the broadcast address',
	loopback: 'a loopback address',
	linkLocal: 'a link-local address',
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

function macHexDigits(text: string): string | undefined {
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

function isHex(text: string): boolean {
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

type Reading<Reason extends string> =
	| { kind: 'usable'; value: string }
	| { kind: 'rejected'; reason: Reason; raw: string };

/** Beyond this many values a field's repeats are found with a set rather than by scanning. */
const SCANNED_VALUES = 8;

/** Where a token reader puts what it read. */
interface ReadingSink<Found> {
	push(reading: Found): void;
}

/**
 * The usable values (each once) and the rejections of some fields, in the order read. A list is
 * made at its final size when it gets its first entry: most fields hold one value, and an empty
 * list grown by `push` reserves room for 17, which across 100,000 records was most of what
 * normalising allocated.
 */
class AddressCollector<Reason extends string> implements ReadingSink<Reading<Reason>> {
	private usable: string[] | undefined;
	private rejected: Array<{ raw: string; reason: Reason }> | undefined;
	private seen: Set<string> | undefined;

	push(reading: Reading<Reason>): void {
		if (reading.kind === 'rejected') {
			const rejection = { raw: reading.raw, reason: reading.reason };
			if (this.rejected) this.rejected.push(rejection);
			else this.rejected = [rejection];
			return;
		}
		const { value } = reading;
		if (!this.usable) {
			this.usable = [value];
			return;
		}
		if (this.seen === undefined && this.usable.length >= SCANNED_VALUES) {
			this.seen = new Set(this.usable);
		}
		if (this.seen ? this.seen.has(value) : this.usable.includes(value)) return;
		this.seen?.add(value);
		this.usable.push(value);
	}

	list(): AddressList<Reason> {
		return { usable: this.usable ?? [], rejected: this.rejected ?? [] };
	}
}

/**
 * Reads every field with `readToken` after splitting it at `separators`, keeping each usable value
 * once. Plain loops and no split when a field holds one token: this runs for every device and
 * configuration.
 */
function collect<Reason extends string, Found extends Reading<Reason>>(
	raws: RawValues,
	separators: RegExp,
	readToken: (token: string, readings: ReadingSink<Found>) => void,
): AddressList<Reason> {
	const collector = new AddressCollector<Reason>();
	if (typeof raws === 'string') readField(raws, separators, readToken, collector);
	else if (raws != null)
		for (const field of raws) readField(field, separators, readToken, collector);
	return collector.list();
}

function readField<Found>(
	field: string | null | undefined,
	separators: RegExp,
	readToken: (token: string, readings: ReadingSink<Found>) => void,
	readings: ReadingSink<Found>,
): void {
	if (typeof field !== 'string') return;
	const text = field.trim();
	if (text === '') return;
	if (!separators.test(text)) {
		readToken(text, readings);
		return;
	}
	for (const token of text.split(separators)) {
		if (token !== '') readToken(token, readings);
	}
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

/** Four dot-separated groups of one to three ASCII digits, each at most 255. */
function ipv4Octets(text: string): number[] | undefined {
	const octets = [0, 0, 0, 0];
	let count = 0;
	let octet = 0;
	let digits = 0;
	for (let index = 0; index <= text.length; index += 1) {
		const code = index < text.length ? text.charCodeAt(index) : 0x2e;
		if (code >= 0x30 && code <= 0x39 && digits < 3) {
			octet = octet * 10 + (code - 0x30);
			digits += 1;
		} else if (code === 0x2e && digits > 0 && octet <= 255 && count < 4) {
			octets[count] = octet;
			count += 1;
			octet = 0;
			digits = 0;
		} else {
			return undefined;
		}
	}
	return count === 4 ? octets : undefined;
}

function hexGroups(text: string): number[] | undefined {
	if (text === '') return [];
	const groups = text.split(':');
	return groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))
		? groups.map((group) => parseInt(group, 16))
		: undefined;
}

function ipv6Groups(text: string): number[] | undefined {
	let body = text;
	let embeddedIpv4: number[] = [];
	if (text.includes('.')) {
		const lastColon = text.lastIndexOf(':');
		const octets = ipv4Octets(text.slice(lastColon + 1));
		if (lastColon < 0 || !octets) return undefined;
		embeddedIpv4 = [(octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]];
		const head = text.slice(0, lastColon + 1);
		body = head.endsWith('::') ? head : head.slice(0, -1);
	}
	const halves = body.split('::');
	if (halves.length > 2) return undefined;
	const left = hexGroups(halves[0]);
	const right = halves.length === 2 ? hexGroups(halves[1]) : [];
	if (!left || !right) return undefined;
	const written = [...left, ...right, ...embeddedIpv4];
	if (halves.length === 1) return written.length === 8 ? written : undefined;
	if (written.length > 7) return undefined;
	return [...left, ...new Array<number>(8 - written.length).fill(0), ...right, ...embeddedIpv4];
}

/** RFC 5952: lower case, no leading zeros, the longest run (first on ties) of 2+ zero groups as `::`. */
function formatIpv6(groups: number[]): string {
	let bestStart = -1;
	let bestLength = 0;
	let runStart = -1;
	groups.forEach((group, index) => {
		if (group !== 0) {
			runStart = -1;
			return;
		}
		if (runStart < 0) runStart = index;
		if (index - runStart + 1 > bestLength) {
			bestStart = runStart;
			bestLength = index - runStart + 1;
		}
	});
	const hex = groups.map((group) => group.toString(16));
	if (bestLength < 2) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

const isZero = (octet: number) => octet === 0;
const isAllOnes = (octet: number) => octet === 255;

const unusableIpv4: ReadonlyArray<{ reason: IpRejection; applies: (octets: number[]) => boolean }> =
	[
		{ reason: 'unspecified', applies: (octets) => octets.every(isZero) },
		{ reason: 'broadcast', applies: (octets) => octets.every(isAllOnes) },
		{ reason: 'loopback', applies: (octets) => octets[0] === 127 },
		{ reason: 'linkLocal', applies: (octets) => octets[0] === 169 && octets[1] === 254 },
	];

const unusableIpv6: ReadonlyArray<{ reason: IpRejection; applies: (groups: number[]) => boolean }> =
	[
		{ reason: 'unspecified', applies: (groups) => groups.every((group) => group === 0) },
		{
			reason: 'loopback',
			applies: (groups) => groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1,
		},
		{ reason: 'linkLocal', applies: (groups) => (groups[0] & 0xffc0) === 0xfe80 },
	];

function isIpv4Mapped(groups: number[]): boolean {
	return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

/** `written`: the address as written, used as it is when that already is the canonical form. */
/** `written`: the address as written, used as it is when it has no leading zeros to drop. */
function ipv4Reading(octets: number[], raw: string, written?: string): IpReading {
	for (const rule of unusableIpv4) {
		if (rule.applies(octets)) return { kind: 'rejected', reason: rule.reason, raw };
	}
	const value = written !== undefined && !hasLeadingZero(written) ? written : octets.join('.');
	return { kind: 'usable', value, family: 4 };
}

/** Whether a dotted IPv4 address has a group such as `01` or `007`. */
function hasLeadingZero(dotted: string): boolean {
	for (let index = 0; index < dotted.length - 1; index += 1) {
		const startsGroup = index === 0 || dotted.charCodeAt(index - 1) === 0x2e;
		if (startsGroup && dotted.charCodeAt(index) === 0x30 && dotted.charCodeAt(index + 1) !== 0x2e) {
			return true;
		}
	}
	return false;
}

/**
 * One IPv4 or IPv6 address in canonical form: IPv4 without leading zeros, IPv6 per RFC 5952,
 * IPv4-mapped IPv6 as plain IPv4. Brackets and an IPv6 zone index are dropped. Unspecified,
 * broadcast, loopback and link-local addresses are rejected: they never identify a device.
 */
export function normaliseIp(raw: string): IpReading {
	const trimmed = raw.trim();
	const text = trimmed.startsWith('[') ? trimmed.replace(/^\[(.*)\]$/, '$1') : trimmed;
	if (!text.includes(':')) {
		const octets = ipv4Octets(text);
		return octets ? ipv4Reading(octets, raw, text) : { kind: 'rejected', reason: 'malformed', raw };
	}
	const groups = ipv6Groups(text.replace(/%.*$/, ''));
	if (!groups) return { kind: 'rejected', reason: 'malformed', raw };
	if (isIpv4Mapped(groups)) {
		return ipv4Reading([groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff], raw);
	}
	const unusable = unusableIpv6.find((rule) => rule.applies(groups));
	if (unusable) return { kind: 'rejected', reason: unusable.reason, raw };
	return { kind: 'usable', value: formatIpv6(groups), family: 6 };
}

function readIpToken(token: string, readings: ReadingSink<IpReading>): void {
	if (!token.includes('/')) {
		readings.push(normaliseIp(token));
		return;
	}
	const withPrefixLength = /^(.+)\/\d{1,3}$/.exec(token);
	const address = withPrefixLength ? normaliseIp(withPrefixLength[1]) : undefined;
	if (address && (address.kind === 'usable' || address.reason !== 'malformed')) {
		readings.push(address);
		return;
	}
	for (const part of token.split('/')) {
		if (part !== '') readings.push(normaliseIp(part));
	}
}

/**
 * Every IP address in one or more raw fields. A field may hold several addresses separated by
 * commas, semicolons, slashes, spaces or newlines; a trailing prefix length (`/24`) is dropped.
 */
export function normaliseIps(raws: RawValues): AddressList<IpRejection> {
	return collect(raws, /[\s,;|]+/, readIpToken);
}
