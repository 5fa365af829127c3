/**
 * The canonical form of an IP address: IPv4 without leading zeros, IPv6 per RFC 5952. Pure and
 * total: raw values of any shape go in, tagged readings come out; addresses that never identify a
 * device are rejected with the reason.
 */
import { collect, type AddressList, type RawValues, type ReadingSink } from './readings';

export type IpRejection = 'malformed' | 'unspecified' | 'broadcast' | 'loopback' | 'linkLocal';

export type IpReading =
	| { kind: 'usable'; value: string; family: 4 | 6 }
	| { kind: 'rejected'; reason: IpRejection; raw: string };

export const ipRejectionExplanations: Record<IpRejection, string> = {
	malformed: 'not an IP address',
	unspecified: 'the unspecified address',
	broadcast: 'the broadcast address',
	loopback: 'a loopback address',
	linkLocal: 'a link-local address',
};

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
