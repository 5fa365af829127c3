/**
 * Unlink › Every Agent: the Domotz guide's "Remove Integration". Every link is removed on both
 * sides across the account: the marker on every configuration (one query by the marker pattern,
 * in every company) and the mirror on every Domotz device that holds one (found by reading the
 * devices, so that a mirror whose marker is already gone is cleared too). Configurations are never
 * deleted nor deactivated. Everything is found afresh on each run, so a run cut short is finished
 * by the next one.
 */

import type { SyncClients } from '../clients';
import type { CwConfiguration } from '../connectwise/schemas';
import {
	COLLECTOR_DEVICE_ID,
	everyMarkerQuery,
	planLinkWrite,
	readStoredLink,
	type DeviceRef,
	type LinkStore,
} from '../links/marker';
import { scanMirrors, type AgentMirrors, type MirrorScan } from '../links/mirror-scan';
import {
	removeFieldDefinitions,
	type DefinitionRemoval,
	type DefinitionRemovals,
} from '../links/remove-definitions';
import { mirrorIsClear, mirrorStep } from '../links/writes';
import {
	applyPlans,
	describeStepFailure,
	type StepOutcome,
	type WritePlan,
	type WriteStep,
} from '../writes/apply';
import { DEFAULT_CONCURRENCY } from './options';

export interface RemoveIntegrationOptions {
	linkStore: LinkStore;
	dryRun: boolean;
	/** Also delete both field definitions, once no value is left in them. */
	removeFieldDefinitions: boolean;
	concurrency?: number;
}

export interface UnlinkedConfiguration extends DeviceRef {
	id: number;
	name: string | null;
	companyId: number | null;
}

export interface ClearedMirror extends DeviceRef {
	/** The configuration ID the mirror held; null when the device was not read (not listed). */
	value: string | null;
}

export interface AgentRemoval {
	agentId: number;
	agentName: string | null;
	devicesRead: number;
	configurationsUnlinked: number;
	mirrorsCleared: number;
	/** Why the agent's devices were not all read. */
	unread?: string;
}

export interface RemoveIntegrationReport {
	dryRun: boolean;
	/** Unlinked, or in a dry run to be unlinked. */
	configurations: UnlinkedConfiguration[];
	mirrors: ClearedMirror[];
	agents: AgentRemoval[];
	definitions: DefinitionRemovals;
	/** What is left linked, and why. */
	problems: string[];
}

/** One link (a marker and its device's mirror) or a mirror alone, and the plan that removes it. */
interface Removal {
	configuration?: UnlinkedConfiguration;
	mirror?: ClearedMirror;
	plan: WritePlan;
}

const NOT_ASKED: DefinitionRemoval = { status: 'notAsked' };

/** The fields of a configuration the marker PATCH sends back whole, and what the output names. */
const markedConfigurationFields = ['name', 'company/id', 'deviceIdentifier', 'customFields'];

export async function runRemoveIntegration(
	clients: SyncClients,
	options: RemoveIntegrationOptions,
): Promise<RemoveIntegrationReport> {
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const [marked, scan] = await Promise.all([
		clients.connectwise.listConfigurations({
			...everyMarkerQuery(options.linkStore),
			fields: markedConfigurationFields,
		}),
		scanMirrors(clients.domotz, concurrency),
	]);
	const { removals, problems } = planRemovals(marked, scan, options.linkStore);
	const outcomes = options.dryRun
		? undefined
		: await applyPlans(
				clients,
				removals.map((removal) => removal.plan),
				{ concurrency },
			);
	const done = outcomes ? readOutcomes(removals, outcomes, problems) : removals;
	const configurations = done.flatMap((removal) => removal.configuration ?? []);
	const mirrors = done.flatMap((removal) =>
		removal.mirror && (outcomes || removal.mirror.value !== null) ? [removal.mirror] : [],
	);
	const definitions = options.removeFieldDefinitions
		? await removeFieldDefinitions(clients, {
				store: options.linkStore,
				dryRun: options.dryRun,
				concurrency,
				plannedClears: new Set(options.dryRun ? configurations.map(({ id }) => id) : []),
				scan,
				clearedMirrors: removals.flatMap((removal) => removal.mirror ?? []),
			})
		: { linkField: NOT_ASKED, mirrorField: NOT_ASKED };
	return {
		dryRun: options.dryRun,
		configurations,
		mirrors,
		agents: summarizeAgents(scan.agents, configurations, mirrors),
		definitions,
		problems,
	};
}

/**
 * A plan per marked configuration: its device's mirror first (optional: the device may be gone),
 * then the marker. Then a plan per mirror no marker names any more.
 */
function planRemovals(
	marked: readonly CwConfiguration[],
	scan: MirrorScan,
	store: LinkStore,
): { removals: Removal[]; problems: string[] } {
	const unclaimed = new Map(
		scan.agents.flatMap((agent) =>
			[...agent.mirrors].map(([deviceId, value]): [string, ClearedMirror] => [
				deviceKey({ agentId: agent.agent.id, deviceId }),
				{ agentId: agent.agent.id, deviceId, value },
			]),
		),
	);
	const isUnlisted = unlistedDeviceTest(scan);
	const claimed = new Set<string>();
	const removals: Removal[] = [];
	const problems: string[] = [];
	for (const configuration of marked) {
		const stored = readStoredLink(configuration, store);
		const write = planLinkWrite(configuration, store, null);
		if (stored.kind === 'foreign') {
			problems.push(
				`configuration ${configuration.id} holds "${stored.value}", which is not a Domotz link; it is left as it is`,
			);
		}
		if (stored.kind !== 'device' || write.kind !== 'patch') continue;
		const key = deviceKey(stored.device);
		const mirror = claimed.has(key)
			? undefined
			: (unclaimed.get(key) ??
				(isUnlisted(stored.device) ? { ...stored.device, value: null } : undefined));
		claimed.add(key);
		unclaimed.delete(key);
		const marker: WriteStep = {
			kind: 'patchConfiguration',
			configurationId: configuration.id,
			operations: write.operations,
		};
		removals.push({
			configuration: {
				...stored.device,
				id: configuration.id,
				name: configuration.name ?? null,
				companyId: configuration.company?.id ?? null,
			},
			...(mirror ? { mirror } : {}),
			plan: mirror
				? { steps: [mirrorStep(mirror, null), marker], optional: new Set([0]) }
				: { steps: [marker] },
		});
	}
	for (const mirror of unclaimed.values()) {
		removals.push({ mirror, plan: { steps: [mirrorStep(mirror, null)] } });
	}
	return { removals, problems };
}

/**
 * Whether a marker's device is one its agent, read in full, does not list (unmanaged, or gone):
 * its mirror is cleared without reading it. Never the collector, which has no mirror.
 */
function unlistedDeviceTest(scan: MirrorScan): (device: DeviceRef) => boolean {
	const agents = new Map(scan.agents.map((agent) => [agent.agent.id, agent]));
	return (device) => {
		const listed = agents.get(device.agentId)?.listed;
		return (
			scan.fieldDefined &&
			device.deviceId !== COLLECTOR_DEVICE_ID &&
			listed !== undefined &&
			!listed.has(device.deviceId)
		);
	};
}

function deviceKey(device: DeviceRef): string {
	return `${device.agentId}/${device.deviceId}`;
}

/** What was removed; what was not goes to `problems`. */
function readOutcomes(
	removals: readonly Removal[],
	outcomes: readonly StepOutcome[][],
	problems: string[],
): Removal[] {
	return removals.map((removal, index) => {
		const steps = outcomes[index];
		const mirrorOutcome = steps.find((outcome) => outcome.step.kind === 'setDomotzInventory');
		const markerOutcome = steps.find((outcome) => outcome.step.kind === 'patchConfiguration');
		const done: Removal = { plan: removal.plan };
		if (removal.mirror && mirrorOutcome) {
			const { agentId, deviceId } = removal.mirror;
			if (mirrorOutcome.status === 'done') done.mirror = removal.mirror;
			else if (!mirrorIsClear(mirrorOutcome)) {
				problems.push(
					`the mirror on device ${deviceId} of agent ${agentId} could not be cleared: ${describeStepFailure(mirrorOutcome)}`,
				);
			}
		}
		if (removal.configuration && markerOutcome) {
			if (markerOutcome.status === 'done') done.configuration = removal.configuration;
			else {
				problems.push(
					`configuration ${removal.configuration.id} keeps its link: ${describeStepFailure(markerOutcome)}`,
				);
			}
		}
		return done;
	});
}

/** Per agent, in Domotz's order; agents that markers name but Domotz no longer lists come last. */
function summarizeAgents(
	scanned: readonly AgentMirrors[],
	configurations: readonly UnlinkedConfiguration[],
	mirrors: readonly ClearedMirror[],
): AgentRemoval[] {
	const countFor = (agentId: number, list: readonly DeviceRef[]) =>
		list.filter((device) => device.agentId === agentId).length;
	const listed = new Set(scanned.map((agent) => agent.agent.id));
	const unlisted = [
		...new Set(
			[...configurations, ...mirrors]
				.map((device) => device.agentId)
				.filter((agentId) => !listed.has(agentId)),
		),
	].sort((a, b) => a - b);
	return [
		...scanned.map((agent) => ({
			agentId: agent.agent.id,
			agentName: agent.agent.display_name,
			devicesRead: agent.devicesRead,
			configurationsUnlinked: countFor(agent.agent.id, configurations),
			mirrorsCleared: countFor(agent.agent.id, mirrors),
			...(agent.unread ? { unread: agent.unread } : {}),
		})),
		...unlisted.map((agentId) => ({
			agentId,
			agentName: null,
			devicesRead: 0,
			configurationsUnlinked: countFor(agentId, configurations),
			mirrorsCleared: countFor(agentId, mirrors),
			unread: 'Domotz no longer lists this agent',
		})),
	];
}
