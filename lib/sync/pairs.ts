/**
 * Linked pairs brought into agreement, field by field, in the direction the user chose: plans are
 * pure data, and the applier writes only what differs: one PATCH per configuration with all its
 * changed fields (and a new link's marker), one Domotz request per changed Domotz field, nothing
 * when both sides agree. Sync Fields and Sync Agent both end here.
 */

import type { SyncClients } from '../clients';
import { lookupKey } from '../connectwise/names';
import type { CwConfiguration, CwPatchOperation } from '../connectwise/schemas';
import type { DomotzDevice } from '../domotz/schemas';
import type { DomotzValues } from '../fields/sync-fields';
import { ApiError } from '../http/errors';
import type { LinkStore } from '../links/marker';
import {
	describeLinkSave,
	describeMirrorConfirmation,
	planPendingRepair,
	type LinkParts,
	type LinkSaveOutcome,
} from '../links/writes';
import { settleAll } from '../pool';
import {
	applyPlans,
	describeStepFailure,
	type StepOutcome,
	type WritePlan,
	type WriteStep,
} from '../writes/apply';
import { DEFAULT_CONCURRENCY } from './options';
import type { DeviceItemResult } from './settle/devices';
import { planFieldSync, type FieldSyncPlan, type SyncLookups, type SyncPolicy } from './plan';
import type { SyncWorkspace } from './workspace';

export interface PairSyncOptions {
	policy: SyncPolicy;
	linkStore: LinkStore;
	/**
	 * Links whose markers say their Domotz mirror is pending get it written, and their markers
	 * confirmed in the same PATCH as the field changes.
	 */
	mirrorInDomotz?: boolean;
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

export interface SyncedItem extends DeviceItemResult<SyncOutcome> {
	/** The outcome of the pair's `newLink`, or of its pending mirror's repair, when it had one. */
	link?: LinkSaveOutcome;
}

/**
 * A link to save with the field changes: its mirror goes first, and its marker operations join
 * the configuration's PATCH (one request instead of two). Without a purpose it saves a new link.
 */
export type NewLink = Omit<LinkParts, 'purpose'> & { purpose?: LinkParts['purpose'] };

/** A pair ready to plan: the Domotz side may be a device or a collector. */
export interface SyncPair {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	device?: DomotzDevice;
	values: DomotzValues;
	configuration: CwConfiguration;
	/** Not linked yet: the link is saved by the same PATCH. */
	newLink?: NewLink;
	/** This run already tried the link's mirror (it created the configuration): no repair now. */
	mirrorTried?: boolean;
}

/** Plans and (unless a dry run) applies every pair. */
export async function syncPairs(
	clients: SyncClients,
	workspace: SyncWorkspace,
	given: readonly SyncPair[],
	options: PairSyncOptions,
): Promise<SyncedItem[]> {
	if (given.length === 0) return [];
	const pairs = await withMirrorRepairs(workspace, given, options);
	const lookups = await readLookups(workspace, pairs, options);
	const noSites = new Map<string, { id: number; name: string }>();
	const planned = pairs.map((pair) => ({
		pair,
		plan: planFieldSync(pair.values, pair.configuration, options.policy, {
			manufacturers: lookups.manufacturers,
			sites: lookups.sitesByCompany.get(pair.configuration.company?.id ?? -1) ?? noSites,
		}),
	}));
	const applyOptions = {
		concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
		shared: workspace.writeSlots,
	};
	const outcomes = options.dryRun
		? planned.map(() => [])
		: await applyPlans(
				clients,
				planned.map(({ pair, plan }) => toWritePlan(pair, plan)),
				applyOptions,
			);
	// A field value ConnectWise refuses must not cost the link: it is saved again without them.
	const refused = planned.flatMap((entry, index) =>
		fieldsCostTheLink(entry.pair, entry.plan, outcomes[index]) ? [index] : [],
	);
	const retried = await applyPlans(
		clients,
		refused.map((index) =>
			toWritePlan(planned[index].pair, planned[index].plan, {
				mirrorDone: linkMirror(outcomes[index])?.status === 'done',
			}),
		),
		applyOptions,
	);
	const retriedByIndex = new Map(refused.map((index, position) => [index, retried[position]]));
	return planned.map(({ pair, plan }, index) => {
		const written = readOutcomes(pair, plan, outcomes[index], retriedByIndex.get(index));
		const configuration = {
			id: pair.configuration.id,
			// The name after the sync, when the sync renamed it.
			name: written.patched?.name ?? pair.configuration.name ?? null,
			companyId: pair.configuration.company?.id ?? null,
		};
		return {
			itemIndex: pair.itemIndex,
			agentId: pair.agentId,
			deviceId: pair.deviceId,
			device: pair.device,
			outcome: {
				status: statusOf(plan, written.writes, options.dryRun),
				configuration,
				plan,
				writes: written.writes,
			},
			...(written.link ? { link: written.link } : {}),
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
 * Pairs linked by a pending marker get the repair of their mirror (when mirroring is on and the
 * inventory field is there): the mirror, then the confirmed marker in the pair's PATCH.
 */
async function withMirrorRepairs(
	workspace: SyncWorkspace,
	pairs: readonly SyncPair[],
	options: PairSyncOptions,
): Promise<readonly SyncPair[]> {
	if (options.dryRun || !options.mirrorInDomotz) return pairs;
	const repairs = pairs.map((pair) =>
		pair.newLink || pair.mirrorTried
			? undefined
			: planPendingRepair(pair.configuration, options.linkStore),
	);
	if (repairs.every((repair) => repair === undefined)) return pairs;
	const fieldReady = await workspace.mirrorField().then(
		() => true,
		() => false,
	);
	if (!fieldReady) return pairs;
	return pairs.map((pair, index) => {
		const repair = repairs[index];
		return repair ? { ...pair, newLink: repair } : pair;
	});
}

/**
 * The ConnectWise PATCH and the Domotz edits are independent: a failure on one side does not
 * hold back the other, and each write reports its own outcome. A pair with a new link is the
 * exception: nothing follows a PATCH that failed to save the link. A link's mirror goes first, so
 * that the PATCH carries the marker that says whether it was written. A retry (the link without
 * the fields ConnectWise refused) sends no mirror again: it writes the marker the mirror's first
 * outcome calls for.
 */
function toWritePlan(
	pair: SyncPair,
	plan: FieldSyncPlan,
	retry?: { mirrorDone: boolean },
): WritePlan {
	const link = pair.newLink;
	const fields = retry ? [] : plan.connectWisePatch;
	const mirror = retry ? undefined : link?.mirror;
	const linkOperations =
		retry && !retry.mirrorDone && link?.mirror ? link.mirror.otherwise : (link?.operations ?? []);
	const steps: WriteStep[] = mirror ? [mirror.step] : [];
	const operations = [...linkOperations, ...fields];
	const patchIndex = steps.length;
	if (operations.length > 0) {
		steps.push({
			kind: 'patchConfiguration',
			configurationId: pair.configuration.id,
			operations,
			...(mirror ? { unlessDone: { step: 0, operations: [...mirror.otherwise, ...fields] } } : {}),
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
	const savesLink = link !== undefined && (link.purpose ?? 'save') === 'save';
	return {
		steps,
		optional: new Set(
			steps.map((_step, index) => index).filter((index) => !savesLink || index !== patchIndex),
		),
	};
}

function stepOf(outcomes: readonly StepOutcome[], kind: WriteStep['kind']) {
	return outcomes.find((outcome) => outcome.step.kind === kind);
}

function linkMirror(outcomes: readonly StepOutcome[]) {
	return stepOf(outcomes, 'setDomotzInventory');
}

function fieldsCostTheLink(
	pair: SyncPair,
	plan: FieldSyncPlan,
	outcomes: readonly StepOutcome[],
): boolean {
	const patch = stepOf(outcomes, 'patchConfiguration');
	return (
		pair.newLink !== undefined &&
		(pair.newLink.purpose ?? 'save') === 'save' &&
		plan.connectWisePatch.length > 0 &&
		patch?.status === 'failed' &&
		patch.error instanceof ApiError &&
		patch.error.reason === 'invalidRequest'
	);
}

/**
 * Field writes, link and renamed configuration from a pair's step outcomes (and from its retry
 * without the fields, when ConnectWise refused them).
 */
function readOutcomes(
	pair: SyncPair,
	plan: FieldSyncPlan,
	outcomes: readonly StepOutcome[],
	retried: readonly StepOutcome[] | undefined,
): { writes: WriteReport[]; link?: LinkSaveOutcome; patched?: CwConfiguration } {
	const final = retried ?? outcomes;
	const fieldPatch = stepOf(outcomes, 'patchConfiguration');
	const linkPatch = stepOf(final, 'patchConfiguration');
	const mirror = linkMirror(outcomes);
	const writes = [
		...(fieldPatch && plan.connectWisePatch.length > 0
			? [describeWrite(fieldPatch, plan.connectWisePatch)]
			: []),
		...final
			.filter((outcome) => outcome.step.kind === 'editDomotzField')
			.map((outcome) => describeWrite(outcome)),
	];
	const linkOutcomes = [linkPatch, mirror].flatMap((outcome) => (outcome ? [outcome] : []));
	const link = !pair.newLink
		? undefined
		: pair.newLink.purpose === 'confirm'
			? describeMirrorConfirmation(linkOutcomes)
			: describeLinkSave(linkOutcomes, mirror !== undefined);
	const patched = [fieldPatch, linkPatch].find((outcome) => outcome?.status === 'done');
	return {
		writes,
		...(link ? { link } : {}),
		...(patched?.status === 'done' && patched.configuration
			? { patched: patched.configuration }
			: {}),
	};
}

/** A PATCH is reported by the fields it changes, not by the link that may share it. */
function describeWrite(outcome: StepOutcome, fields?: readonly CwPatchOperation[]): WriteReport {
	const { step } = outcome;
	const target = step.kind === 'editDomotzField' ? 'Domotz' : 'ConnectWise';
	const what =
		step.kind === 'editDomotzField'
			? step.field
			: (fields ?? (step.kind === 'patchConfiguration' ? step.operations : []))
					.map((operation) => operation.path)
					.join(', ') || step.kind;
	return outcome.status === 'done'
		? { target, what, status: 'done' }
		: { target, what, status: outcome.status, error: describeStepFailure(outcome) };
}

/** Manufacturers and sites are read only when a direction can need them. */
async function readLookups(
	workspace: SyncWorkspace,
	pairs: readonly SyncPair[],
	options: PairSyncOptions,
): Promise<{
	manufacturers: SyncLookups['manufacturers'];
	sitesByCompany: Map<number, Map<string, { id: number; name: string }>>;
}> {
	const { directions } = options.policy;
	const lookups = {
		manufacturers: new Map<string, { id: number; name: string }>(),
		sitesByCompany: new Map<number, Map<string, { id: number; name: string }>>(),
	};
	// A name equal to the configuration's needs no lookup: only differing ones are wanted.
	const wantedManufacturers = pairs.flatMap(({ values, configuration }) =>
		values.manufacturer !== null && differs(values.manufacturer, configuration.manufacturer?.name)
			? [values.manufacturer]
			: [],
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
				differs(pair.values.site, pair.configuration.site?.name) &&
				typeof pair.configuration.company?.id === 'number'
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
				outcome.value.map((site) => [lookupKey(site.name), { id: site.id, name: site.name }]),
			),
		);
	});
	return byCompany;
}

/** A reference the planner would look up: a Domotz name that is not the configuration's. */
function differs(domotzName: string | null, configurationName: string | null | undefined) {
	return (
		domotzName !== null &&
		domotzName !== configurationName &&
		lookupKey(domotzName) !== lookupKey(configurationName ?? '')
	);
}
