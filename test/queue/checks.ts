/**
 * What must hold after Sync Agent ran twice at once, as pure functions over plain facts read from
 * the simulators and from n8n's database, so that each can be tested on its own.
 */
import { normaliseMacs, normaliseSerial } from '../../lib/match';
import { formatMarker, parseMarker, type DeviceRef } from '../../lib/links/marker';

/** One row of n8n's `execution_entity`; times in milliseconds since the epoch. */
export interface ExecutionRecord {
	id: string;
	status: string;
	startedAt: number | null;
	stoppedAt: number | null;
}

/** n8n's statuses of an execution that will not change any more. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set([
	'success',
	'error',
	'crashed',
	'canceled',
]);

/** Seconds during which all the executions were running at once; 0 or less when they were not. */
export function overlapSeconds(records: readonly ExecutionRecord[]): number {
	const starts = records.map((record) => record.startedAt ?? Infinity);
	const stops = records.map((record) => record.stoppedAt ?? -Infinity);
	return (Math.min(...stops) - Math.max(...starts)) / 1000;
}

/** What the checks need of a ConnectWise configuration. */
export interface ConfigurationFacts {
	id: number;
	companyId: number;
	/** The raw value of the link custom field. */
	link: unknown;
	serialNumber?: string | null;
	macAddress?: string | null;
}

export interface DuplicateGroup {
	/** What the configurations share, e.g. `link domotz:12/3` or `serial ABC in company 7`. */
	key: string;
	configurationIds: number[];
}

/**
 * Configurations that stand for one device: two carrying the same link, or two created by the
 * runs with the same serial or MAC in one company. Configurations that existed before are only
 * compared by link: a tenant may already hold records sharing a serial (old, inactive ones).
 */
export function duplicateGroups(
	configurations: readonly ConfigurationFacts[],
	createdIds: ReadonlySet<number>,
): DuplicateGroup[] {
	const groups = new Map<string, number[]>();
	const add = (key: string, id: number) => groups.set(key, [...(groups.get(key) ?? []), id]);
	for (const configuration of configurations) {
		const link = parseMarker(configuration.link);
		if (link.kind === 'device') add(`link ${formatMarker(link.device)}`, configuration.id);
		if (!createdIds.has(configuration.id)) continue;
		const company = `in company ${configuration.companyId}`;
		const serial = normaliseSerial(configuration.serialNumber);
		if (serial.kind === 'usable') add(`serial ${serial.value} ${company}`, configuration.id);
		for (const mac of normaliseMacs(configuration.macAddress).usable) {
			add(`MAC ${mac} ${company}`, configuration.id);
		}
	}
	return [...groups]
		.filter(([, ids]) => ids.length > 1)
		.map(([key, configurationIds]) => ({ key, configurationIds }));
}

/** Configurations beyond the first of each group: the ones that should not exist. */
export function surplusConfigurations(groups: readonly DuplicateGroup[]): number[] {
	const surplus = new Set(
		groups.flatMap(({ configurationIds }) => [...configurationIds].sort((a, b) => a - b).slice(1)),
	);
	return [...surplus].sort((a, b) => a - b);
}

/** A Domotz device of a synced agent and the configuration ID its inventory field mirrors. */
export interface DeviceFacts extends DeviceRef {
	mirror: string | null;
}

/**
 * Where the two sides of a link disagree, for the agents the run synced: a link the runs made
 * names a device that is missing or mirrors another configuration, or a device mirrors a
 * configuration that is missing or carries another link. Links made before keep whatever mirror
 * they had (Sync Agent mirrors the links it makes); the collector (device 0) has no mirror.
 */
export function linkProblems(
	configurations: readonly ConfigurationFacts[],
	devices: readonly DeviceFacts[],
	scope: { syncedAgentIds: ReadonlySet<number>; newLinks: ReadonlySet<number> },
): string[] {
	const deviceByMarker = new Map(devices.map((device) => [formatMarker(device), device]));
	const configurationById = new Map(
		configurations.map((configuration) => [configuration.id, configuration]),
	);
	const fromConfigurations = configurations.flatMap((configuration) => {
		const link = parseMarker(configuration.link);
		if (link.kind !== 'device' || !scope.newLinks.has(configuration.id)) return [];
		if (!scope.syncedAgentIds.has(link.device.agentId) || link.device.deviceId === 0) return [];
		const marker = formatMarker(link.device);
		const device = deviceByMarker.get(marker);
		if (!device) {
			return [`configuration ${configuration.id} links ${marker}, which Domotz does not have`];
		}
		return device.mirror === String(configuration.id)
			? []
			: [
					`configuration ${configuration.id} links ${marker}, whose mirror is ${device.mirror ?? 'empty'}`,
				];
	});
	const fromDevices = devices.flatMap((device) => {
		if (device.mirror === null) return [];
		const marker = formatMarker(device);
		const configuration = configurationById.get(Number(device.mirror));
		if (!configuration) {
			return [`${marker} mirrors configuration ${device.mirror}, which does not exist`];
		}
		const link = parseMarker(configuration.link);
		return link.kind === 'device' && formatMarker(link.device) === marker
			? []
			: [
					`${marker} mirrors configuration ${device.mirror}, whose link is ${String(configuration.link ?? 'empty')}`,
				];
	});
	return [...fromConfigurations, ...fromDevices];
}

/** What one execution of the example reported, read from its run data. */
export interface SyncReport {
	/** `[agentId, status]` of each Sync Agents item. */
	agents: Array<[unknown, unknown]>;
	failedSyncItems: number;
}

interface RunData {
	data?: { main?: Array<Array<{ json?: Record<string, unknown> }> | null> };
}

/** The items of Sync Agents' first output and of Failed Sync, from the public API's execution. */
export function syncReport(execution: unknown): SyncReport {
	const runData = (
		execution as { data?: { resultData?: { runData?: Record<string, RunData[] | undefined> } } }
	)?.data?.resultData?.runData;
	if (!runData) throw new Error('the execution has no run data');
	const items = (node: string, output: number) =>
		runData[node]?.[0]?.data?.main?.[output]?.map((item) => item.json ?? {}) ?? [];
	return {
		agents: items('Sync Agents', 0).map((json) => [json.agentId, json.status]),
		failedSyncItems: items('Failed Sync', 0).length,
	};
}
