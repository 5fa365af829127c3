/**
 * Drafts of agents, companies, devices and configurations, and the builder that creates them.
 * Ids are given last (`finalize`), so cases can refer to each other before any id exists.
 */
import type {
	AbstractDevice,
	AgentDetail,
	Device,
	DeviceImportance,
	DeviceStatus,
	DeviceUserData,
} from '../domotz/index';
import { DEFAULT_BASE_TYPES } from '../domotz/index';
import {
	ASSET_OWNERS,
	BIOS_PROFILE_KINDS,
	HARDWARE_PROFILES,
	NOTES,
	OPERATING_SYSTEMS,
	PLACEHOLDER_SERIALS,
	REPEATED_CHARACTER_SERIALS,
	ROOMS,
	USABLE_SERIAL_STYLES,
	USER_DEVICE_NAMES,
	ZONES,
	type ConfigurationStatusName,
	type HardwareProfile,
	type ProfileKind,
} from './catalogue';
import type { Draw } from './draw';
import {
	daysBefore,
	domotzTime,
	formatSerial,
	linkLocalFromMac,
	type AddressPlan,
	type DomotzTimeStyle,
	UniqueValues,
} from './identifiers';
import type {
	AgentRole,
	ConfigurationKind,
	ConfigurationQuirk,
	DeviceCase,
	DeviceQuirk,
	DeviceSubtype,
	LinkStoreOption,
	MatchedBy,
} from './types';

export interface SiteDraft {
	id: number;
	name: string;
	city: string;
	primary: boolean;
}

export interface CompanyDraft {
	id: number;
	identifier: string;
	name: string;
	/** Short upper-case prefix of host names and tags. */
	code: string;
	sites: SiteDraft[];
	agents: AgentDraft[];
	configurations: ConfigDraft[];
	/** Only its stale pool is used: addresses no device of the company has. */
	addresses: AddressPlan;
	createdAt: number;
}

export interface AgentDraft {
	index: number;
	id: number;
	role: AgentRole;
	/** The company the default rule finds; also set for an agent without API access. */
	company?: CompanyDraft;
	code: string;
	addresses: AddressPlan;
	devices: DeviceDraft[];
	body: AgentDetail;
}

export type PlannedOutcome =
	| { expected: 'linked' | 'matched'; configuration: ConfigDraft; matchedBy: MatchedBy }
	| { expected: 'ambiguous'; matchedBy: 'serial' | 'mac'; candidates: ConfigDraft[] }
	| { expected: 'unmatched' | 'unresolvedCompany' | 'unlistable' };

export interface DeviceDraft {
	agent: AgentDraft;
	case: DeviceCase;
	profile: HardwareProfile;
	subtype: DeviceSubtype;
	model?: string;
	hostName: string;
	/** Canonical `AA:BB:CC:DD:EE:FF`; `hw_address` may be written differently. */
	mac?: string;
	ipAddresses: string[];
	serial?: string;
	/** Set when the user overrode the serial Domotz discovered. */
	discoveredSerial?: string;
	os?: { connectWiseName: string; build: string };
	quirks: Set<DeviceQuirk>;
	outcome: PlannedOutcome;
	/** The configuration named in the device's Domotz inventory link field. */
	mirror?: ConfigDraft;
	/** The API object; its `id` is set by `finalize`. */
	body: Device;
}

export interface ConfigurationRecord {
	name: string;
	type: string;
	manufacturer?: string;
	model?: string;
	serial?: string;
	mac?: string;
	ip?: string;
	osType?: string;
	osInfo?: string;
	site?: SiteDraft;
	tagNumber?: string;
	notes?: string;
	deviceIdentifier?: string;
	assetOwner?: string;
	installedAt: number;
	updatedAt: number;
}

export type LinkTarget = { device: DeviceDraft } | { agent: AgentDraft; missingDevice: number };

export interface ConfigDraft {
	id: number;
	company: CompanyDraft;
	kind: ConfigurationKind;
	status: ConfigurationStatusName;
	quirks: Set<ConfigurationQuirk>;
	record: ConfigurationRecord;
	linkTo?: LinkTarget;
}

export type JunkSerial = 'placeholder' | 'repeatedCharacter' | 'serialIsMac' | 'macLabel';

/**
 * `usable`: the profile's own real serial; `native`: whatever the vendor reports (junk for some);
 * `anything`: native, or now and then a BIOS placeholder.
 */
export type SerialPlan = 'usable' | 'native' | 'anything' | 'none' | { junk: JunkSerial };

export type AddressShape = 'single' | 'twoIpv4' | 'withIpv6' | 'withLinkLocalV6' | 'apipa';

export interface DeviceSpec {
	case: DeviceCase;
	profile: HardwareProfile;
	subtype: DeviceSubtype;
	serial: SerialPlan;
	addressShape?: AddressShape;
	hidden?: boolean;
	excluded?: boolean;
	/** Another device with the same hardware identity (MAC, serial, model): a clone or a twin. */
	sameHardwareAs?: DeviceDraft;
	/** Only the MAC is shared (a cloned VM that kept its MAC). */
	sameMacAs?: DeviceDraft;
}

const SERIAL_QUIRKS: readonly DeviceQuirk[] = [
	'placeholderSerial',
	'repeatedCharacterSerial',
	'serialIsMac',
	'serialMacLabel',
	'serialOverridden',
];

/** Kinds whose discovered name comes from SNMP rather than DHCP. */
const NETWORK_KINDS: ReadonlySet<ProfileKind> = new Set<ProfileKind>([
	'switch',
	'accessPoint',
	'firewall',
	'router',
	'ups',
]);

const TYPE_OVERRIDES: Partial<Record<ProfileKind, number>> = {
	server: 95,
	nas: 92,
	desktop: 46,
	notebook: 46,
	virtualMachine: 94,
};
const CUSTOM_DEVICE_TYPE = 24;

const DEVICE_STATUSES: ReadonlyArray<{ status: DeviceStatus; weight: number }> = [
	{ status: 'ONLINE', weight: 85 },
	{ status: 'OFFLINE', weight: 10 },
	{ status: 'DOWN', weight: 5 },
];

const ALPHANUMERIC = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** A locally administered OUI for hardware whose vendor is unknown. */
const UNKNOWN_OUI = '02:00:5E';

function baseType(id: number): { label: string; vital: boolean } {
	const type = DEFAULT_BASE_TYPES.find((candidate) => candidate.id === id);
	if (!type) throw new Error(`Unknown Domotz base type ${id}`);
	return type;
}

/** `Shape` with every field that may be `undefined` made optional instead. */
export type Defined<Shape> = {
	[Key in keyof Shape as undefined extends Shape[Key] ? never : Key]: Shape[Key];
} & {
	[Key in keyof Shape as undefined extends Shape[Key] ? Key : never]?: Exclude<
		Shape[Key],
		undefined
	>;
};

/** Drops `undefined` values so that generated seeds carry only fields that are present. */
export function defined<Shape extends object>(value: Shape): Defined<Shape> {
	return Object.fromEntries(
		Object.entries(value).filter(([, field]) => field !== undefined),
	) as Defined<Shape>;
}

export class TenantBuilder {
	readonly unique: UniqueValues;
	readonly companies: CompanyDraft[] = [];
	readonly agents: AgentDraft[] = [];
	readonly configurations: ConfigDraft[] = [];
	private readonly counters = new Map<string, number>();

	constructor(
		readonly draw: Draw,
		readonly linkStore: LinkStoreOption,
	) {
		this.unique = new UniqueValues(draw);
	}

	get storesLinks(): boolean {
		return this.linkStore !== 'none-yet';
	}

	/**
	 * True once in every `period` calls under `name`: rare quirks appear at a steady rate instead of
	 * by chance, so every tenant large enough is sure to show them.
	 */
	every(name: string, period: number): boolean {
		const count = this.counters.get(name) ?? 0;
		this.counters.set(name, count + 1);
		return count % period === Math.floor(period / 2);
	}

	/** The next item of `items` in turn under `name`. */
	cycle<Item>(name: string, items: readonly Item[]): Item {
		const count = this.counters.get(`cycle:${name}`) ?? 0;
		this.counters.set(`cycle:${name}`, count + 1);
		return items[count % items.length];
	}

	pickProfile(accept: (profile: HardwareProfile) => boolean): HardwareProfile {
		const candidates = HARDWARE_PROFILES.filter(accept);
		if (candidates.length === 0) throw new Error('No hardware profile fits');
		return this.draw.weighted(candidates);
	}

	createDevice(agent: AgentDraft, spec: DeviceSpec): DeviceDraft {
		const { profile, subtype } = spec;
		const twin = spec.sameHardwareAs;
		const quirks = new Set<DeviceQuirk>();
		const model =
			twin?.model ?? (profile.models.length > 0 ? this.draw.pick(profile.models) : undefined);
		const mac =
			subtype === 'local'
				? (twin?.mac ?? spec.sameMacAs?.mac ?? this.unique.mac(profile.oui ?? UNKNOWN_OUI))
				: undefined;
		const hwAddress = mac !== undefined && this.every('lowerCaseMac', 31) ? mac.toLowerCase() : mac;
		if (hwAddress !== mac) quirks.add('lowerCaseMac');
		const serial = twin
			? { serial: twin.serial, discovered: twin.discoveredSerial }
			: this.serialFor(profile, model, hwAddress, spec.serial, quirks);
		for (const quirk of SERIAL_QUIRKS) if (twin?.quirks.has(quirk)) quirks.add(quirk);
		const ipAddresses = this.addressesFor(agent, subtype, mac, spec.addressShape, quirks);
		const hostName = twin?.hostName ?? this.hostName(agent, profile);
		const appearance = this.deviceBody(
			spec,
			{ model, hostName, hwAddress, serial: serial.serial, ipAddresses },
			quirks,
		);
		const draft: DeviceDraft = {
			agent,
			case: spec.case,
			profile,
			subtype,
			model,
			hostName,
			mac,
			ipAddresses,
			serial: serial.serial,
			discoveredSerial: serial.discovered,
			os: appearance.os,
			quirks,
			outcome: { expected: 'unmatched' },
			body: appearance.body,
		};
		agent.devices.push(draft);
		return draft;
	}

	private serialFor(
		profile: HardwareProfile,
		model: string | undefined,
		hwAddress: string | undefined,
		plan: SerialPlan,
		quirks: Set<DeviceQuirk>,
	): { serial?: string; discovered?: string } {
		const native = () =>
			formatSerial(profile.serialStyle, {
				token: this.unique.serialToken(),
				mac: hwAddress?.toUpperCase(),
				model: model ?? '',
				draw: this.draw,
			});
		if (plan === 'none') return {};
		if (typeof plan === 'object') return { serial: this.junkSerial(plan.junk, hwAddress, quirks) };
		if (plan === 'usable') {
			if (!USABLE_SERIAL_STYLES.has(profile.serialStyle)) {
				throw new Error(`${profile.vendor ?? profile.kind} has no usable serial`);
			}
			const serial = native();
			// A user typed the real serial over the BIOS placeholder Domotz discovered.
			if (BIOS_PROFILE_KINDS.has(profile.kind) && this.every('serialOverridden', 17)) {
				quirks.add('serialOverridden');
				return { serial, discovered: this.cycle('placeholder', PLACEHOLDER_SERIALS) };
			}
			return { serial };
		}
		if (plan === 'anything' && BIOS_PROFILE_KINDS.has(profile.kind) && this.every('bios', 9)) {
			const junk = this.cycle<JunkSerial>('biosJunk', [
				'placeholder',
				'placeholder',
				'repeatedCharacter',
			]);
			return { serial: this.junkSerial(junk, hwAddress, quirks) };
		}
		const serial = native();
		if (serial !== undefined && profile.serialStyle === 'macBare') quirks.add('serialIsMac');
		if (serial !== undefined && profile.serialStyle === 'macLabel') quirks.add('serialMacLabel');
		return { serial };
	}

	private junkSerial(
		junk: JunkSerial,
		hwAddress: string | undefined,
		quirks: Set<DeviceQuirk>,
	): string {
		const needsMac = junk === 'serialIsMac' || junk === 'macLabel';
		if (needsMac && hwAddress === undefined) throw new Error(`A ${junk} serial needs a MAC`);
		const junkSerials: Record<JunkSerial, () => string> = {
			placeholder: () => this.cycle('placeholder', PLACEHOLDER_SERIALS),
			repeatedCharacter: () => this.cycle('repeated', REPEATED_CHARACTER_SERIALS),
			serialIsMac: () => hwAddress ?? '',
			macLabel: () => `System MAC: ${(hwAddress ?? '').toLowerCase().replace(/:/g, '-')}`,
		};
		const quirkOf: Record<JunkSerial, DeviceQuirk> = {
			placeholder: 'placeholderSerial',
			repeatedCharacter: 'repeatedCharacterSerial',
			serialIsMac: 'serialIsMac',
			macLabel: 'serialMacLabel',
		};
		quirks.add(quirkOf[junk]);
		return junkSerials[junk]();
	}

	private addressesFor(
		agent: AgentDraft,
		subtype: DeviceSubtype,
		mac: string | undefined,
		requested: AddressShape | undefined,
		quirks: Set<DeviceQuirk>,
	): string[] {
		if (subtype === 'dummy') return [];
		if (subtype === 'external') return [this.unique.publicAddress()];
		const pool = subtype === 'local' ? 'lan' : 'routed';
		const shape = requested ?? this.drawShape(subtype);
		if (shape === 'apipa') {
			quirks.add('linkLocalAddress');
			return [agent.addresses.linkLocalV4()];
		}
		const first = agent.addresses.next(pool);
		if (shape === 'single') return [first.v4];
		quirks.add('multipleIps');
		if (shape === 'twoIpv4') return [first.v4, agent.addresses.next(pool).v4];
		quirks.add('ipv6');
		if (shape === 'withIpv6') return [first.v4, first.v6];
		if (mac === undefined) throw new Error('A link-local IPv6 address needs a MAC');
		quirks.add('linkLocalAddress');
		return [first.v4, linkLocalFromMac(mac)];
	}

	private drawShape(subtype: DeviceSubtype): AddressShape {
		if (this.every('twoIpv4', 17)) return 'twoIpv4';
		if (this.every('withIpv6', 11)) return 'withIpv6';
		if (subtype === 'local' && this.every('withLinkLocalV6', 13)) return 'withLinkLocalV6';
		return 'single';
	}

	private hostName(agent: AgentDraft, profile: HardwareProfile): string {
		if (profile.os === 'windowsDesktop' && this.every('windowsDefaultName', 4)) {
			return `DESKTOP-${this.draw.characters(ALPHANUMERIC, 7)}`;
		}
		const key = `host:${agent.index}:${profile.hostPrefix}`;
		const number = (this.counters.get(key) ?? 0) + 1;
		this.counters.set(key, number);
		const name = `${agent.code}-${profile.hostPrefix}-${String(number).padStart(2, '0')}`;
		return NETWORK_KINDS.has(profile.kind) ? name.toLowerCase() : name;
	}

	private deviceBody(
		spec: DeviceSpec,
		identity: {
			model?: string;
			hostName: string;
			hwAddress?: string;
			serial?: string;
			ipAddresses: string[];
		},
		quirks: Set<DeviceQuirk>,
	): { body: Device; os?: DeviceDraft['os'] } {
		const { profile, subtype } = spec;
		const { draw } = this;
		const names = this.namesFor(profile, subtype, identity);
		const discoveredName =
			names.dhcp ??
			names.host ??
			names.netbios ??
			names.snmp ??
			identity.ipAddresses[0] ??
			identity.hostName;
		const userData = this.userData(profile, identity.model, quirks);
		const userGiven = this.userGivenName(profile, subtype);
		if (userGiven !== undefined && subtype !== 'dummy' && subtype !== 'external') {
			userData.name = userGiven;
			quirks.add('userNameOverride');
		}
		const displayName = userGiven ?? discoveredName;
		if (displayName.includes('"')) quirks.add('quotedDisplayName');
		const release =
			profile.os && draw.chance(0.75) ? draw.pick(OPERATING_SYSTEMS[profile.os]) : undefined;
		if (release) quirks.add('operatingSystem');
		const os = release && { connectWiseName: release.connectWiseName, build: release.build };
		if (identity.model && /standard pc/i.test(identity.model)) quirks.add('virtualMachineModel');
		const type = baseType(profile.typeId);
		const timeStyle: DomotzTimeStyle = this.every('naiveTime', 23)
			? 'naive'
			: draw.chance(0.25)
				? 'zulu'
				: 'offset';
		const placement = this.every('zoneRoomNotes', 4)
			? {
					zone: draw.pick(ZONES),
					room: draw.chance(0.5) ? draw.pick(ROOMS) : undefined,
					notes: draw.chance(0.3) ? draw.pick(NOTES) : undefined,
				}
			: {};
		if (placement.zone !== undefined) quirks.add('zoneRoomNotes');
		if (spec.hidden) quirks.add('hidden');
		if (spec.excluded) quirks.add('excluded');
		const details = defined({
			serial: identity.serial,
			...placement,
			firmware_version: NETWORK_KINDS.has(profile.kind)
				? `${draw.integer(6, 17)}.${draw.integer(0, 9)}.${draw.integer(0, 20)}`
				: undefined,
		});
		const importance: DeviceImportance | undefined = this.every('noImportance', 10)
			? undefined
			: type.vital
				? 'VITAL'
				: 'FLOATING';
		const common: Omit<AbstractDevice, 'protocol'> = defined({
			id: 0,
			display_name: displayName,
			first_seen_on: domotzTime(daysBefore(draw, 30, 1500), timeStyle),
			importance,
			is_excluded: spec.excluded ? true : draw.chance(0.7) ? false : undefined,
			os: release && { name: release.name, version: release.version, build: release.build },
			type: defined({ id: profile.typeId, detected_id: profile.detectedTypeId, label: type.label }),
			user_data: Object.keys(userData).length > 0 ? userData : undefined,
			details: Object.keys(details).length > 0 ? details : undefined,
		});
		if (subtype === 'dummy') return { body: { ...common, protocol: 'DUMMY' }, os };
		const vendor = this.vendorOf(profile, quirks);
		const status: DeviceStatus = spec.hidden ? 'HIDDEN' : draw.weighted(DEVICE_STATUSES).status;
		const ipFields = defined({
			ip_addresses: identity.ipAddresses,
			vendor,
			model: identity.model,
			status,
			last_status_change: domotzTime(daysBefore(draw, 0, 29), timeStyle),
			grace_period: subtype === 'external' ? undefined : draw.pick([60, 120, 300]),
			agent_reachable: true,
			open_ports: NETWORK_KINDS.has(profile.kind) ? { tcp: [22, 443], udp: [161] } : undefined,
		});
		if (subtype === 'external') {
			return { body: { ...common, ...ipFields, protocol: 'IP_EXTERNAL', names }, os };
		}
		const gear = NETWORK_KINDS.has(profile.kind) || profile.kind === 'printer';
		const management = gear
			? {
					authentication_status: draw.pick(['AUTHENTICATED', 'NO_AUTHENTICATION'] as const),
					snmp_status: draw.pick(['AUTHENTICATED', 'NOT_AUTHENTICATED'] as const),
				}
			: {};
		if (subtype === 'subnet') {
			return { body: { ...common, ...management, ...ipFields, protocol: 'IP', names }, os };
		}
		const body: Device = {
			...common,
			...management,
			...ipFields,
			protocol: 'IP',
			hw_address: identity.hwAddress,
			is_jammed: false,
			names,
		};
		return { body, os };
	}

	private namesFor(
		profile: HardwareProfile,
		subtype: DeviceSubtype,
		identity: { model?: string; hostName: string },
	): Record<string, string> {
		const host = identity.hostName;
		if (subtype === 'dummy') return {};
		if (subtype === 'external') {
			return {
				host: `${this.cycle('webHost', ['www', 'portal', 'mail'])}.${host.split('-')[0].toLowerCase()}.example`,
			};
		}
		const fqdn = `${host.toLowerCase()}.corp.local`;
		if (subtype === 'subnet') {
			return defined({ host: fqdn, snmp: NETWORK_KINDS.has(profile.kind) ? host : undefined });
		}
		if (NETWORK_KINDS.has(profile.kind)) return { snmp: host, host: fqdn };
		return defined({
			dhcp: host,
			netbios: profile.os?.startsWith('windows') ? host.toUpperCase().slice(0, 15) : undefined,
			bonjour:
				profile.kind === 'printer'
					? `${profile.manufacturer ?? ''} ${identity.model ?? ''}`.trim()
					: undefined,
		});
	}

	private userGivenName(profile: HardwareProfile, subtype: DeviceSubtype): string | undefined {
		const always = subtype === 'dummy' || profile.kind === 'smartTv';
		if (profile.friendlyNames && (always || this.every(`friendly:${profile.kind}`, 2))) {
			return this.cycle(`friendly:${profile.kind}`, profile.friendlyNames);
		}
		if (!BIOS_PROFILE_KINDS.has(profile.kind)) return undefined;
		return this.every('userName', 6) ? this.cycle('userName', USER_DEVICE_NAMES) : undefined;
	}

	private userData(
		profile: HardwareProfile,
		model: string | undefined,
		quirks: Set<DeviceQuirk>,
	): DeviceUserData {
		const userData: DeviceUserData = {};
		const renamed =
			profile.manufacturer !== undefined && profile.manufacturer !== profile.vendor?.trim();
		if (renamed && this.every('userVendorModel', 19)) {
			userData.vendor = profile.manufacturer;
			if (model !== undefined) {
				userData.model = /standard pc/i.test(model)
					? 'KVM guest'
					: `${model} (${this.cycle('modelNote', ['SFF', 'rack', 'refurbished'])})`;
			}
			quirks.add('userVendorModelOverride');
		}
		if (this.every('userType', 21)) {
			userData.type = TYPE_OVERRIDES[profile.kind] ?? CUSTOM_DEVICE_TYPE;
			quirks.add('userTypeOverride');
		}
		return userData;
	}

	private vendorOf(profile: HardwareProfile, quirks: Set<DeviceQuirk>): string | undefined {
		if (profile.vendor === undefined) return undefined;
		const vendor =
			!profile.vendor.endsWith(' ') && this.every('vendorTrailingSpace', 45)
				? `${profile.vendor} `
				: profile.vendor;
		if (vendor.endsWith(' ')) quirks.add('vendorTrailingSpace');
		return vendor;
	}

	/** A configuration record describing `device`, with the key values a case chooses. */
	recordFor(
		device: DeviceDraft,
		company: CompanyDraft,
		keys: { serial?: string; mac?: string; ip?: string },
	): ConfigurationRecord {
		const { draw } = this;
		const withOs = device.os !== undefined && draw.chance(0.8);
		return defined({
			name: this.configurationName(device),
			type: device.profile.connectWiseType,
			manufacturer: device.profile.manufacturer,
			model: device.model,
			...keys,
			osType: withOs ? device.os?.connectWiseName : undefined,
			osInfo: withOs ? device.os?.build : undefined,
			site: draw.pick(company.sites),
			assetOwner: draw.chance(0.3) ? draw.pick(ASSET_OWNERS) : undefined,
			notes: this.every('configurationNotes', 8) ? draw.pick(NOTES) : undefined,
			tagNumber: this.every('tagNumber', 3)
				? `${company.code}-${String(draw.integer(1, 9999)).padStart(4, '0')}`
				: undefined,
			installedAt: daysBefore(draw, 60, 1800),
			updatedAt: daysBefore(draw, 1, 59),
		});
	}

	private configurationName(device: DeviceDraft): string {
		if (this.every('quotedConfigurationName', 37))
			return `${device.hostName} "${device.profile.connectWiseType}"`;
		return this.draw.chance(0.7) ? device.hostName : device.body.display_name;
	}

	addConfiguration(
		company: CompanyDraft,
		kind: ConfigurationKind,
		record: ConfigurationRecord,
		status: ConfigurationStatusName = 'Active',
	): ConfigDraft {
		const configuration: ConfigDraft = { id: 0, company, kind, status, quirks: new Set(), record };
		company.configurations.push(configuration);
		this.configurations.push(configuration);
		return configuration;
	}

	/** A unique, usable serial in the style of `profile` (a Dell service tag by default). */
	freshSerial(profile?: HardwareProfile): string {
		const style =
			profile && USABLE_SERIAL_STYLES.has(profile.serialStyle) ? profile.serialStyle : 'dell';
		return (
			formatSerial(style, {
				token: this.unique.serialToken(),
				model: profile?.models[0] ?? '',
				draw: this.draw,
			}) ?? ''
		);
	}

	/** A record of hardware no Domotz agent sees: unique serial and MAC, an address no device has. */
	recordWithoutDevice(company: CompanyDraft, profile: HardwareProfile): ConfigurationRecord {
		const { draw } = this;
		const key = `record:${company.id}:${profile.hostPrefix}`;
		const number = (this.counters.get(key) ?? 0) + 1;
		this.counters.set(key, number);
		const pool = company.agents.length > 0 ? 'stale' : 'lan';
		return defined({
			name: `${company.code}-${profile.hostPrefix}-${100 + number}`,
			type: profile.connectWiseType,
			manufacturer: profile.manufacturer,
			model: profile.models.length > 0 ? draw.pick(profile.models) : undefined,
			serial: this.freshSerial(profile),
			mac: profile.oui === undefined ? undefined : this.unique.mac(profile.oui),
			ip: company.addresses.next(pool).v4,
			site: draw.pick(company.sites),
			installedAt: daysBefore(draw, 200, 2500),
			updatedAt: daysBefore(draw, 30, 400),
		});
	}

	/** Where a serial of this company's device can sit in another customer's records. */
	otherCompanyThan(company: CompanyDraft): CompanyDraft | undefined {
		const others = this.companies.filter((candidate) => candidate !== company);
		return others.find((candidate) => candidate.agents.length === 0) ?? others[0];
	}

	/** Stores the link marker (when the tenant has a link store) and sometimes its Domotz mirror. */
	link(device: DeviceDraft, configuration: ConfigDraft): void {
		configuration.linkTo = { device };
		configuration.quirks.add('linkMarker');
		if (this.every('domotzLinkMirror', 2)) {
			device.mirror = configuration;
			device.quirks.add('domotzLinkMirror');
		}
	}

	/** Gives every draft its id: devices in a shuffled order per agent, configurations globally. */
	finalize(): void {
		const { draw } = this;
		let deviceId = 100_000 + draw.integer(0, 9_999);
		for (const agent of this.agents) {
			agent.devices = draw.shuffled(agent.devices);
			for (const device of agent.devices) {
				deviceId += draw.integer(1, 3);
				device.body.id = deviceId;
			}
		}
		let missingDeviceId = deviceId + 1_000;
		let configurationId = 1_000;
		for (const configuration of draw.shuffled(this.configurations)) {
			configurationId += draw.integer(1, 2);
			configuration.id = configurationId;
			if (configuration.linkTo && 'missingDevice' in configuration.linkTo) {
				missingDeviceId += draw.integer(1, 5);
				configuration.linkTo.missingDevice = missingDeviceId;
			}
		}
		for (const company of this.companies) {
			company.configurations.sort((left, right) => left.id - right.id);
		}
		this.configurations.sort((left, right) => left.id - right.id);
	}
}
