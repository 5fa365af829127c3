/**
 * Sync Fields: brings linked devices and their configurations into agreement, field by field, in
 * the direction the user chose. Links are found by marker with one query per agent, plans are
 * pure data, and the applier writes only what differs: one PATCH per configuration with all its
 * changed fields, one Domotz request per changed Domotz field, nothing when both sides agree.
 */

import type { CwConfiguration } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import { readDeviceValues, type DomotzValues } from '../fields/sync-fields';
import { readStoredLink, type LinkStore } from '../links/marker';
import { applyPlans, type StepOutcome, type WritePlan } from './apply';
import { describeStepFailure } from './link-writes';
import { planFieldSync, type FieldSyncPlan, type SyncLookups, type SyncPolicy } from './plan';
import { settleAll } from './pool';
import { normaliseName } from './setup';
import { SyncWorkspace, type SyncClients } from './workspace';

export interface SyncRequest {
	itemIndex: number;
	agentId: number;
	deviceId: number;
}

export interface SyncRunOptions {
	policy: SyncPolicy;
	linkStore: LinkStore;
	/** Plan only: nothing is written. */
	dryRun: boolean;
	createMissingManufacturers: boolean;
	concurrency?: number;
}

export interface WriteReport {
	target: 'ConnectWise' | 'Domotz';
	/** The PATCH of the configuration, or the Domotz field written. */
	what: string;
	status: StepOutcome['status'];
	error?: string;
}

export type SyncOutcome =
	| {
			status: 'updated' | 'unchanged' | 'planned' | 'partlyFailed';
			configuration: { id: number; name: string | null; companyId: number | null };
			plan: FieldSyncPlan;
			writes: WriteReport[];
	  }
	| { status: 'notLinked'; reason: string }
	/** The same device came in on an earlier item, which syncs it. */
	| { status: 'duplicate'; firstItemIndex: number }
	| { status: 'failed'; error: unknown };

export interface SyncRunItem {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	device?: DomotzDevice;
	outcome: SyncOutcome;
}

/** A linked pair ready to plan: the Domotz side may be a device or a collector. */
export interface SyncPair {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	device?: DomotzDevice;
	values: DomotzValues;
	configuration: CwConfiguration;
}

const DEFAULT_CONCURRENCY = 4;

export async function runSyncFields(
	clients: SyncClients,
	requests: readonly SyncRequest[],
	options: SyncRunOptions,
	workspace = new SyncWorkspace(clients),
): Promise<SyncRunItem[]> {
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const found = await settleAll(requests, concurrency, async (request) => ({
		device: await workspace.device(request.agentId, request.deviceId),
		linked: await workspace.linkedToAgent(request.agentId, options.linkStore),
	}));
	const results: SyncRunItem[] = [];
	const pairs: SyncPair[] = [];
	const firstItemOf = new Map<string, number>();
	requests.forEach((request, index) => {
		const entry = found[index];
		const base = {
			itemIndex: request.itemIndex,
			agentId: request.agentId,
			deviceId: request.deviceId,
		};
		const deviceKey = `${request.agentId}/${request.deviceId}`;
		const firstItemIndex = firstItemOf.get(deviceKey);
		if (firstItemIndex !== undefined) {
			results.push({ ...base, outcome: { status: 'duplicate', firstItemIndex } });
			return;
		}
		firstItemOf.set(deviceKey, request.itemIndex);
		if (!entry.ok) {
			results.push({ ...base, outcome: { status: 'failed', error: entry.error } });
			return;
		}
		const { device, linked } = entry.value;
		const configurations = linked.filter((configuration) => {
			const stored = readStoredLink(configuration, options.linkStore);
			return stored.kind === 'device' && stored.device.deviceId === request.deviceId;
		});
		if (configurations.length !== 1) {
			results.push({
				...base,
				device,
				outcome: {
					status: 'notLinked',
					reason:
						configurations.length === 0
							? 'the device is not linked to a configuration (Match to Configurations with Save Matches as Links, Link, or Create Configurations links it)'
							: `several configurations are linked to the device (${configurations.map((configuration) => configuration.id).join(', ')}); unlink all but one`,
				},
			});
			return;
		}
		pairs.push({
			...base,
			device,
			values: readDeviceValues(device),
			configuration: configurations[0],
		});
	});
	results.push(...(await syncPairs(clients, workspace, pairs, options)));
	return results.sort((a, b) => a.itemIndex - b.itemIndex || a.deviceId - b.deviceId);
}

/** Plans and (unless a dry run) applies every pair; shared by Sync Fields and Sync Agent. */
export async function syncPairs(
	clients: SyncClients,
	workspace: SyncWorkspace,
	pairs: readonly SyncPair[],
	options: SyncRunOptions,
): Promise<SyncRunItem[]> {
	if (pairs.length === 0) return [];
	const lookups = await readLookups(workspace, pairs, options);
	const noSites = new Map<string, { id: number; name: string }>();
	const planned = pairs.map((pair) => ({
		pair,
		plan: planFieldSync(pair.values, pair.configuration, options.policy, {
			manufacturers: lookups.manufacturers,
			sites: lookups.sitesByCompany.get(pair.configuration.company?.id ?? -1) ?? noSites,
		}),
	}));
	const writePlans = options.dryRun ? [] : planned.map(({ pair, plan }) => toWritePlan(pair, plan));
	const outcomes = await applyPlans(clients, writePlans, {
		concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
	});
	return planned.map(({ pair, plan }, index) => {
		const stepOutcomes = options.dryRun ? [] : outcomes[index];
		const writes = stepOutcomes.map(describeWrite);
		const patched = stepOutcomes.find(
			(outcome) => outcome.status === 'done' && outcome.configuration,
		);
		const configuration = {
			id: pair.configuration.id,
			// The name after the sync, when the sync renamed it.
			name:
				(patched?.status === 'done' ? patched.configuration?.name : undefined) ??
				pair.configuration.name ??
				null,
			companyId: pair.configuration.company?.id ?? null,
		};
		return {
			itemIndex: pair.itemIndex,
			agentId: pair.agentId,
			deviceId: pair.deviceId,
			device: pair.device,
			outcome: { status: statusOf(plan, writes, options.dryRun), configuration, plan, writes },
		};
	});
}

function statusOf(
	plan: FieldSyncPlan,
	writes: readonly WriteReport[],
	dryRun: boolean,
): 'updated' | 'unchanged' | 'planned' | 'partlyFailed' {
	if (plan.changes.length === 0) return 'unchanged';
	if (dryRun) return 'planned';
	return writes.every((write) => write.status === 'done') ? 'updated' : 'partlyFailed';
}

/**
 * The ConnectWise PATCH and the Domotz edits are independent: a failure on one side does not
 * hold back the other, and each write reports its own outcome.
 */
function toWritePlan(pair: SyncPair, plan: FieldSyncPlan): WritePlan {
	const steps: WritePlan['steps'] = [];
	if (plan.connectWisePatch.length > 0) {
		steps.push({
			kind: 'patchConfiguration',
			configurationId: pair.configuration.id,
			operations: plan.connectWisePatch,
		});
	}
	for (const edit of plan.domotzEdits) {
		steps.push({
			kind: 'editDomotzField',
			agentId: pair.agentId,
			deviceId: pair.deviceId,
			field: edit.field,
			value: edit.value,
		});
	}
	return { steps, optional: new Set(steps.map((_step, index) => index)) };
}

function describeWrite(outcome: StepOutcome): WriteReport {
	const { step } = outcome;
	const target = step.kind === 'editDomotzField' ? 'Domotz' : 'ConnectWise';
	const what =
		step.kind === 'editDomotzField'
			? step.field
			: step.kind === 'patchConfiguration'
				? step.operations.map((operation) => operation.path).join(', ')
				: step.kind;
	return outcome.status === 'done'
		? { target, what, status: 'done' }
		: { target, what, status: outcome.status, error: describeStepFailure(outcome) };
}

/** Manufacturers and sites are read only when a direction can need them. */
async function readLookups(
	workspace: SyncWorkspace,
	pairs: readonly SyncPair[],
	options: SyncRunOptions,
): Promise<{
	manufacturers: SyncLookups['manufacturers'];
	sitesByCompany: Map<number, Map<string, { id: number; name: string }>>;
}> {
	const { directions } = options.policy;
	const lookups = {
		manufacturers: new Map<string, { id: number; name: string }>(),
		sitesByCompany: new Map<number, Map<string, { id: number; name: string }>>(),
	};
	const wantedManufacturers = pairs.flatMap((pair) =>
		pair.values.manufacturer ? [pair.values.manufacturer] : [],
	);
	if (directions.manufacturer === 'domotzToConnectWise' && wantedManufacturers.length > 0) {
		const setup = await workspace.prepareManufacturers(
			wantedManufacturers,
			options.createMissingManufacturers && !options.dryRun,
		);
		lookups.manufacturers = setup.lookup;
	}
	if (directions.site === 'domotzToConnectWise') {
		lookups.sitesByCompany = await sitesByCompany(workspace, pairs);
	}
	return lookups;
}

async function sitesByCompany(
	workspace: SyncWorkspace,
	pairs: readonly SyncPair[],
): Promise<Map<number, Map<string, { id: number; name: string }>>> {
	const companyIds = [
		...new Set(
			pairs.flatMap((pair) =>
				pair.values.site && typeof pair.configuration.company?.id === 'number'
					? [pair.configuration.company.id]
					: [],
			),
		),
	];
	const read = await settleAll(companyIds, DEFAULT_CONCURRENCY, (companyId) =>
		workspace.sitesOf(companyId),
	);
	const byCompany = new Map<number, Map<string, { id: number; name: string }>>();
	read.forEach((outcome, index) => {
		if (!outcome.ok) return;
		byCompany.set(
			companyIds[index],
			new Map(
				outcome.value.map((site) => [normaliseName(site.name), { id: site.id, name: site.name }]),
			),
		);
	});
	return byCompany;
}
