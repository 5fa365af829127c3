/**
 * The creating step. Every device gets exactly one configuration in its agent's company: the link
 * marker travels in the create request itself, so a run that dies halfway and is run again finds
 * what it created and creates nothing twice. Two runs at once (queue-mode workers) create nothing
 * twice either: a company's configurations are created under its creation lease (lease.ts), after
 * a fresh look for the devices' markers.
 */

import type { SyncClients } from '../../clients';
import type { CwConfiguration, CwConfigurationInput } from '../../connectwise/schemas';
import { formatMarker, markerLookup, type DeviceRef } from '../../links/marker';
import {
	describeLinkSave,
	describeMirrorConfirmation,
	planFromParts,
	planMirrorConfirmation,
} from '../../links/writes';
import { settleAll } from '../../pool';
import {
	applyPlans,
	assertDailyQuota,
	describeStepFailure,
	type StepOutcome,
	type WritePlan,
	type WriteStep,
} from '../../writes/apply';
import type { CompanySummary } from '../company-link';
import { leaseUnavailableError, withCreationLease, type HeldLease } from '../lease';
import { DEFAULT_CONCURRENCY, type CreateOptions } from '../options';
import type { SyncWorkspace } from '../workspace';
import { carriersOf, freshMarkers } from './markers';
import type { MatchedItem } from './match-devices';
import { planCreates, type CreateCandidate } from './plan-creates';
import { alreadyLinked, resultOf, type SettledItem } from './settlement';

/** Sync Agent's collector, to be created under the lease its company's devices take. */
export interface CollectorCreate {
	company: CompanySummary;
	collector: DeviceRef;
	body: CwConfigurationInput;
}

export interface CreatedConfigurations {
	settled: SettledItem[];
	/** How the collector's create ended; absent when no device of its company was created. */
	collector?: LeasedCreate;
}

/**
 * Plans every device's configuration; a dry run stops there. Otherwise each company's
 * configurations are created under the company's lease, once a fresh marker query shows that no
 * other run created them meanwhile; a collector with them, under the same lease and after the
 * same query.
 */
export async function createConfigurations(
	clients: SyncClients,
	workspace: SyncWorkspace,
	items: readonly MatchedItem[],
	fallbackNames: ReadonlyMap<number, string>,
	options: CreateOptions,
	collector?: CollectorCreate,
): Promise<CreatedConfigurations> {
	if (items.length === 0) return { settled: [] };
	const planned = await planCreates(workspace, items, fallbackNames, options);
	if (options.dryRun) {
		return {
			settled: [
				...planned.settled,
				...planned.candidates.map(({ item, plan, skippedFields }) =>
					resultOf(item, {
						status: 'wouldCreate',
						body: plan.body,
						filled: plan.filled,
						truncated: plan.truncated,
						skippedFields,
					}),
				),
			],
		};
	}
	// Each creation is mirrored in Domotz once made: the quota must carry the mirrors before the first.
	if (planned.mirror) await assertDailyQuota(clients, planned.candidates.length);
	const byCompany = new Map<number, CreateCandidate[]>();
	for (const candidate of planned.candidates) {
		const companyId = candidate.company.id;
		byCompany.set(companyId, [...(byCompany.get(companyId) ?? []), candidate]);
	}
	const created = await Promise.all(
		[...byCompany].map(([companyId, candidates]) =>
			createInCompany(
				clients,
				workspace,
				candidates,
				collector?.company.id === companyId ? collector : undefined,
				planned.mirror,
				options,
			),
		),
	);
	const collectorCreated = created.find((inCompany) => inCompany.collector)?.collector;
	return {
		settled: [...planned.settled, ...created.flatMap((inCompany) => inCompany.settled)],
		...(collectorCreated ? { collector: collectorCreated } : {}),
	};
}

async function createInCompany(
	clients: SyncClients,
	workspace: SyncWorkspace,
	candidates: readonly CreateCandidate[],
	collector: CollectorCreate | undefined,
	mirror: boolean,
	options: CreateOptions,
): Promise<CreatedConfigurations> {
	const { company } = candidates[0];
	await clients.writesAfter?.();
	const leased = await withCreationLease(
		clients.connectwise,
		company.id,
		async (lease) => {
			const items = candidates.map(({ item }) => item);
			const markers = await freshMarkers(
				clients,
				items.map((item) => item.agentId),
				options.linkStore,
			);
			const linked = carriersOf(items, markers);
			const remaining = candidates.filter(({ item }) => !linked.has(item.itemIndex));
			const collectorFound = collector && markers.get(formatMarker(collector.collector));
			const created = await createPlanned(
				clients,
				workspace,
				[
					...remaining.map(({ item, plan }) =>
						createStep(plan.body, { agentId: item.agentId, deviceId: item.device.id }, options),
					),
					...(collector && !collectorFound
						? [createStep(collector.body, collector.collector, options)]
						: []),
				],
				lease,
				options,
			);
			return { linked, remaining, created, collectorFound };
		},
		options.lease,
	);
	if (leased.kind === 'busy') {
		const reason = busyReason(company, leased.holderNoteId);
		return {
			settled: candidates.map(({ item }) => resultOf(item, { status: 'skipped', reason })),
			...(collector ? { collector: { kind: 'busy', reason } } : {}),
		};
	}
	if (leased.kind === 'unavailable') {
		const error = leaseUnavailableError(leased.error, company);
		return {
			settled: candidates.map(({ item }) => resultOf(item, { status: 'failed', error })),
			...(collector ? { collector: { kind: 'failed', error } } : {}),
		};
	}
	const { linked, remaining, created, collectorFound } = leased.value;
	const alreadyThere = candidates.flatMap(({ item }) => {
		const configuration = linked.get(item.itemIndex);
		return configuration ? [resultOf(item, alreadyLinked(configuration))] : [];
	});
	const devicesCreated = created.slice(0, remaining.length);
	return {
		settled: [
			...alreadyThere,
			...(await reportCreated(clients, workspace, remaining, mirror, devicesCreated, options)),
		],
		...(collector
			? {
					collector: collectorFound
						? { kind: 'found', configuration: collectorFound }
						: leasedCreateOf(created[remaining.length]),
				}
			: {}),
	};
}

function createStep(
	body: CwConfigurationInput,
	device: DeviceRef,
	options: Pick<CreateOptions, 'linkStore'>,
): WriteStep {
	return { kind: 'createConfiguration', body, recoverBy: markerLookup(options.linkStore, device) };
}

function busyReason(company: CompanySummary, holderNoteId: number): string {
	return `another run is creating configurations for company ${company.name || company.id} (lease note ${holderNoteId}); it will be created by that run or the next`;
}

/**
 * The creates, as many at once as the run allows. Each finished create shows ConnectWise's time,
 * which renews the lease when due.
 */
async function createPlanned(
	clients: SyncClients,
	workspace: SyncWorkspace,
	steps: readonly WriteStep[],
	lease: HeldLease,
	options: CreateOptions,
): Promise<StepOutcome[][]> {
	const shared = workspace.writeSlots;
	const settled = await settleAll(
		steps,
		shared ? steps.length : (options.concurrency ?? DEFAULT_CONCURRENCY),
		async (step) => {
			const [outcomes] = await applyPlans(clients, [{ steps: [step] }], { concurrency: 1, shared });
			lease.observe(createdConfiguration(outcomes)?._info?.lastUpdated);
			return outcomes;
		},
	);
	return settled.map((outcome, index): StepOutcome[] =>
		outcome.ok ? outcome.value : [{ status: 'failed', step: steps[index], error: outcome.error }],
	);
}

/**
 * Mirrors the new links in Domotz, then confirms their markers (outside the lease: it guards
 * ConnectWise creates only). A mirror that fails leaves the marker pending for the next run.
 */
async function reportCreated(
	clients: SyncClients,
	workspace: SyncWorkspace,
	candidates: readonly CreateCandidate[],
	mirror: boolean,
	created: readonly StepOutcome[][],
	options: CreateOptions,
): Promise<SettledItem[]> {
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const confirmations = created.map((outcomes, index): WritePlan => {
		const configuration = createdConfiguration(outcomes);
		if (!mirror || !configuration) return { steps: [] };
		const { item } = candidates[index];
		const device = { agentId: item.agentId, deviceId: item.device.id };
		const parts = planMirrorConfirmation(configuration, device, options.linkStore);
		return parts.kind === 'parts' ? planFromParts(configuration.id, parts) : { steps: [] };
	});
	const confirmed = await applyPlans(clients, confirmations, {
		concurrency,
		shared: workspace.writeSlots,
	});

	return candidates.map(({ item, plan, skippedFields }, index) => {
		const [outcome] = created[index];
		const configuration = createdConfiguration(created[index]);
		if (!configuration) {
			return resultOf(item, {
				status: 'failed',
				error: outcome?.status === 'failed' ? outcome.error : describeStepFailure(outcome),
			});
		}
		const confirmation = confirmed[index];
		const marker = confirmation.find((outcome) => outcome.step.kind === 'patchConfiguration');
		return resultOf(item, {
			status: 'created',
			configuration: (marker?.status === 'done' && marker.configuration) || configuration,
			recovered: outcome.status === 'done' && outcome.recovered === true,
			filled: plan.filled,
			truncated: plan.truncated,
			skippedFields,
			link: mirror
				? describeMirrorConfirmation(confirmation)
				: describeLinkSave([{ status: 'done', step: outcome.step }], false),
		});
	});
}

export type LeasedCreate =
	| { kind: 'created'; configuration: CwConfiguration }
	/** Its marker turned up on a configuration while the lease was awaited: nothing was created. */
	| { kind: 'found'; configuration: CwConfiguration }
	| { kind: 'busy'; reason: string }
	| { kind: 'failed'; error: unknown };

/**
 * One configuration (Sync Agent's collector, when none of its company's devices is created)
 * created under its company's lease, after a fresh look for its marker, so that two runs at once
 * never both create it.
 */
export async function createOneUnderLease(
	clients: SyncClients,
	workspace: SyncWorkspace,
	company: CompanySummary,
	device: DeviceRef,
	body: CwConfigurationInput,
	options: Pick<CreateOptions, 'linkStore' | 'lease'>,
): Promise<LeasedCreate> {
	const recoverBy = markerLookup(options.linkStore, device);
	await clients.writesAfter?.();
	const leased = await withCreationLease(
		clients.connectwise,
		company.id,
		async (): Promise<LeasedCreate> => {
			const [found] = (await clients.connectwise.listConfigurations(recoverBy.query)).filter(
				recoverBy.keep,
			);
			if (found) return { kind: 'found', configuration: found };
			const [outcomes] = await applyPlans(
				clients,
				[{ steps: [{ kind: 'createConfiguration', body, recoverBy }] }],
				{ concurrency: 1, shared: workspace.writeSlots },
			);
			return leasedCreateOf(outcomes);
		},
		options.lease,
	);
	if (leased.kind === 'busy') {
		return { kind: 'busy', reason: busyReason(company, leased.holderNoteId) };
	}
	if (leased.kind === 'unavailable') {
		return { kind: 'failed', error: leaseUnavailableError(leased.error, company) };
	}
	return leased.value;
}

function leasedCreateOf(outcomes: readonly StepOutcome[]): LeasedCreate {
	const configuration = createdConfiguration(outcomes);
	if (configuration) return { kind: 'created', configuration };
	const [outcome] = outcomes;
	return {
		kind: 'failed',
		error: outcome?.status === 'failed' ? outcome.error : describeStepFailure(outcome),
	};
}

function createdConfiguration(outcomes: readonly StepOutcome[]): CwConfiguration | undefined {
	const [outcome] = outcomes;
	return outcome?.status === 'done' ? outcome.configuration : undefined;
}
