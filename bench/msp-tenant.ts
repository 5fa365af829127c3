/**
 * The benchmark's MSP on both sides: one ConnectWise company per Domotz agent (found by the
 * agent's Customer ID), holding what real inventories hold: placeholder serials, MACs in every
 * notation, devices without a MAC, cloned VMs that share a serial, configurations entered twice,
 * vendors ConnectWise does not know yet, names and models longer than ConnectWise allows, and
 * leftover configurations no device matches. Each device is built for one outcome (its role), in
 * exact shares per agent, and no device's keys reach another device's configuration unless its
 * role puts them there, so each device has exactly the outcome it was built for; the same
 * scenario always gives the same bytes.
 */

import { configurationFieldLimits } from '../lib/connectwise/limits';
import type { SyncFieldKey } from '../lib/fields/sync-fields';
import type { ConnectWiseSeed, ConfigurationSeed } from '../test/simulators/connectwise';
import { defaultSeed as connectWiseDefaults } from '../test/simulators/connectwise';
import type { AgentDetail, Device, DomotzSeed } from '../test/simulators/domotz';
import { placeholderSerials } from '../lib/match';
import { anyMacWriting, macOfHex, placeholderSerial } from './messy-keys';
import { seededRandom, shuffle, type Random } from './random';
import { quirkShares, shares, type Scenario } from './scenarios';

/**
 * What a device is built for: matched by its serial, its MAC or its IP (and linked by the first
 * sync), created, or one of several that no key tells apart.
 */
export type DeviceRole = 'serial' | 'mac' | 'ip' | 'unmatched' | 'cloned' | 'duplicated';

export type DeviceOutcome = 'linked' | 'created' | 'ambiguous';

/** The outcome each role is built for. */
export const outcomeOf: Readonly<Record<DeviceRole, DeviceOutcome>> = {
	serial: 'linked',
	mac: 'linked',
	ip: 'linked',
	unmatched: 'created',
	/** Cloned VMs: one serial on several devices and on their configurations. */
	cloned: 'ambiguous',
	/** Its configuration was entered twice: two configurations carry its serial. */
	duplicated: 'ambiguous',
};

/** What makes a device harder to match or to write, without changing its outcome. */
export type DeviceQuirk =
	| 'placeholderSerial'
	| 'withoutMac'
	| 'unknownManufacturer'
	| 'overLongName'
	| 'overLongModel';

/** The synced fields a stale configuration may differ in. */
export type StaleField = 'name' | 'modelNumber' | 'osInfo';

export interface PlannedDevice {
	agentId: number;
	deviceId: number;
	companyId: number;
	role: DeviceRole;
	/** Fields whose configuration value is stale (empty unless matched and differing). */
	staleFields: StaleField[];
	quirks: DeviceQuirk[];
}

/** What the runner keeps of a tenant: its plan, without the seeds the simulators load. */
export interface TenantPlan {
	agents: number;
	devices: PlannedDevice[];
	companyIds: number[];
	/** Configurations of the agents' companies before the first sync. */
	configurationCount: number;
	/** The same, per company, in the order of `companyIds`. */
	configurationsByCompany: number[];
	manufacturerCount: number;
	linkCaption: string;
	defaultTypeId: number;
	activeStatusId: number;
}

export interface BenchTenant extends TenantPlan {
	domotz: DomotzSeed;
	connectwise: ConnectWiseSeed;
}

/** The plan alone, so that the runner's process does not hold the seeds while it measures. */
export function planOf(tenant: BenchTenant): TenantPlan {
	return {
		agents: tenant.agents,
		devices: tenant.devices,
		companyIds: tenant.companyIds,
		configurationCount: tenant.configurationCount,
		configurationsByCompany: tenant.configurationsByCompany,
		manufacturerCount: tenant.manufacturerCount,
		linkCaption: tenant.linkCaption,
		defaultTypeId: tenant.defaultTypeId,
		activeStatusId: tenant.activeStatusId,
	};
}

export const LINK_CAPTION = 'Domotz Link';
const LINK_FIELD_ID = 41;
const ACTIVE_STATUS = 1;
const INACTIVE_STATUS = 2;
const NETWORK_DEVICE_TYPE = 3;
const BASE_TIME = '2025-06-01T12:00:00+00:00';

interface Hardware {
	vendor: string;
	model: string;
	osName: string;
	osVersion: string;
}

/** As Domotz reports it. */
const hardware: readonly Hardware[] = [
	{ vendor: 'Cisco', model: 'C9200L-24P', osName: 'IOS XE', osVersion: '17.9.4' },
	{ vendor: 'Ubiquiti', model: 'U6-Pro', osName: 'UniFi OS', osVersion: '6.6.55' },
	{ vendor: 'HP', model: 'EliteDesk 800 G6', osName: 'Windows', osVersion: '10.0.19045' },
	{ vendor: 'Dell', model: 'OptiPlex 7090', osName: 'Windows', osVersion: '10.0.22631' },
	{ vendor: 'Axis', model: 'P3265-LVE', osName: 'AXIS OS', osVersion: '11.8.64' },
	{ vendor: 'Synology', model: 'DS920+', osName: 'DSM', osVersion: '7.2.1' },
	{ vendor: 'Fortinet', model: 'FortiGate 60F', osName: 'FortiOS', osVersion: '7.2.8' },
	{ vendor: 'Lenovo', model: 'ThinkCentre M70q', osName: 'Windows', osVersion: '10.0.22621' },
	{ vendor: 'Hikvision', model: 'DS-2CD2143G2-I', osName: 'Linux', osVersion: '5.7.3' },
	{ vendor: 'Yealink', model: 'SIP-T54W', osName: 'Yealink OS', osVersion: '96.86.0.45' },
];

/**
 * Vendors nobody has entered in ConnectWise yet. The node creates no manufacturer unless asked,
 * so their devices' configurations go on without one, and every run looks the vendor up again.
 */
export const unknownVendors: ReadonlySet<string> = new Set(['Hikvision', 'Yealink']);

/**
 * The fields the tenant holds values too long for, which the benchmark's runs shorten (the
 * node's Truncate option) rather than leave out.
 */
export const overLongFields: readonly SyncFieldKey[] = ['name', 'modelNumber'];

/** No spaces: cut at ConnectWise's limit, the value is what the engine's shortening writes. */
const LONG_NAME_SUFFIX =
	'floor-3-east-wing.building-b.branch-office-north.customer-network.managed-by-the-msp.example.internal';
const LONG_MODEL_SUFFIX = '-BUNDLE-WITH-5Y-NEXT-BUSINESS-DAY-SUPPORT-AND-ADVANCED-LICENSE';

const fitted = (value: string, field: 'name' | 'modelNumber') =>
	value.slice(0, configurationFieldLimits[field]);

const agentIdOf = (index: number) => 9_000 + index;
const companyIdOf = (index: number) => 500 + index;
const identifierOf = (index: number) => `MSP${String(index).padStart(3, '0')}`;

interface Draft {
	role: DeviceRole;
	stale: boolean;
	/** The cloned devices of one template share it, per agent. */
	cloneGroup?: number;
}

/** Cloned VMs per template; the last template of an agent takes the remainder. */
const CLONES_PER_TEMPLATE = 3;

/** A serial is shared by two devices at least: fewer clones than that are none. */
function cloneCount(count: number): number {
	const clones = Math.round(count * shares.cloned);
	return clones >= 2 ? clones : 0;
}

function cloneDrafts(clones: number): Draft[] {
	const groups = Math.max(1, Math.floor(clones / CLONES_PER_TEMPLATE));
	return Array.from({ length: clones }, (_, index) => ({
		role: 'cloned' as const,
		stale: false,
		cloneGroup: Math.min(Math.floor(index / CLONES_PER_TEMPLATE), groups - 1),
	}));
}

/**
 * Exactly `round(share × count)` of each role (and of stale matches) per agent, seeded order;
 * no clones where that makes fewer than two.
 */
function draftsFor(count: number, random: Random): Draft[] {
	const unmatched = Math.round(count * shares.unmatched);
	const clones = cloneCount(count);
	const duplicated = Math.round(count * shares.duplicated);
	const matched = count - unmatched - clones - duplicated;
	const bySerial = Math.round(matched * shares.matchedBy.serial);
	const byMac = Math.round(matched * shares.matchedBy.mac);
	const matchedRoles = shuffle(
		[
			...Array<DeviceRole>(bySerial).fill('serial'),
			...Array<DeviceRole>(byMac).fill('mac'),
			...Array<DeviceRole>(matched - bySerial - byMac).fill('ip'),
		],
		random,
	);
	const stale = Math.round(matched * shares.differing);
	const drafts: Draft[] = [
		...matchedRoles.map((role, index) => ({ role, stale: index < stale })),
		...Array.from({ length: unmatched }, () => ({ role: 'unmatched' as const, stale: false })),
		...cloneDrafts(clones),
		...Array.from({ length: duplicated }, () => ({ role: 'duplicated' as const, stale: false })),
	];
	return shuffle(drafts, random);
}

/** Hosts per /24 used by `address`: never the network (.0) nor the broadcast (.255) address. */
const HOSTS_PER_SUBNET = 200;

/** A valid, unique host address: the `index`-th host of network `first.second.0.0/16`. */
function address(first: number, second: number, index: number): string {
	const third = 1 + Math.floor(index / HOSTS_PER_SUBNET);
	if (third > 255) throw new RangeError(`no address for host ${index} of ${first}.${second}/16`);
	return `${first}.${second}.${third}.${1 + (index % HOSTS_PER_SUBNET)}`;
}

interface UniqueKeys {
	serial: string;
	/** `AA:BB:CC:DD:EE:FF`; each side writes it in a notation of its own. */
	mac: string;
	ip: string;
}

/** Unique keys from one counter: a serial, a MAC and an address per device. */
function keysOf(serialNumber: number, network: [number, number], hostIndex: number): UniqueKeys {
	return {
		serial: `BN${serialNumber.toString(36).toUpperCase().padStart(8, '0')}`,
		mac: macOfHex((0x02_00_00_00_00_00 + serialNumber).toString(16).padStart(12, '0')),
		ip: address(network[0], network[1], hostIndex),
	};
}

/** The BIOS serial VMware gives a VM, which its clones keep: one per template of an agent. */
function vmwareSerial(agentIndex: number, template: number): string {
	const pairs = (agentIndex * 1_000 + template).toString(16).padStart(16, '0').match(/../g) ?? [];
	return `VMware-42 ${pairs.slice(0, 8).join(' ')}-${pairs.slice(8).join(' ')}`;
}

/** The keys as each side holds them: the device's, and those of each configuration built for it. */
interface KeysOnBothSides {
	device: { serial?: string; mac?: string };
	configurations: Array<{ serialNumber?: string; macAddress?: string }>;
}

interface KeyContext {
	keys: UniqueKeys;
	random: Random;
	/** The serial of the device's clone template (cloned devices only). */
	clonedSerial?: string;
}

/** What a device without a usable serial holds: a placeholder, or nothing. */
function noUsableSerial(random: Random): string | undefined {
	return random.next() < quirkShares.placeholderSerial ? placeholderSerial(random) : undefined;
}

/** The device's MAC in a notation drawn for it; none for a share of the devices. */
function macOrNone({ keys, random }: KeyContext): string | undefined {
	return random.next() < quirkShares.withoutMac ? undefined : anyMacWriting(keys.mac, random);
}

/** How each role's keys are written on both sides, so that it reaches exactly its outcome. */
const keysByRole: Readonly<Record<DeviceRole, (context: KeyContext) => KeysOnBothSides>> = {
	serial: (context) => {
		const { keys, random } = context;
		const mac = macOrNone(context);
		// ConnectWise compares text without case; the engine reads serials without it too.
		const written =
			random.next() < quirkShares.lowerCaseSerial ? keys.serial.toLowerCase() : keys.serial;
		return {
			device: { serial: keys.serial, mac },
			configurations: [
				{ serialNumber: written, macAddress: mac && anyMacWriting(keys.mac, random) },
			],
		};
	},
	mac: ({ keys, random }) => ({
		device: { serial: noUsableSerial(random), mac: anyMacWriting(keys.mac, random) },
		configurations: [
			{ serialNumber: noUsableSerial(random), macAddress: anyMacWriting(keys.mac, random) },
		],
	}),
	// Seen through a router: Domotz has no MAC, though ConnectWise may have recorded one.
	ip: ({ keys, random }) => ({
		device: { serial: noUsableSerial(random) },
		configurations: [
			{
				serialNumber: noUsableSerial(random),
				macAddress:
					random.next() < quirkShares.macOfRoutedDevices
						? anyMacWriting(keys.mac, random)
						: undefined,
			},
		],
	}),
	unmatched: (context) => ({
		device: {
			serial:
				context.random.next() < quirkShares.serialOnNewDevices
					? context.keys.serial
					: noUsableSerial(context.random),
			mac: macOrNone(context),
		},
		configurations: [],
	}),
	cloned: ({ keys, random, clonedSerial }) => ({
		device: { serial: clonedSerial, mac: anyMacWriting(keys.mac, random) },
		configurations: [{ serialNumber: clonedSerial, macAddress: anyMacWriting(keys.mac, random) }],
	}),
	duplicated: ({ keys, random }) => ({
		device: { serial: keys.serial, mac: anyMacWriting(keys.mac, random) },
		configurations: [
			{ serialNumber: keys.serial, macAddress: anyMacWriting(keys.mac, random) },
			{ serialNumber: keys.serial },
		],
	}),
};

const placeholders: ReadonlySet<string> = new Set(placeholderSerials);

function keyQuirks(device: KeysOnBothSides['device']): DeviceQuirk[] {
	return [
		...(device.serial !== undefined && placeholders.has(device.serial)
			? (['placeholderSerial'] as const)
			: []),
		...(device.mac === undefined ? (['withoutMac'] as const) : []),
	];
}

/** Stale values differ from the device's even where ConnectWise's limit cuts them. */
const staleValues: Record<StaleField, (value: string) => string> = {
	name: (value) => fitted(`old-${value}`, 'name'),
	modelNumber: (value) => fitted(`previous-${value}`, 'modelNumber'),
	osInfo: () => '9.0.0',
};

function pickStaleFields(random: Random): StaleField[] {
	const fields = shuffle<StaleField>(['name', 'modelNumber', 'osInfo'], random);
	return fields.slice(0, 1 + random.integer(3)).sort();
}

/** The name and model Domotz reports, too long for ConnectWise for a share of the devices. */
function namesOf(
	base: { name: string; model: string },
	random: Random,
): { name: string; model: string; quirks: DeviceQuirk[] } {
	const longName = random.next() < quirkShares.overLongName;
	const longModel = random.next() < quirkShares.overLongModel;
	return {
		name: longName ? `${base.name}.${LONG_NAME_SUFFIX}` : base.name,
		model: longModel ? `${base.model}${LONG_MODEL_SUFFIX}` : base.model,
		quirks: [
			...(longName ? (['overLongName'] as const) : []),
			...(longModel ? (['overLongModel'] as const) : []),
		],
	};
}

export function buildBenchTenant(scenario: Scenario): BenchTenant {
	const random = seededRandom(scenario.seed);
	const agents: AgentDetail[] = [];
	const devicesByAgent: Record<string, Device[]> = {};
	const configurations: ConfigurationSeed[] = [];
	const planned: PlannedDevice[] = [];
	const companies = connectWiseDefaults().companies ?? [];
	let keyCounter = scenario.seed * 100_000;
	let configurationId = 100_000;

	for (let agentIndex = 1; agentIndex <= scenario.agents; agentIndex += 1) {
		const agentId = agentIdOf(agentIndex);
		const companyId = companyIdOf(agentIndex);
		companies.push({
			id: companyId,
			identifier: identifierOf(agentIndex),
			name: `Customer ${agentIndex}`,
			status: { id: 1, name: 'Active' },
			types: [{ id: 1, name: 'Client' }],
			deletedFlag: false,
		});
		agents.push({
			id: agentId,
			display_name: `Customer ${agentIndex} HQ`,
			creation_time: BASE_TIME,
			access_right: { api_enabled: true, status: 'OWNED' },
			installation_info: { customer_id: identifierOf(agentIndex) },
			status: { value: 'ONLINE', last_change: BASE_TIME },
		});
		const devices: Device[] = [];
		draftsFor(scenario.devicesPerAgent, random).forEach(
			({ role, stale, cloneGroup }, deviceIndex) => {
				keyCounter += 1;
				const deviceId = 1_000 + deviceIndex;
				const keys = keysOf(keyCounter, [10, agentIndex], deviceIndex);
				const { vendor, model: baseModel, osName, osVersion } = random.pick(hardware);
				const {
					name,
					model,
					quirks: lengthQuirks,
				} = namesOf(
					{
						name: `${baseModel.split(' ')[0].toLowerCase()}-${agentIndex}-${deviceIndex}`,
						model: baseModel,
					},
					random,
				);
				const sides = keysByRole[role]({
					keys,
					random,
					...(cloneGroup === undefined
						? {}
						: { clonedSerial: vmwareSerial(agentIndex, cloneGroup) }),
				});
				const knownVendor = !unknownVendors.has(vendor);
				devices.push({
					id: deviceId,
					display_name: name,
					protocol: 'IP',
					first_seen_on: BASE_TIME,
					importance: 'FLOATING',
					status: 'ONLINE',
					ip_addresses: [keys.ip],
					vendor,
					model,
					os: { name: osName, version: osVersion },
					type: { id: 1, label: 'Network device' },
					...(sides.device.mac === undefined ? {} : { hw_address: sides.device.mac }),
					...(sides.device.serial === undefined
						? {}
						: { details: { serial: sides.device.serial } }),
				});
				const staleFields = stale ? pickStaleFields(random) : [];
				planned.push({
					agentId,
					deviceId,
					companyId,
					role,
					staleFields,
					quirks: [
						...keyQuirks(sides.device),
						...lengthQuirks,
						...(knownVendor ? [] : (['unknownManufacturer'] as const)),
					],
				});
				const reported: Record<StaleField, string> = {
					name,
					modelNumber: model,
					osInfo: osVersion,
				};
				const current: Record<StaleField, string> = {
					name: fitted(name, 'name'),
					modelNumber: fitted(model, 'modelNumber'),
					osInfo: osVersion,
				};
				for (const field of staleFields) current[field] = staleValues[field](reported[field]);
				for (const { serialNumber, macAddress } of sides.configurations) {
					configurationId += 1;
					configurations.push({
						id: configurationId,
						name: current.name,
						type: { id: NETWORK_DEVICE_TYPE },
						company: { id: companyId },
						status: { id: ACTIVE_STATUS },
						activeFlag: true,
						modelNumber: current.modelNumber,
						...(knownVendor ? { manufacturer: { name: vendor } } : {}),
						osType: osName,
						osInfo: current.osInfo,
						ipAddress: keys.ip,
						...(macAddress === undefined ? {} : { macAddress }),
						...(serialNumber === undefined ? {} : { serialNumber }),
					});
				}
			},
		);
		devicesByAgent[String(agentId)] = devices;
	}

	const leftovers = scenario.configurations - configurations.length;
	if (leftovers < 0)
		throw new RangeError(`${scenario.name}: fewer configurations than devices' own`);
	for (let index = 0; index < leftovers; index += 1) {
		keyCounter += 1;
		const agentIndex = 1 + (index % scenario.agents);
		// Leftovers live in 172.x: no device of any agent has their addresses.
		const keys = keysOf(keyCounter, [172, agentIndex], Math.floor(index / scenario.agents));
		const active = random.next() >= shares.inactiveLeftovers;
		const serialNumber =
			random.next() < quirkShares.placeholderOnLeftovers ? placeholderSerial(random) : keys.serial;
		configurationId += 1;
		configurations.push({
			id: configurationId,
			name: `retired-${agentIndex}-${index}`,
			type: { id: NETWORK_DEVICE_TYPE },
			company: { id: companyIdOf(agentIndex) },
			status: { id: active ? ACTIVE_STATUS : INACTIVE_STATUS },
			activeFlag: active,
			serialNumber,
			macAddress: anyMacWriting(keys.mac, random),
			ipAddress: keys.ip,
		});
	}

	const base = connectWiseDefaults();
	const companyIds = Array.from({ length: scenario.agents }, (_, index) => companyIdOf(index + 1));
	const perCompany = new Map<number | undefined, number>();
	for (const { company } of configurations) {
		perCompany.set(company.id, (perCompany.get(company.id) ?? 0) + 1);
	}
	const manufacturers = hardware
		.filter(({ vendor }) => !unknownVendors.has(vendor))
		.map(({ vendor }, index) => ({ id: index + 1, name: vendor }));
	return {
		agents: scenario.agents,
		domotz: { agents, devices: devicesByAgent },
		connectwise: {
			...base,
			companies,
			manufacturers,
			userDefinedFields: [
				{
					id: LINK_FIELD_ID,
					caption: LINK_CAPTION,
					fieldTypeIdentifier: 'Text',
					sequenceNumber: 1,
				},
			],
			configurations: configurations.sort((a, b) => (a.id ?? 0) - (b.id ?? 0)),
		},
		devices: planned,
		companyIds,
		configurationCount: configurations.length,
		configurationsByCompany: companyIds.map((companyId) => perCompany.get(companyId) ?? 0),
		manufacturerCount: manufacturers.length,
		linkCaption: LINK_CAPTION,
		defaultTypeId: NETWORK_DEVICE_TYPE,
		activeStatusId: ACTIVE_STATUS,
	};
}

/** The devices renamed before the last run: an exact share, spread over the agents by the seed. */
export function devicesToRename(tenant: TenantPlan, scenario: Scenario): PlannedDevice[] {
	const random = seededRandom(scenario.seed + 1);
	const count = Math.round(tenant.devices.length * shares.changedBeforeLastRun);
	return shuffle([...tenant.devices], random).slice(0, count);
}
