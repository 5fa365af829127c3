/**
 * Key values that never collide by accident: serials, MACs and addresses come from counters run
 * through bijections, so two devices share a key only where a case puts it there on purpose.
 */
import type { SerialStyle } from './catalogue';
import type { Draw } from './draw';

const TOKEN_SPACE = 36 ** 6;
/** Odd and not a multiple of 3, so `n → n × stride + offset` is a bijection modulo 36^6. */
const TOKEN_STRIDE = 2654435761;
const MAC_SPACE = 2 ** 24;
/** Odd, so a bijection modulo 2^24. */
const MAC_STRIDE = 0x9e3779;
const HEX_STRIDE = 0x9e3779b1;

const LETTERS_NOT_HEX = 'GHJKLMNPQRSTVWXYZ';
const DIGITS = '0123456789';

/** A unique serial core: six base-36 characters, and eight hex digits from the same counter. */
export interface SerialToken {
	token: string;
	hex: string;
}

export class UniqueValues {
	private serials = 0;
	private macs = 0;
	private publicAddresses = 0;
	private readonly tokenOffset: number;
	private readonly hexOffset: number;
	private readonly macOffset: number;

	constructor(draw: Draw) {
		this.tokenOffset = draw.integer(0, TOKEN_SPACE - 1);
		this.hexOffset = draw.integer(0, 2 ** 31);
		this.macOffset = draw.integer(0, MAC_SPACE - 1);
	}

	serialToken(): SerialToken {
		const count = this.serials++;
		const token = ((count * TOKEN_STRIDE + this.tokenOffset) % TOKEN_SPACE)
			.toString(36)
			.toUpperCase()
			.padStart(6, '0');
		// A token of one repeated character would read as junk ("000000"); skip the few there are.
		if (/^(.)\1*$/.test(token)) return this.serialToken();
		const hex = ((Math.imul(count, HEX_STRIDE) + this.hexOffset) >>> 0).toString(16);
		return { token, hex: hex.padStart(8, '0') };
	}

	/** `AA:BB:CC:DD:EE:FF` under the given OUI. */
	mac(oui: string): string {
		const low = ((this.macs++ * MAC_STRIDE + this.macOffset) % MAC_SPACE)
			.toString(16)
			.toUpperCase()
			.padStart(6, '0');
		return `${oui}:${low.slice(0, 2)}:${low.slice(2, 4)}:${low.slice(4, 6)}`;
	}

	/** Documentation ranges first (RFC 5737), then the benchmarking range (RFC 2544). */
	publicAddress(): string {
		const count = this.publicAddresses++;
		const block = Math.floor(count / 254);
		const network = ['203.0.113', '198.51.100'][block] ?? `198.18.${block - 2}`;
		return `${network}.${1 + (count % 254)}`;
	}
}

interface SerialContext {
	token: SerialToken;
	mac?: string;
	model: string;
	draw: Draw;
}

const twoDigitYear = (draw: Draw) => String(draw.integer(18, 24));

/** Serial formats by vendor, each built around the unique token. */
const SERIAL_FORMATS: Record<SerialStyle, (context: SerialContext) => string | undefined> = {
	dell: ({ token, draw }) => `${token.token}${draw.pick([...LETTERS_NOT_HEX])}`,
	hp: ({ token, draw }) => `CZC${token.token}${draw.characters(DIGITS, 1)}`,
	lenovo: ({ token }) => `PF${token.token}`,
	hpe: ({ token, draw }) => `CZJ${token.token}${draw.characters(DIGITS, 1)}`,
	cisco: ({ token, draw }) => `FOC${twoDigitYear(draw)}${token.token}`,
	meraki: ({ token, draw }) =>
		`Q2${draw.characters(LETTERS_NOT_HEX, 2)}-${token.token.slice(0, 4)}-${token.token.slice(4)}${draw.characters(LETTERS_NOT_HEX, 2)}`,
	netgear: ({ token, draw }) => `4TE${token.token}${draw.characters(DIGITS, 4)}`,
	fortinet: ({ token, draw }) => `FGT60FTK${twoDigitYear(draw)}${token.token}`,
	synology: ({ token }) => `2080PDN${token.token}`,
	apc: ({ token, draw }) => `AS${twoDigitYear(draw)}${token.token}${draw.characters(DIGITS, 2)}`,
	hpPrinter: ({ token, draw }) => `VNB${token.token}${draw.characters(DIGITS, 1)}`,
	brother: ({ token, draw }) => `E7${token.token}N${draw.characters(DIGITS, 4)}`,
	hikvision: ({ token, model, draw }) =>
		`${model}20${twoDigitYear(draw)}0${draw.integer(1, 9)}${draw.integer(10, 28)}AAWR${token.token}`,
	vmware: ({ token, draw }) => {
		const bytes = [
			'42',
			...(token.hex.match(/../g) ?? []),
			...Array.from({ length: 11 }, () => draw.characters('0123456789abcdef', 2)),
		];
		return `VMware-${bytes.slice(0, 8).join(' ')}-${bytes.slice(8).join(' ')}`;
	},
	hyperV: ({ token, draw }) => {
		const digits = String(parseInt(token.hex, 16)).padStart(10, '0');
		return `0000-0017-${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}${draw.characters(DIGITS, 2)}-${draw.characters(DIGITS, 4)}-${draw.characters(DIGITS, 2)}`;
	},
	yealink: ({ token, draw }) => `804${token.token}0${draw.characters(DIGITS, 3)}`,
	apple: ({ token }) => `C02${token.token}Q05`,
	samsung: ({ token, draw }) => `0B${token.token}${draw.characters(LETTERS_NOT_HEX, 1)}`,
	raspberryPi: ({ token }) => `10000000${token.hex}`,
	macBare: ({ mac }) => (mac === undefined ? undefined : bareMac(mac)),
	macLabel: ({ mac }) =>
		mac === undefined ? undefined : `System MAC: ${MAC_WRITINGS.dashLower(mac)}`,
	none: () => undefined,
};

export function formatSerial(style: SerialStyle, context: SerialContext): string | undefined {
	return SERIAL_FORMATS[style](context);
}

function bareMac(mac: string): string {
	return mac.replace(/:/g, '');
}

/** How a single MAC gets written into a PSA record. */
export type MacWriting =
	| 'colonUpper'
	| 'colonLower'
	| 'dashLower'
	| 'dashUpper'
	| 'ciscoDots'
	| 'bareUpper'
	| 'bareLower';

export const MAC_WRITINGS: Record<MacWriting, (mac: string) => string> = {
	colonUpper: (mac) => mac,
	colonLower: (mac) => mac.toLowerCase(),
	dashLower: (mac) => mac.replace(/:/g, '-').toLowerCase(),
	dashUpper: (mac) => mac.replace(/:/g, '-'),
	ciscoDots: (mac) => (bareMac(mac).toLowerCase().match(/.{4}/g) ?? []).join('.'),
	bareUpper: bareMac,
	bareLower: (mac) => bareMac(mac).toLowerCase(),
};

/** EUI-64 link-local address derived from a MAC, as hosts configure it (RFC 4291 §2.5.1). */
export function linkLocalFromMac(mac: string): string {
	const bytes = mac.split(':').map((octet) => parseInt(octet, 16));
	const groups = [
		((bytes[0] ^ 0x02) << 8) | bytes[1],
		(bytes[2] << 8) | 0xff,
		(0xfe << 8) | bytes[3],
		(bytes[4] << 8) | bytes[5],
	];
	return `fe80::${groups.map((group) => group.toString(16)).join(':')}`;
}

export type AddressPool = 'lan' | 'routed' | 'stale';

/** Third octets by pool: a stale address (third ≥ 200) can never equal a device address (< 200). */
const POOL_BASES: Record<AddressPool, number> = { lan: 1, routed: 100, stale: 200 };
const HOSTS_PER_BLOCK = 250;

export interface Address {
	v4: string;
	/** A global IPv6 address of the same host, in RFC 5952 form. */
	v6: string;
}

/** Addresses of one agent's network (`10.N.x.y`), or the stale pool of one company. */
export class AddressPlan {
	private readonly used: Record<AddressPool, number> = { lan: 0, routed: 0, stale: 0 };
	private apipa = 0;

	constructor(private readonly network: number) {}

	next(pool: AddressPool): Address {
		const count = this.used[pool]++;
		const third = POOL_BASES[pool] + Math.floor(count / HOSTS_PER_BLOCK);
		const fourth = 2 + (count % HOSTS_PER_BLOCK);
		return {
			v4: `10.${this.network}.${third}.${fourth}`,
			v6: `2001:db8:${this.network.toString(16)}:${third.toString(16)}::${fourth.toString(16)}`,
		};
	}

	/** An APIPA address (169.254/16), what a host gives itself when DHCP fails. */
	linkLocalV4(): string {
		const count = this.apipa++;
		return `169.254.${this.network}.${2 + (count % HOSTS_PER_BLOCK)}`;
	}
}

/** "Now" for every generated tenant, so output never depends on the clock. */
export const BASE_TIME = Date.UTC(2025, 5, 1, 12, 0, 0);
const SECONDS_PER_DAY = 86_400;

/** A moment between `minDays` and `maxDays` before `BASE_TIME`, to the second. */
export function daysBefore(draw: Draw, minDays: number, maxDays: number): number {
	return BASE_TIME - draw.integer(minDays * SECONDS_PER_DAY, maxDays * SECONDS_PER_DAY) * 1000;
}

export type DomotzTimeStyle = 'offset' | 'zulu' | 'naive';

/** Domotz mostly sends `+00:00`, sometimes `Z`, occasionally no offset at all (reference §1.11). */
export function domotzTime(milliseconds: number, style: DomotzTimeStyle): string {
	const iso = new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, '');
	return { offset: `${iso}+00:00`, zulu: `${iso}Z`, naive: iso }[style];
}

/** ConnectWise's `yyyy-MM-ddTHH:mm:ssZ`. */
export function connectWiseTime(milliseconds: number): string {
	return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
