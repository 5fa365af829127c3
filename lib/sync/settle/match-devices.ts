import type { CwConfiguration } from '../../connectwise/schemas';
import { deviceName } from '../../devices/name';
import type { DomotzDevice } from '../../domotz/schemas';
import type { LinkSaveOutcome } from '../../links/writes';
import { readStoredLink, type LinkStore } from '../../links/marker';
import {
	matchDevices,
	type DeviceMatch,
	type MatchableConfiguration,
	type MatchableDevice,
	type MatchKey,
	type MatchResult,
	type MatchScope,
} from '../../match';
import { settleAll } from '../../pool';
import type { CompanySummary } from '../company-link';
import { DEFAULT_CONCURRENCY } from '../options';
import type { SyncWorkspace } from '../workspace';
import { failedItem, type FailedItem, type ResolvedDevice } from './devices';

export interface MatchedItem {
	kind: 'result';
	itemIndex: number;
	device: DomotzDevice;
	agentId: number;
	company?: CompanySummary;
	siteId?: number;
	companyProblem?: string;
	match: DeviceMatch;
	/** Set once the step that saves links has saved (or failed to save) this match's link. */
	linkSave?: LinkSaveOutcome;
}

export interface DeviceMatching {
	items: MatchedItem[];
	/** Items whose company's configurations could not be read, added to the resolution's. */
	failures: FailedItem[];
	/** Every configuration matched against, by id. */
	configurations: Map<number, CwConfiguration>;
	result: MatchResult;
}

export interface MatchStepOptions {
	keys: readonly MatchKey[];
	onlyActive: boolean;
	scope: MatchScope;
	linkStore: LinkStore;
}

/**
 * The second step: each company's configurations (or, across companies, all of them) are read
 * once, and the resolved devices matched against them by the pure engine.
 */
export async function matchResolved(
	workspace: SyncWorkspace,
	resolved: readonly ResolvedDevice[],
	earlierFailures: readonly FailedItem[],
	options: MatchStepOptions,
): Promise<DeviceMatching> {
	const failures = [...earlierFailures];
	const configurations = await loadConfigurations(workspace, resolved, options.scope, failures);
	const failedItems = new Set(failures.map((failure) => failure.itemIndex));
	const usable = resolved.filter((entry) => !failedItems.has(entry.request.itemIndex));
	const result = matchDevices(
		usable.map(toMatchableDevice),
		[...configurations.values()].map((configuration) =>
			toMatchableConfiguration(configuration, options.linkStore),
		),
		{ keys: options.keys, onlyActive: options.onlyActive, scope: options.scope },
	);
	const items = usable.map(
		(entry, index): MatchedItem => ({
			kind: 'result',
			itemIndex: entry.request.itemIndex,
			device: entry.device,
			agentId: entry.request.agentId,
			company: entry.company,
			siteId: entry.siteId,
			companyProblem: entry.companyProblem,
			match: result.devices[index],
		}),
	);
	return { items, failures, configurations, result };
}

async function loadConfigurations(
	workspace: SyncWorkspace,
	resolved: readonly ResolvedDevice[],
	scope: MatchScope,
	failures: FailedItem[],
): Promise<Map<number, CwConfiguration>> {
	const byId = new Map<number, CwConfiguration>();
	if (scope === 'allCompanies') {
		const [sweep] = await settleAll([null], 1, () => workspace.allConfigurations());
		if (!sweep.ok) {
			for (const entry of resolved) {
				failures.push(failedItem(entry.request, sweep.error));
			}
			return byId;
		}
		for (const configuration of sweep.value) byId.set(configuration.id, configuration);
		return byId;
	}
	const companyIds = [
		...new Set(resolved.flatMap((entry) => (entry.company ? [entry.company.id] : []))),
	];
	const settled = await settleAll(companyIds, DEFAULT_CONCURRENCY, (companyId) =>
		workspace.configurationsOf(companyId),
	);
	settled.forEach((outcome, index) => {
		if (outcome.ok) {
			for (const configuration of outcome.value) byId.set(configuration.id, configuration);
			return;
		}
		for (const entry of resolved) {
			if (entry.company?.id === companyIds[index]) {
				failures.push(failedItem(entry.request, outcome.error));
			}
		}
	});
	return byId;
}

function toMatchableDevice(entry: ResolvedDevice): MatchableDevice {
	const { device } = entry;
	return {
		agentId: entry.request.agentId,
		deviceId: device.id,
		name: deviceName(device),
		serial: device.details?.serial ?? null,
		macAddresses: device.hw_address ? [device.hw_address] : [],
		ipAddresses: device.ip_addresses ?? [],
		companyId: entry.company?.id,
	};
}

function toMatchableConfiguration(
	configuration: CwConfiguration,
	store: LinkStore,
): MatchableConfiguration {
	const stored = readStoredLink(configuration, store);
	return {
		id: configuration.id,
		name: configuration.name ?? `Configuration ${configuration.id}`,
		companyId: configuration.company?.id ?? -1,
		active: configuration.activeFlag !== false,
		serialNumber: configuration.serialNumber ?? null,
		macAddress: configuration.macAddress ?? null,
		ipAddress: configuration.ipAddress ?? null,
		linkedDevice: stored.kind === 'device' ? stored.device : undefined,
	};
}
