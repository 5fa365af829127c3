import { AlertProfileBook } from './alert-profiles';
import { DEFAULT_API_KEY } from './default-seed';
import { DEFAULT_BASE_TYPES, DEFAULT_DETECTED_TYPES } from './device-types';
import { parseTimestamp, type Clock } from './time';
import type {
	AgentDetail,
	ApiKeyRole,
	ApiUsageInformation,
	DetectedDeviceType,
	Device,
	DeviceBaseType,
	DeviceInventoryField,
	DomotzLimits,
	DomotzSeed,
	DomotzUser,
	InventoryField,
} from './types';
import { UsageMeter } from './usage';

/**
 * Generous enough that no test or benchmark meets a budget it did not ask for: the per-minute
 * reading is the reference's, the number is seed data.
 */
export const DEFAULT_LIMITS: Readonly<DomotzLimits> = {
	concurrentAllowed: 100_000,
	concurrentAllowedMeaning: 'perMinute',
	daily: 1_000_000,
};

const DEFAULT_USER: Readonly<DomotzUser> = { id: 1001, name: 'msp-admin@example.com' };

export interface ApiKey {
	id: number;
	name: string;
	role: ApiKeyRole;
}

/** A device as served, plus what Domotz knows but does not return. */
export interface DeviceRecord {
	device: Device;
	/** What `details.serial` reverts to when the user's override is cleared. */
	discoveredSerial: string | undefined;
	/** What `display_name` shows when `user_data.name` is empty. */
	discoveredName: string;
	locked: boolean;
	/** False on a per-device licensing agent for a device left unmanaged: the device list skips it. */
	managed: boolean;
	/** Inventory values by field key. */
	inventory: Map<string, string>;
}

export interface AgentRecord {
	agent: AgentDetail;
	devices: Map<number, DeviceRecord>;
}

/** Facts about a device that never appear in API output. */
export interface DeviceFacts {
	locked?: boolean;
	/** `null`: nothing was discovered; absent: the device's own `details.serial` is discovered. */
	discoveredSerial?: string | null;
	inventory?: Record<string, string>;
	/** Left unmanaged on a per-device licensing agent. */
	unmanaged?: boolean;
}

/**
 * The simulated tenant. Accessors named after API objects (`agents()`, `device()`, ...) return
 * copies for tests to inspect; `*Record` methods return the live records the routes mutate.
 */
export class DomotzState {
	readonly usageMeter: UsageMeter;
	/** Shared Alert Profiles, their webhook channels and bindings. */
	readonly alertProfiles = new AlertProfileBook();
	user: DomotzUser = { ...DEFAULT_USER };
	baseTypes: readonly DeviceBaseType[] = DEFAULT_BASE_TYPES;
	detectedTypes: readonly DetectedDeviceType[] = DEFAULT_DETECTED_TYPES;
	private agentsById = new Map<number, AgentRecord>();
	private fields = new Map<string, InventoryField>();
	private apiKeys = new Map<string, ApiKey>();
	private knownTypeIds = new Set<number>();

	constructor(
		clock: Clock,
		private readonly baseLimits: DomotzLimits,
	) {
		this.usageMeter = new UsageMeter(clock, { ...baseLimits });
	}

	/** Replaces the whole tenant and clears usage. The seed is copied, never kept. */
	load(input: DomotzSeed): void {
		assertSeedShape(input);
		const seed = structuredClone(input);
		this.user = seed.user ?? { ...DEFAULT_USER };
		this.baseTypes = seed.baseTypes ?? DEFAULT_BASE_TYPES;
		this.detectedTypes = seed.detectedTypes ?? DEFAULT_DETECTED_TYPES;
		this.knownTypeIds = new Set(this.baseTypes.map((type) => type.id));
		this.fields = new Map((seed.inventoryFields ?? []).map((field) => [field.key, field]));
		const keys = seed.apiKeys ?? [{ key: DEFAULT_API_KEY, role: 'fullAccess' }];
		this.apiKeys = new Map(
			keys.map(({ key, role, id, name }, index) => {
				const keyId = id ?? index + 1;
				return [key, { id: keyId, name: name ?? `key-${keyId}`, role }];
			}),
		);
		const sortedAgents = [...seed.agents].sort((left, right) => left.id - right.id);
		this.agentsById = new Map(
			sortedAgents.map((agent) => [agent.id, { agent, devices: new Map<number, DeviceRecord>() }]),
		);
		for (const [agentKey, devices] of Object.entries(seed.devices)) {
			const agentId = Number(agentKey);
			const locked = new Set(seed.lockedDevices?.[agentKey] ?? []);
			const unmanaged = new Set(seed.unmanagedDevices?.[agentKey] ?? []);
			for (const device of devices) {
				this.putDevice(agentId, device, {
					locked: locked.has(device.id),
					unmanaged: unmanaged.has(device.id),
					discoveredSerial: seed.discoveredSerials?.[agentKey]?.[device.id],
					inventory: seed.deviceInventory?.[agentKey]?.[device.id],
				});
			}
		}
		this.alertProfiles.load(seed);
		this.usageMeter.limits = { ...this.baseLimits, ...seed.limits };
		this.usageMeter.reset(seed.dailyUsage);
	}

	/** The tenant as it is now, in seed form: load it elsewhere to reproduce this state. */
	exportSeed(): DomotzSeed {
		const seed: Required<Omit<DomotzSeed, 'dailyUsage'>> = {
			agents: [],
			devices: {},
			inventoryFields: this.inventoryFields(),
			deviceInventory: {},
			apiKeys: [...this.apiKeys].map(([key, { id, name, role }]) => ({ key, role, id, name })),
			lockedDevices: {},
			unmanagedDevices: {},
			discoveredSerials: {},
			limits: { ...this.usageMeter.limits },
			user: { ...this.user },
			baseTypes: structuredClone([...this.baseTypes]),
			detectedTypes: structuredClone([...this.detectedTypes]),
			...this.alertProfiles.exportSeed(),
		};
		for (const { agent, devices } of this.agentsById.values()) {
			seed.agents.push(structuredClone(agent));
			if (devices.size === 0) continue;
			const agentKey = String(agent.id);
			seed.devices[agentKey] = [...devices.values()].map((record) =>
				structuredClone(record.device),
			);
			for (const record of devices.values()) {
				const deviceKey = String(record.device.id);
				if (record.locked) (seed.lockedDevices[agentKey] ??= []).push(record.device.id);
				if (!record.managed) (seed.unmanagedDevices[agentKey] ??= []).push(record.device.id);
				if (record.inventory.size > 0) {
					(seed.deviceInventory[agentKey] ??= {})[deviceKey] = Object.fromEntries(record.inventory);
				}
				if (record.device.details?.serial !== record.discoveredSerial) {
					(seed.discoveredSerials[agentKey] ??= {})[deviceKey] = record.discoveredSerial ?? null;
				}
			}
		}
		return seed;
	}

	setLimits(limits: Partial<DomotzLimits>): void {
		this.usageMeter.limits = { ...this.usageMeter.limits, ...limits };
	}

	/** Adds a device to an agent, or replaces the one with the same id (rediscovery, DHCP churn). */
	putDevice(agentId: number, device: Device, facts: DeviceFacts = {}): void {
		const agentRecord = this.agentsById.get(agentId);
		if (!agentRecord) throw new Error(`No agent ${agentId}`);
		const copy = structuredClone(device);
		agentRecord.devices.set(copy.id, {
			device: copy,
			discoveredSerial:
				facts.discoveredSerial === undefined
					? copy.details?.serial
					: (facts.discoveredSerial ?? undefined),
			discoveredName: discoveredNameOf(copy),
			locked: facts.locked ?? false,
			managed: facts.unmanaged !== true,
			inventory: new Map(Object.entries(facts.inventory ?? {})),
		});
	}

	removeDevice(agentId: number, deviceId: number): boolean {
		this.alertProfiles.forgetDevice(agentId, deviceId);
		return this.agentsById.get(agentId)?.devices.delete(deviceId) ?? false;
	}

	setDeviceLocked(agentId: number, deviceId: number, locked: boolean): void {
		const record = this.deviceRecord(agentId, deviceId);
		if (!record) throw new Error(`No device ${deviceId} on agent ${agentId}`);
		record.locked = locked;
	}

	agents(): AgentDetail[] {
		return [...this.agentsById.values()].map((record) => structuredClone(record.agent));
	}

	agent(agentId: number): AgentDetail | undefined {
		const record = this.agentsById.get(agentId);
		return record && structuredClone(record.agent);
	}

	/** Every device of the agent, hidden and excluded ones included. */
	devices(agentId: number): Device[] | undefined {
		const record = this.agentsById.get(agentId);
		return record && [...record.devices.values()].map((device) => structuredClone(device.device));
	}

	device(agentId: number, deviceId: number): Device | undefined {
		const record = this.deviceRecord(agentId, deviceId);
		return record && structuredClone(record.device);
	}

	/** Account field definitions, oldest first, as `GET /inventory` returns them. */
	inventoryFields(): InventoryField[] {
		return [...this.fields.values()]
			.map((field) => ({ field, time: creationTimeOf(field) }))
			.sort((left, right) => left.time - right.time || compareText(left.field.key, right.field.key))
			.map(({ field }) => ({ ...field }));
	}

	/** Every account field, alphabetically, with `null` where this device has no value. */
	deviceInventory(agentId: number, deviceId: number): DeviceInventoryField[] | undefined {
		const record = this.deviceRecord(agentId, deviceId);
		if (!record) return undefined;
		return [...this.fields.values()]
			.sort((left, right) => compareText(left.key, right.key))
			.map(({ key, creation_time }) => ({
				key,
				value: record.inventory.get(key) ?? null,
				creation_time,
			}));
	}

	usage(): ApiUsageInformation {
		return this.usageMeter.report();
	}

	apiKeyFor(key: string): ApiKey | undefined {
		return this.apiKeys.get(key);
	}

	/** The first full-access key, or undefined when the seed has none. */
	fullAccessKey(): string | undefined {
		return [...this.apiKeys].find(([, { role }]) => role === 'fullAccess')?.[0];
	}

	isKnownBaseType(typeId: number): boolean {
		return this.knownTypeIds.has(typeId);
	}

	agentRecords(): AgentRecord[] {
		return [...this.agentsById.values()];
	}

	agentRecord(agentId: number): AgentRecord | undefined {
		return this.agentsById.get(agentId);
	}

	deviceRecord(agentId: number, deviceId: number): DeviceRecord | undefined {
		return this.agentsById.get(agentId)?.devices.get(deviceId);
	}

	inventoryField(key: string): InventoryField | undefined {
		return this.fields.get(key);
	}

	defineInventoryField(field: InventoryField): void {
		this.fields.set(field.key, field);
	}

	/** Removes the definition and its value on every device. */
	deleteInventoryField(key: string): void {
		this.fields.delete(key);
		for (const { devices } of this.agentsById.values()) {
			for (const record of devices.values()) record.inventory.delete(key);
		}
	}
}

/** Code-point order: what a server sorting strings byte-wise returns, independent of locale. */
function compareText(left: string, right: string): number {
	return left < right ? -1 : left > right ? 1 : 0;
}

function creationTimeOf(field: InventoryField): number {
	return field.creation_time === undefined
		? Number.POSITIVE_INFINITY
		: parseTimestamp(field.creation_time);
}

/** The name Domotz would show without a user override: a discovered name, else the first IP. */
function discoveredNameOf(device: Device): string {
	if (!device.user_data?.name) return device.display_name;
	const names: Record<string, string | undefined> = 'names' in device ? (device.names ?? {}) : {};
	const ipAddresses = 'ip_addresses' in device ? (device.ip_addresses ?? []) : [];
	return (
		names.inspection ??
		names.dhcp ??
		names.host ??
		names.netbios ??
		ipAddresses[0] ??
		device.display_name
	);
}

/** Checked before anything is replaced, so a bad seed leaves the current tenant intact. */
function assertSeedShape(seed: DomotzSeed): void {
	if (!Array.isArray(seed?.agents)) throw new Error('Domotz seed needs an `agents` array');
	if (typeof seed.devices !== 'object' || seed.devices === null || Array.isArray(seed.devices)) {
		throw new Error('Domotz seed needs a `devices` object keyed by agent id');
	}
	const agentIds = new Set(seed.agents.map((agent) => String(agent.id)));
	const stray = Object.keys(seed.devices).find((agentId) => !agentIds.has(agentId));
	if (stray !== undefined) throw new Error(`Domotz seed has devices for unknown agent ${stray}`);
}
