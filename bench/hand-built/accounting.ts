/**
 * What a run of the hand-built workflow did to ConnectWise, read from the simulators' state before
 * and after it rather than from its requests: which configurations hold their own device's values,
 * which hold another device's, and which were created for a device that already had one. A PATCH
 * answered with 200 can be right or wrong; only the state tells.
 */
import { configurationFieldLimits } from '../../lib/connectwise/limits';
import type { RunName } from '../engine-runs';
import { devicesToRename, outcomeOf, type PlannedDevice, type TenantPlan } from '../msp-tenant';
import type { Scenario } from '../scenarios';
import type { ConfigurationState, DeviceState, TenantState } from '../simulator-host';

export interface Done {
	/** Of the needed ones: done as Sync Agent does them. */
	done: number;
	needed: number;
}

/** One run's writes judged against what the run needs, measured on the simulators' state. */
export interface HandBuiltAccount {
	/** Devices whose configuration needed an update, and how many of them hold the device's values after the run. */
	updates: Done;
	/** Devices that needed a configuration, and how many got one. */
	creates: Done;
	/**
	 * Configurations the run changed that are left holding another device's values, or that no
	 * device has (leftovers): a serial or MAC shared by several devices or configurations matched
	 * the wrong one.
	 */
	wronglyWritten: number;
	/** Configurations created for a device that already had one, or a second time in one run. */
	duplicates: number;
}

/** What a run has to write: what Sync Agent updates and creates on the tenant as built. */
export interface RunNeeds {
	updates: readonly PlannedDevice[];
	creates: readonly PlannedDevice[];
}

const linksDevice = (device: PlannedDevice) => outcomeOf[device.role] !== 'ambiguous';

/**
 * The updates and creates Sync Agent does in a run (as `expectedOutcome` counts them): the first
 * sync updates the stale configurations and creates the devices without one, the last run updates
 * the renamed devices it links. Ambiguous devices (cloned VMs, configurations entered twice) are
 * never written.
 */
export function handBuiltNeeds(tenant: TenantPlan, scenario: Scenario, run: RunName): RunNeeds {
	const byRun: Record<RunName, RunNeeds> = {
		firstSync: {
			updates: tenant.devices.filter((device) => device.staleFields.length > 0),
			creates: tenant.devices.filter((device) => outcomeOf[device.role] === 'created'),
		},
		noOpResync: { updates: [], creates: [] },
		resyncAfterChanges: {
			updates: devicesToRename(tenant, scenario).filter(linksDevice),
			creates: [],
		},
	};
	return byRun[run];
}

const keyOf = (device: { agentId: number; deviceId: number }) =>
	`${device.agentId}/${device.deviceId}`;

const fitted = (value: string | undefined, field: 'name' | 'modelNumber') =>
	value?.slice(0, configurationFieldLimits[field]);

/** The device's name, model and OS version as its configuration should hold them. */
function holdsValuesOf(configuration: ConfigurationState, device: DeviceState): boolean {
	return (
		configuration.name === fitted(device.name, 'name') &&
		configuration.modelNumber === fitted(device.model, 'modelNumber') &&
		configuration.osInfo === device.osInfo
	);
}

const writtenFields = ['name', 'modelNumber', 'osType', 'osInfo', 'ipAddress'] as const;

const changed = (before: ConfigurationState, after: ConfigurationState) =>
	writtenFields.some((field) => before[field] !== after[field]);

/**
 * Which device each configuration belongs to: the ones built with the tenant by their company and
 * address (each device's address is its own within its company; leftovers have addresses no
 * device has), the ones the workflow creates by the company and address its POST carried.
 */
export class ConfigurationOwners {
	private readonly owners = new Map<number, string | undefined>();
	private readonly byAddress = new Map<string, string>();
	private readonly owning = new Set<string>();

	constructor(devices: readonly PlannedDevice[], initial: TenantState) {
		const companyOf = new Map(devices.map((device) => [keyOf(device), device.companyId]));
		for (const device of initial.devices) {
			const companyId = companyOf.get(keyOf(device));
			if (companyId !== undefined && device.ip !== undefined) {
				this.byAddress.set(`${companyId} ${device.ip}`, keyOf(device));
			}
		}
		for (const configuration of initial.configurations) this.own(configuration);
	}

	private own(configuration: ConfigurationState): string | undefined {
		const owner = this.byAddress.get(`${configuration.companyId} ${configuration.ipAddress}`);
		this.owners.set(configuration.id, owner);
		if (owner !== undefined) this.owning.add(owner);
		return owner;
	}

	/** The run between `before` and `after`; the configurations it created are owned from then on. */
	account(needs: RunNeeds, before: TenantState, after: TenantState): HandBuiltAccount {
		const devices = new Map(after.devices.map((device) => [keyOf(device), device]));
		const earlier = new Map(
			before.configurations.map((configuration) => [configuration.id, configuration]),
		);
		const neededCreates = new Set(needs.creates.map(keyOf));
		const ownedBefore = new Set(this.owning);
		const createdFor = new Set<string>();
		let wronglyWritten = 0;
		let duplicates = 0;
		for (const configuration of after.configurations) {
			const previous = earlier.get(configuration.id);
			if (previous === undefined) {
				// Created by the run: its company and address are the ones its POST carried.
				const owner = this.own(configuration);
				const asNeeded =
					owner !== undefined &&
					neededCreates.has(owner) &&
					!ownedBefore.has(owner) &&
					!createdFor.has(owner);
				if (owner !== undefined) createdFor.add(owner);
				if (!asNeeded) duplicates += 1;
				continue;
			}
			if (!changed(previous, configuration)) continue;
			const owner = this.owners.get(configuration.id);
			const device = owner === undefined ? undefined : devices.get(owner);
			if (device === undefined || !holdsValuesOf(configuration, device)) wronglyWritten += 1;
		}
		const now = new Map(
			after.configurations.map((configuration) => [configuration.id, configuration]),
		);
		const ownBefore = new Map<string, ConfigurationState[]>();
		for (const configuration of before.configurations) {
			const owner = this.owners.get(configuration.id);
			if (owner !== undefined)
				ownBefore.set(owner, [...(ownBefore.get(owner) ?? []), configuration]);
		}
		/** Every configuration the device had before the run holds its values after it. */
		const updated = (device: PlannedDevice) => {
			const values = devices.get(keyOf(device));
			const own = ownBefore.get(keyOf(device)) ?? [];
			return (
				values !== undefined &&
				own.length > 0 &&
				own.every((configuration) => {
					const current = now.get(configuration.id);
					return current !== undefined && holdsValuesOf(current, values);
				})
			);
		};
		return {
			updates: { done: needs.updates.filter(updated).length, needed: needs.updates.length },
			creates: {
				done: needs.creates.filter(
					(device) => createdFor.has(keyOf(device)) && !ownedBefore.has(keyOf(device)),
				).length,
				needed: needs.creates.length,
			},
			wronglyWritten,
			duplicates,
		};
	}
}
