/**
 * One builder per device case: each creates the device(s), the configurations that make the case,
 * and the outcome the default matching rules must reach. Every case keeps its keys to itself
 * (unique serials, MACs and addresses), so no case can change another's outcome.
 */
import {
	BIOS_PROFILE_KINDS,
	FOREIGN_DEVICE_IDENTIFIER_PREFIXES,
	OFF_NETWORK_ASSETS,
	QUOTED_CONFIGURATION_NAMES,
	USABLE_SERIAL_STYLES,
	type HardwareProfile,
	type ProfileKind,
} from './catalogue';
import { MAC_WRITINGS, daysBefore, type MacWriting } from './identifiers';
import type {
	AgentDraft,
	CompanyDraft,
	ConfigDraft,
	DeviceDraft,
	JunkSerial,
	SerialPlan,
	TenantBuilder,
} from './tenant-builder';
import type { ConfigurationQuirk, DeviceCase, DeviceQuirk, DeviceSubtype } from './types';

export interface CaseScope {
	tenant: TenantBuilder;
	agent: AgentDraft;
	company: CompanyDraft;
	/** Forces the hardware of an `unmatched` device. */
	profileKind?: ProfileKind;
}

/** Cases a device of an agent with a company and API access can be built as. */
export type ResolvedCase = Exclude<
	DeviceCase,
	'seenByOtherAgent' | 'unresolvedCompany' | 'unlistable'
>;

interface CaseBuilder {
	/** How many devices one build creates. */
	devices: 1 | 2;
	build(scope: CaseScope): void;
}

const usableSerial = (profile: HardwareProfile) => USABLE_SERIAL_STYLES.has(profile.serialStyle);
const local = (profile: HardwareProfile) => profile.subtypes.includes('local');
const routed = (profile: HardwareProfile) => profile.subtypes.includes('subnet');

/** `twoMacs`: the device's MAC and a second NIC's in one field, comma separated or run together. */
type ConfigurationMac = MacWriting | 'twoMacs' | 'twoMacsJoined';

const MAC_QUIRKS: Record<ConfigurationMac, ConfigurationQuirk | undefined> = {
	colonUpper: undefined,
	colonLower: 'macColonLower',
	dashLower: 'macDashLower',
	dashUpper: 'macDashUpper',
	ciscoDots: 'macCiscoDots',
	bareUpper: 'macBareUpper',
	bareLower: 'macBareLower',
	twoMacs: 'macTwoInOneField',
	twoMacsJoined: 'macTwoInOneField',
};

const ALL_MAC_WRITINGS = Object.keys(MAC_QUIRKS) as ConfigurationMac[];

/** In turn for the `mac` case, so a handful of devices shows every written form. */
const MAC_CASE_WRITINGS: readonly ConfigurationMac[] = [
	'dashLower',
	'ciscoDots',
	'bareUpper',
	'colonLower',
	'twoMacs',
	'dashUpper',
	'bareLower',
	'twoMacsJoined',
];

function writeMac(
	tenant: TenantBuilder,
	configuration: ConfigDraft,
	mac: string,
	writing: ConfigurationMac,
): void {
	const quirk = MAC_QUIRKS[writing];
	if (quirk) configuration.quirks.add(quirk);
	if (writing !== 'twoMacs' && writing !== 'twoMacsJoined') {
		configuration.record.mac = MAC_WRITINGS[writing](mac);
		return;
	}
	const secondNic = MAC_WRITINGS.bareUpper(tenant.unique.mac(mac.slice(0, 8)));
	const pair = tenant.draw.chance(0.5)
		? [MAC_WRITINGS.bareUpper(mac), secondNic]
		: [secondNic, MAC_WRITINGS.bareUpper(mac)];
	configuration.record.mac = pair.join(writing === 'twoMacs' ? ',' : '');
}

function staleAddress(configuration: ConfigDraft): string {
	configuration.quirks.add('staleIp');
	return configuration.company.addresses.next('stale').v4;
}

/** Other keys of the same device, as an RMM or a person would have recorded them, or none. */
function addSameDeviceKeys(tenant: TenantBuilder, configuration: ConfigDraft, device: DeviceDraft) {
	const { draw } = tenant;
	if (device.mac !== undefined && draw.chance(0.55)) {
		writeMac(tenant, configuration, device.mac, draw.pick(ALL_MAC_WRITINGS));
	}
	const ipChoice = draw.integer(1, 100);
	if (ipChoice <= 50 && device.ipAddresses.length > 0)
		configuration.record.ip = device.ipAddresses[0];
	else if (ipChoice <= 65) configuration.record.ip = staleAddress(configuration);
}

function setSerial(device: DeviceDraft, serial: string): void {
	device.serial = serial;
	device.body.details = { ...device.body.details, serial };
}

function pickSubtype(tenant: TenantBuilder, profile: HardwareProfile): DeviceSubtype {
	return profile.subtypes.length > 1 && tenant.every('secondSubtype', 8)
		? profile.subtypes[1]
		: profile.subtypes[0];
}

function localDeviceWithSerial({ tenant, agent }: CaseScope, deviceCase: DeviceCase): DeviceDraft {
	const profile = tenant.pickProfile((candidate) => usableSerial(candidate) && local(candidate));
	return tenant.createDevice(agent, {
		case: deviceCase,
		profile,
		subtype: 'local',
		serial: 'usable',
	});
}

const SERIAL_VARIANTS = {
	deviceTrailingSpace: {
		device: (serial: string) => `${serial}  `,
		configuration: (serial: string) => serial,
		deviceQuirk: 'serialTrailingSpace',
		configurationQuirk: undefined,
	},
	configurationLowerCase: {
		device: (serial: string) => serial,
		configuration: (serial: string) => serial.toLowerCase(),
		deviceQuirk: 'serialCaseDiffers',
		configurationQuirk: 'serialCaseDiffers',
	},
	configurationPadded: {
		device: (serial: string) => serial,
		configuration: (serial: string) => ` ${serial} `,
		deviceQuirk: undefined,
		configurationQuirk: 'serialWhitespace',
	},
	deviceLowerCase: {
		device: (serial: string) => serial.toLowerCase(),
		configuration: (serial: string) => serial,
		deviceQuirk: 'serialCaseDiffers',
		configurationQuirk: 'serialCaseDiffers',
	},
} satisfies Record<
	string,
	{
		device: (serial: string) => string;
		configuration: (serial: string) => string;
		deviceQuirk: DeviceQuirk | undefined;
		configurationQuirk: ConfigurationQuirk | undefined;
	}
>;

type SerialVariant = keyof typeof SERIAL_VARIANTS;

/** What the device reports as serial in the `mac` case; none of it may match by serial. */
type MacCaseSerial =
	| JunkSerial
	| 'placeholderOnBothSides'
	| 'none'
	| 'usableButNotInConnectWise'
	| 'vendorReportsMac';

const MAC_CASE_SERIALS: readonly MacCaseSerial[] = [
	'placeholder',
	'serialIsMac',
	'macLabel',
	'repeatedCharacter',
	'placeholderOnBothSides',
	'none',
	'usableButNotInConnectWise',
	'vendorReportsMac',
];

function macCaseDevice(scope: CaseScope, situation: MacCaseSerial): DeviceDraft {
	const { tenant, agent } = scope;
	const profiles: Record<MacCaseSerial, (profile: HardwareProfile) => boolean> = {
		placeholder: (profile) => BIOS_PROFILE_KINDS.has(profile.kind),
		repeatedCharacter: (profile) => BIOS_PROFILE_KINDS.has(profile.kind),
		placeholderOnBothSides: (profile) => BIOS_PROFILE_KINDS.has(profile.kind),
		serialIsMac: () => true,
		macLabel: () => true,
		none: () => true,
		usableButNotInConnectWise: usableSerial,
		vendorReportsMac: (profile) =>
			profile.serialStyle === 'macBare' || profile.serialStyle === 'macLabel',
	};
	const serials: Record<MacCaseSerial, SerialPlan> = {
		placeholder: { junk: 'placeholder' },
		repeatedCharacter: { junk: 'repeatedCharacter' },
		placeholderOnBothSides: { junk: 'placeholder' },
		serialIsMac: { junk: 'serialIsMac' },
		macLabel: { junk: 'macLabel' },
		none: 'none',
		usableButNotInConnectWise: 'usable',
		vendorReportsMac: 'native',
	};
	const profile = tenant.pickProfile(
		(candidate) => local(candidate) && profiles[situation](candidate),
	);
	return tenant.createDevice(agent, {
		case: 'mac',
		profile,
		subtype: 'local',
		serial: serials[situation],
	});
}

type IpVariant = 'routed' | 'external' | 'routedSecondAddress' | 'routedIpv6';

const IP_VARIANTS: readonly IpVariant[] = [
	'routed',
	'external',
	'routedSecondAddress',
	'routedIpv6',
];

function ipCaseDevice({ tenant, agent }: CaseScope, variant: IpVariant): DeviceDraft {
	if (variant === 'external') {
		const profile = tenant.pickProfile((candidate) => candidate.kind === 'website');
		return tenant.createDevice(agent, { case: 'ip', profile, subtype: 'external', serial: 'none' });
	}
	const profile = tenant.pickProfile(routed);
	const shapes = {
		routed: 'single',
		routedSecondAddress: 'twoIpv4',
		routedIpv6: 'withIpv6',
	} as const;
	return tenant.createDevice(agent, {
		case: 'ip',
		profile,
		subtype: 'subnet',
		serial: 'anything',
		addressShape: shapes[variant],
	});
}

function unmatchedDevice(scope: CaseScope, deviceCase: 'unmatched' | 'hidden' | 'excluded'): void {
	const { tenant, agent, profileKind } = scope;
	const flagged = deviceCase !== 'unmatched';
	const profile = tenant.pickProfile(
		(candidate) =>
			(profileKind === undefined || candidate.kind === profileKind) &&
			(!flagged || local(candidate)),
	);
	tenant.createDevice(agent, {
		case: deviceCase,
		profile,
		subtype: flagged ? 'local' : pickSubtype(tenant, profile),
		serial: 'anything',
		hidden: deviceCase === 'hidden',
		excluded: deviceCase === 'excluded',
	});
}

export const CASE_BUILDERS: Record<ResolvedCase, CaseBuilder> = {
	serial: {
		devices: 1,
		build: ({ tenant, agent, company }) => {
			const profile = tenant.pickProfile(
				(candidate) => usableSerial(candidate) && local(candidate),
			);
			const subtype = routed(profile) && tenant.every('routedSerial', 6) ? 'subnet' : 'local';
			const device = tenant.createDevice(agent, {
				case: 'serial',
				profile,
				subtype,
				serial: 'usable',
			});
			const configuration = tenant.addConfiguration(
				company,
				'serialMatch',
				tenant.recordFor(device, company, { serial: device.serial }),
			);
			addSameDeviceKeys(tenant, configuration, device);
			device.outcome = { expected: 'matched', configuration, matchedBy: 'serial' };
		},
	},
	serialVariant: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const device = localDeviceWithSerial(scope, 'serialVariant');
			const serial = device.serial ?? '';
			const variant: SerialVariant = /[A-Z]/.test(serial)
				? tenant.cycle<SerialVariant>('serialVariant', [
						'deviceTrailingSpace',
						'configurationLowerCase',
						'configurationPadded',
						'deviceLowerCase',
					])
				: 'deviceTrailingSpace';
			const rule = SERIAL_VARIANTS[variant];
			setSerial(device, rule.device(serial));
			if (rule.deviceQuirk) device.quirks.add(rule.deviceQuirk);
			const configuration = tenant.addConfiguration(
				company,
				'serialVariantMatch',
				tenant.recordFor(device, company, { serial: rule.configuration(serial) }),
			);
			if (rule.configurationQuirk) configuration.quirks.add(rule.configurationQuirk);
			device.outcome = { expected: 'matched', configuration, matchedBy: 'serial' };
		},
	},
	mac: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const situation = tenant.cycle('macCaseSerial', MAC_CASE_SERIALS);
			const device = macCaseDevice(scope, situation);
			const onBothSides = situation === 'placeholderOnBothSides';
			const configuration = tenant.addConfiguration(
				company,
				'macMatch',
				tenant.recordFor(device, company, { serial: onBothSides ? device.serial : undefined }),
			);
			if (onBothSides) configuration.quirks.add('placeholderSerial');
			writeMac(
				tenant,
				configuration,
				device.mac ?? '',
				tenant.cycle('macWriting', MAC_CASE_WRITINGS),
			);
			const ipChoice = tenant.draw.integer(1, 100);
			if (ipChoice <= 40) configuration.record.ip = device.ipAddresses[0];
			else if (ipChoice <= 60) configuration.record.ip = staleAddress(configuration);
			device.outcome = { expected: 'matched', configuration, matchedBy: 'mac' };
		},
	},
	ip: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const variant = tenant.cycle('ipVariant', IP_VARIANTS);
			const device = ipCaseDevice(scope, variant);
			const address = variant === 'routedSecondAddress' || variant === 'routedIpv6' ? 1 : 0;
			const configuration = tenant.addConfiguration(
				company,
				'ipMatch',
				tenant.recordFor(device, company, { ip: device.ipAddresses[address] }),
			);
			if (variant === 'routedIpv6') configuration.quirks.add('ipv6Address');
			device.outcome = { expected: 'matched', configuration, matchedBy: 'ip' };
		},
	},
	linked: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const device = localDeviceWithSerial(scope, 'linked');
			const configuration = tenant.addConfiguration(
				company,
				'linked',
				tenant.recordFor(device, company, { serial: device.serial }),
			);
			addSameDeviceKeys(tenant, configuration, device);
			if (tenant.storesLinks) {
				tenant.link(device, configuration);
				device.outcome = { expected: 'linked', configuration, matchedBy: 'link' };
			} else {
				device.outcome = { expected: 'matched', configuration, matchedBy: 'serial' };
			}
		},
	},
	linkedInactive: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const device = localDeviceWithSerial(scope, 'linkedInactive');
			const configuration = tenant.addConfiguration(
				company,
				'linkedInactive',
				tenant.recordFor(device, company, { serial: device.serial }),
				'Inactive',
			);
			if (tenant.storesLinks) {
				tenant.link(device, configuration);
				device.outcome = { expected: 'linked', configuration, matchedBy: 'link' };
			}
		},
	},
	linkedStaleKeys: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const device = localDeviceWithSerial(scope, 'linkedStaleKeys');
			// The serial before a mainboard swap, and the address before a re-IP.
			const configuration = tenant.addConfiguration(
				company,
				'linkedStaleKeys',
				tenant.recordFor(device, company, { serial: tenant.freshSerial(device.profile) }),
			);
			configuration.record.ip = staleAddress(configuration);
			if (tenant.storesLinks) {
				tenant.link(device, configuration);
				device.outcome = { expected: 'linked', configuration, matchedBy: 'link' };
			}
		},
	},
	ambiguousSerial: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const device = localDeviceWithSerial(scope, 'ambiguousSerial');
			const serial = device.serial ?? '';
			const original = tenant.addConfiguration(
				company,
				'ambiguousSerial',
				tenant.recordFor(device, company, { serial, mac: device.mac }),
			);
			const copiedSerial =
				tenant.every('ambiguousLowerCase', 2) && /[A-Z]/.test(serial)
					? serial.toLowerCase()
					: serial;
			const copy = tenant.addConfiguration(company, 'ambiguousSerial', {
				...tenant.recordFor(device, company, { serial: copiedSerial }),
				name: `${device.hostName} (copy)`,
			});
			// Matches by IP alone: only reached if the serial ambiguity wrongly fell through.
			tenant.addConfiguration(
				company,
				'ipDecoy',
				tenant.recordFor(device, company, { ip: device.ipAddresses[0] }),
			);
			device.outcome = { expected: 'ambiguous', matchedBy: 'serial', candidates: [original, copy] };
		},
	},
	ambiguousMac: {
		devices: 2,
		build: ({ tenant, agent, company }) => {
			const profile = tenant.pickProfile(
				(candidate) => candidate.kind === 'virtualMachine' && candidate.serialStyle === 'none',
			);
			const serial = tenant.cycle<SerialPlan>('cloneSerial', ['none', { junk: 'placeholder' }]);
			const original = tenant.createDevice(agent, {
				case: 'ambiguousMac',
				profile,
				subtype: 'local',
				serial,
			});
			const clone = tenant.createDevice(agent, {
				case: 'ambiguousMac',
				profile,
				subtype: 'local',
				serial,
				sameMacAs: original,
			});
			const configuration = tenant.addConfiguration(
				company,
				'ambiguousMac',
				tenant.recordFor(original, company, {}),
			);
			writeMac(tenant, configuration, original.mac ?? '', tenant.draw.pick(ALL_MAC_WRITINGS));
			for (const device of [original, clone]) {
				device.quirks.add('sharedMac');
				device.outcome = { expected: 'ambiguous', matchedBy: 'mac', candidates: [configuration] };
			}
		},
	},
	inactiveMatch: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const device = localDeviceWithSerial(scope, 'inactiveMatch');
			const configuration = tenant.addConfiguration(
				company,
				'inactiveMatch',
				tenant.recordFor(device, company, { serial: device.serial }),
				'Inactive',
			);
			addSameDeviceKeys(tenant, configuration, device);
		},
	},
	linkLocalIp: {
		devices: 1,
		build: ({ tenant, agent, company }) => {
			const apipa = tenant.cycle('linkLocalVariant', [true, false]);
			const profile = tenant.pickProfile((candidate) =>
				apipa ? candidate.kind === 'printer' : local(candidate),
			);
			const device = tenant.createDevice(agent, {
				case: 'linkLocalIp',
				profile,
				subtype: 'local',
				serial: 'anything',
				addressShape: apipa ? 'apipa' : 'withLinkLocalV6',
			});
			const configuration = tenant.addConfiguration(
				company,
				'linkLocalIp',
				tenant.recordFor(device, company, { ip: device.ipAddresses[apipa ? 0 : 1] }),
			);
			configuration.quirks.add('linkLocalAddress');
		},
	},
	serialInOtherCompany: {
		devices: 1,
		build: (scope) => {
			const { tenant, company } = scope;
			const other = tenant.otherCompanyThan(company);
			const device = localDeviceWithSerial(scope, 'serialInOtherCompany');
			if (other === undefined) return;
			tenant.addConfiguration(
				other,
				'otherCompanySerial',
				tenant.recordFor(device, other, { serial: device.serial }),
			);
		},
	},
	unmatched: { devices: 1, build: (scope) => unmatchedDevice(scope, 'unmatched') },
	hidden: { devices: 1, build: (scope) => unmatchedDevice(scope, 'hidden') },
	excluded: { devices: 1, build: (scope) => unmatchedDevice(scope, 'excluded') },
};

export interface PlannedCase {
	case: ResolvedCase;
	profileKind?: ProfileKind;
}

/**
 * Built first on every agent with a company and API access (as far as its device count allows),
 * most telling first: enough of each for every variant to appear in a small tenant.
 */
export const SPECIAL_CASES: readonly PlannedCase[] = [
	{ case: 'serial' },
	{ case: 'mac' },
	{ case: 'ip' },
	{ case: 'linked' },
	{ case: 'ambiguousSerial' },
	{ case: 'ambiguousMac' },
	{ case: 'inactiveMatch' },
	{ case: 'serialVariant' },
	{ case: 'linkedInactive' },
	{ case: 'linkedStaleKeys' },
	{ case: 'linkLocalIp' },
	{ case: 'serialInOtherCompany' },
	{ case: 'hidden' },
	{ case: 'excluded' },
	{ case: 'unmatched', profileKind: 'pduOutlet' },
	{ case: 'unmatched', profileKind: 'website' },
	{ case: 'unmatched', profileKind: 'smartTv' },
	{ case: 'unmatched', profileKind: 'virtualMachine' },
	...Array.from({ length: 7 }, (): PlannedCase => ({ case: 'mac' })),
	...Array.from({ length: 3 }, (): PlannedCase => ({ case: 'serialVariant' })),
	...Array.from({ length: 3 }, (): PlannedCase => ({ case: 'ip' })),
	{ case: 'linkLocalIp' },
	{ case: 'linked' },
];

/** The rest of a customer network: mostly plain matches and devices nobody recorded. */
export const FILLER_CASES: ReadonlyArray<{ case: ResolvedCase; weight: number }> = [
	{ case: 'serial', weight: 30 },
	{ case: 'serialVariant', weight: 2 },
	{ case: 'mac', weight: 13 },
	{ case: 'ip', weight: 4 },
	{ case: 'linked', weight: 10 },
	{ case: 'linkedInactive', weight: 1 },
	{ case: 'linkedStaleKeys', weight: 1 },
	{ case: 'ambiguousSerial', weight: 1 },
	{ case: 'ambiguousMac', weight: 1 },
	{ case: 'inactiveMatch', weight: 2 },
	{ case: 'linkLocalIp', weight: 1 },
	{ case: 'serialInOtherCompany', weight: 1 },
	{ case: 'unmatched', weight: 32 },
	{ case: 'hidden', weight: 1 },
	{ case: 'excluded', weight: 1 },
];

/** The same physical device as `source` (a switch in a shared building), seen by a second agent. */
export function buildSeenByOtherAgent({ tenant, agent }: CaseScope, source: DeviceDraft): void {
	const device = tenant.createDevice(agent, {
		case: 'seenByOtherAgent',
		profile: source.profile,
		subtype: 'local',
		serial: 'none',
		sameHardwareAs: source,
	});
	device.quirks.add('seenByTwoAgents');
	source.quirks.add('seenByTwoAgents');
}

/** Any device of an agent without company (`unresolvedCompany`) or API access (`unlistable`). */
export function buildUnpairableDevice(
	tenant: TenantBuilder,
	agent: AgentDraft,
	deviceCase: 'unresolvedCompany' | 'unlistable',
): void {
	const profile = tenant.pickProfile(() => true);
	const device = tenant.createDevice(agent, {
		case: deviceCase,
		profile,
		subtype: pickSubtype(tenant, profile),
		serial: 'anything',
	});
	device.outcome = { expected: deviceCase };
	const company = agent.company;
	// The PSA knows these devices; the sync just cannot see them.
	if (
		deviceCase === 'unlistable' &&
		company &&
		usableSerial(profile) &&
		device.serial &&
		tenant.draw.chance(0.6)
	) {
		tenant.addConfiguration(
			company,
			'unlistableAgent',
			tenant.recordFor(device, company, { serial: device.serial, mac: device.mac }),
		);
	}
}

/** Decommissioned and off-network records, and links to devices Domotz no longer has. */
export function addLeftoverConfigurations(
	tenant: TenantBuilder,
	company: CompanyDraft,
	count: number,
): void {
	const { draw } = tenant;
	for (let index = 0; index < count; index += 1) {
		if (index % 2 === 0) {
			addDecommissioned(tenant, company);
			continue;
		}
		const asset =
			index === 1
				? tenant.cycle('quotedName', QUOTED_CONFIGURATION_NAMES)
				: tenant.cycle('offNetwork', OFF_NETWORK_ASSETS);
		const configuration = tenant.addConfiguration(company, 'offNetwork', {
			name: asset.name,
			type: asset.type,
			manufacturer: asset.manufacturer,
			serial: asset.type === 'Software License' ? undefined : tenant.freshSerial(),
			site: draw.pick(company.sites),
			installedAt: daysBefore(draw, 60, 1800),
			updatedAt: daysBefore(draw, 1, 59),
		});
		if (tenant.every('foreignDeviceIdentifier', 3)) {
			configuration.record.deviceIdentifier = `${draw.pick(FOREIGN_DEVICE_IDENTIFIER_PREFIXES)}${draw.integer(100_000, 999_999)}`;
			configuration.quirks.add('foreignDeviceIdentifier');
		}
	}
	const agent = company.agents.find((candidate) => candidate.role !== 'apiDisabled');
	if (tenant.storesLinks && agent) {
		const configuration = tenant.addConfiguration(
			company,
			'linkToMissingDevice',
			tenant.recordWithoutDevice(company, tenant.pickProfile(usableSerial)),
		);
		configuration.linkTo = { agent, missingDevice: 0 };
		configuration.quirks.add('linkMarker');
	}
}

function addDecommissioned(tenant: TenantBuilder, company: CompanyDraft): void {
	const profile = tenant.pickProfile((candidate) => usableSerial(candidate) && local(candidate));
	const configuration = tenant.addConfiguration(
		company,
		'decommissioned',
		tenant.recordWithoutDevice(company, profile),
		'Decommissioned',
	);
	if (tenant.every('zeroMac', 4)) {
		configuration.record.mac = '00:00:00:00:00:00';
		configuration.quirks.add('zeroMac');
	}
}

/** Ordinary records of a customer that has no Domotz agent; a few of them inactive. */
export function addCompanyWithoutAgentConfigurations(
	tenant: TenantBuilder,
	company: CompanyDraft,
	count: number,
): void {
	for (let index = 0; index < count; index += 1) {
		const profile = tenant.pickProfile(usableSerial);
		tenant.addConfiguration(
			company,
			'noAgent',
			tenant.recordWithoutDevice(company, profile),
			tenant.every('noAgentInactive', 5) ? 'Inactive' : 'Active',
		);
	}
}
