/**
 * The benchmark's MSP on both sides: one ConnectWise company per Domotz agent (found by the
 * agent's Customer ID), devices of which exact shares are matched by serial, MAC or IP, unmatched
 * (to be created) or matched with stale fields, and leftover configurations no device matches.
 * Every key is unique, so each device has exactly the outcome it was built for; the same
 * scenario always gives the same bytes.
 */

import type { ConnectWiseSeed, ConfigurationSeed } from '../test/simulators/connectwise';
import { defaultSeed as connectWiseDefaults } from '../test/simulators/connectwise';
import type { AgentDetail, Device, DomotzSeed } from '../test/simulators/domotz';
import { seededRandom, type Random } from './random';
import { shares, type Scenario } from './scenarios';

export type DeviceRole = 'serial' | 'mac' | 'ip' | 'unmatched';

/** The synced fields a stale configuration may differ in. */
export type StaleField = 'name' | 'modelNumber' | 'osInfo';

export interface PlannedDevice {
	agentId: number;
	deviceId: number;
	companyId: number;
	role: DeviceRole;
	/** Fields whose configuration value is stale (empty unless matched and differing). */
	staleFields: StaleField[];
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

/** Vendor, model, operating system and firmware, as Domotz reports them. */
const hardware: ReadonlyArray<[string, string, string, string]> = [
	['Cisco', 'C9200L-24P', 'IOS XE', '17.9.4'],
	['Ubiquiti', 'U6-Pro', 'UniFi OS', '6.6.55'],
	['HP', 'EliteDesk 800 G6', 'Windows', '10.0.19045'],
	['Dell', 'OptiPlex 7090', 'Windows', '10.0.22631'],
	['Axis', 'P3265-LVE', 'AXIS OS', '11.8.64'],
	['Synology', 'DS920+', 'DSM', '7.2.1'],
	['Fortinet', 'FortiGate 60F', 'FortiOS', '7.2.8'],
	['Lenovo', 'ThinkCentre M70q', 'Windows', '10.0.22621'],
];

const agentIdOf = (index: number) => 9_000 + index;
const companyIdOf = (index: number) => 500 + index;
const identifierOf = (index: number) => `MSP${String(index).padStart(3, '0')}`;

function shuffle<Item>(items: Item[], random: Random): Item[] {
	for (let index = items.length - 1; index > 0; index -= 1) {
		const other = random.integer(index + 1);
		[items[index], items[other]] = [items[other], items[index]];
	}
	return items;
}

interface Draft {
	role: DeviceRole;
	stale: boolean;
}

/** Exactly `round(share × count)` of each role (and of stale matches) per agent, seeded order. */
function draftsFor(count: number, random: Random): Draft[] {
	const unmatched = Math.round(count * shares.unmatched);
	const matched = count - unmatched;
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

/** Unique keys from one counter: a serial, a MAC and an address per device. */
function keysOf(serialNumber: number, network: [number, number], hostIndex: number) {
	const mac = (0x02_00_00_00_00_00 + serialNumber).toString(16).padStart(12, '0');
	return {
		serial: `BN${serialNumber.toString(36).toUpperCase().padStart(8, '0')}`,
		mac: mac.replace(/(..)(?!$)/g, '$1:').toUpperCase(),
		ip: address(network[0], network[1], hostIndex),
	};
}

const staleValues: Record<StaleField, (value: string) => string> = {
	name: (value) => `${value}-old`,
	modelNumber: (value) => `${value} (previous)`,
	osInfo: () => '9.0.0',
};

function pickStaleFields(random: Random): StaleField[] {
	const fields = shuffle<StaleField>(['name', 'modelNumber', 'osInfo'], random);
	return fields.slice(0, 1 + random.integer(3)).sort();
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
	const matchedPerAgent =
		scenario.devicesPerAgent - Math.round(scenario.devicesPerAgent * shares.unmatched);
	const leftovers = scenario.configurations - matchedPerAgent * scenario.agents;
	if (leftovers < 0) throw new RangeError(`${scenario.name}: fewer configurations than matches`);

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
		draftsFor(scenario.devicesPerAgent, random).forEach(({ role, stale }, deviceIndex) => {
			keyCounter += 1;
			const deviceId = 1_000 + deviceIndex;
			const keys = keysOf(keyCounter, [10, agentIndex], deviceIndex);
			const [vendor, model, osName, osVersion] = random.pick(hardware);
			const name = `${model.split(' ')[0].toLowerCase()}-${agentIndex}-${deviceIndex}`;
			const hasSerial = role === 'serial' || role === 'unmatched';
			const hasMac = role !== 'ip';
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
				...(hasMac ? { hw_address: keys.mac } : {}),
				...(hasSerial ? { details: { serial: keys.serial } } : {}),
			});
			const staleFields = stale ? pickStaleFields(random) : [];
			planned.push({ agentId, deviceId, companyId, role, staleFields });
			if (role === 'unmatched') return;
			const current: Record<StaleField, string> = {
				name,
				modelNumber: model,
				osInfo: osVersion,
			};
			for (const field of staleFields) current[field] = staleValues[field](current[field]);
			configurationId += 1;
			configurations.push({
				id: configurationId,
				name: current.name,
				type: { id: NETWORK_DEVICE_TYPE },
				company: { id: companyId },
				status: { id: ACTIVE_STATUS },
				activeFlag: true,
				modelNumber: current.modelNumber,
				manufacturer: { name: vendor },
				osType: osName,
				osInfo: current.osInfo,
				ipAddress: keys.ip,
				...(hasMac ? { macAddress: keys.mac } : {}),
				...(hasSerial ? { serialNumber: keys.serial } : {}),
			});
		});
		devicesByAgent[String(agentId)] = devices;
	}

	for (let index = 0; index < leftovers; index += 1) {
		keyCounter += 1;
		const agentIndex = 1 + (index % scenario.agents);
		// Leftovers live in 172.x: no device of any agent has their addresses.
		const keys = keysOf(keyCounter, [172, agentIndex], Math.floor(index / scenario.agents));
		const active = random.next() >= shares.inactiveLeftovers;
		configurationId += 1;
		configurations.push({
			id: configurationId,
			name: `retired-${agentIndex}-${index}`,
			type: { id: NETWORK_DEVICE_TYPE },
			company: { id: companyIdOf(agentIndex) },
			status: { id: active ? ACTIVE_STATUS : INACTIVE_STATUS },
			activeFlag: active,
			serialNumber: keys.serial,
			macAddress: keys.mac,
			ipAddress: keys.ip,
		});
	}

	const base = connectWiseDefaults();
	const companyIds = Array.from({ length: scenario.agents }, (_, index) => companyIdOf(index + 1));
	const perCompany = new Map<number | undefined, number>();
	for (const { company } of configurations) {
		perCompany.set(company.id, (perCompany.get(company.id) ?? 0) + 1);
	}
	const manufacturers = hardware.map(([vendor], index) => ({ id: index + 1, name: vendor }));
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
