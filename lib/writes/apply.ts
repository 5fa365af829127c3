/**
 * The one place that writes. Actions plan data (which configuration to create or patch, which
 * Domotz field to edit); this applier performs them with bounded concurrency and reports an
 * outcome for every step, so no caller ever writes on its own.
 */

import type { ConfigurationLookup } from '../connectwise/queries';
import type {
	CwConfiguration,
	CwConfigurationInput,
	CwPatchOperation,
} from '../connectwise/schemas';
import type { DomotzEditableField, DomotzFieldValueOf } from '../domotz/field-values';
import { checkDailyQuota } from '../domotz/quota';
import { describeError, SetupError, UncertainWriteError } from '../http/errors';
import type { ConcurrencyLimiter } from '../http/limiter';
import type { SyncClients } from '../clients';
import { settleAll } from '../pool';

export type WriteStep =
	| {
			kind: 'createConfiguration';
			body: CwConfigurationInput;
			/**
			 * Finds the configuration this create made when its answer was lost (the link marker is in
			 * the body), so that an uncertain create is resolved by one read instead of a blind second
			 * create; a refused create that this read proves absent is sent again.
			 */
			recoverBy?: ConfigurationLookup;
	  }
	| {
			kind: 'patchConfiguration';
			configurationId: number;
			operations: CwPatchOperation[];
			/**
			 * Sent instead of `operations` when the plan's step at index `step` was not done, e.g. the
			 * pending link marker when its Domotz mirror failed; no operations: nothing is sent.
			 */
			unlessDone?: { step: number; operations: CwPatchOperation[] };
	  }
	| {
			kind: 'editDomotzField';
			agentId: number;
			deviceId: number;
			field: DomotzEditableField;
			value: DomotzFieldValueOf<DomotzEditableField>;
	  }
	| {
			kind: 'setDomotzInventory';
			agentId: number;
			deviceId: number;
			key: string;
			/** `null` clears the value. */
			value: string | null;
	  };

export type StepOutcome =
	| { status: 'done'; step: WriteStep; configuration?: CwConfiguration; recovered?: boolean }
	/** Domotz answered 423: the device is locked by the agent for a while; nothing was written. */
	| { status: 'locked'; step: WriteStep }
	| { status: 'failed'; step: WriteStep; error: unknown }
	/** An earlier required step of the same plan failed. */
	| { status: 'notAttempted'; step: WriteStep };

export interface WritePlan {
	steps: WriteStep[];
	/** Steps (by index) whose failure does not stop the rest, e.g. mirroring a link in Domotz. */
	optional?: ReadonlySet<number>;
}

export interface ApplyOptions {
	/** Plans in flight at once; the steps of one plan run in order. */
	concurrency: number;
	/**
	 * Slots shared by every call of an execution whose parts write side by side (Sync Agent's
	 * agents): at most that many plans in flight across all of them, instead of `concurrency` each.
	 */
	shared?: ConcurrencyLimiter;
}

/** Runs every plan and returns, per plan, one outcome per step. */
export async function applyPlans(
	clients: SyncClients,
	plans: readonly WritePlan[],
	options: ApplyOptions,
): Promise<StepOutcome[][]> {
	const { shared } = options;
	// Most plans of a re-sync are empty: they take no slot and cost no promise.
	const writing = plans.flatMap((plan, index) => (plan.steps.length > 0 ? [index] : []));
	if (writing.length > 0) {
		await clients.writesAfter?.();
		await assertDailyQuota(clients, domotzCallsOf(plans));
	}
	const run = (index: number) => runPlan(clients, plans[index]);
	const settled = shared
		? await settleAll(writing, writing.length, (index) => shared.run(() => run(index)))
		: await settleAll(writing, options.concurrency, run);
	const outcomes: StepOutcome[][] = plans.map(() => []);
	settled.forEach((outcome, position) => {
		const index = writing[position];
		outcomes[index] = outcome.ok
			? outcome.value
			: plans[index].steps.map((step) => ({ status: 'failed', step, error: outcome.error }));
	});
	return outcomes;
}

/** Requests each step sends to Domotz. */
const domotzCallsByKind: Record<WriteStep['kind'], number> = {
	createConfiguration: 0,
	patchConfiguration: 0,
	editDomotzField: 1,
	setDomotzInventory: 1,
};

function domotzCallsOf(plans: readonly WritePlan[]): number {
	return plans.reduce(
		(calls, plan) =>
			calls + plan.steps.reduce((sum, step) => sum + domotzCallsByKind[step.kind], 0),
		0,
	);
}

/**
 * Writes that would run out of the key's daily Domotz quota halfway are not started: a half-synced
 * batch is worse than none. Without a usage report there is nothing to check.
 */
export async function assertDailyQuota(clients: SyncClients, needed: number): Promise<void> {
	if (needed === 0) return;
	const quota = checkDailyQuota(needed, await clients.domotz.currentUsage());
	if (quota.kind !== 'exceeded') return;
	throw new SetupError(
		quota.message,
		'Domotz counts the calls of the last 24 hours: run again when enough have left that window, sync fewer devices at a time, or ask Domotz for a higher limit.',
	);
}

async function runPlan(clients: SyncClients, plan: WritePlan): Promise<StepOutcome[]> {
	const outcomes: StepOutcome[] = [];
	let stopped = false;
	for (const [index, step] of plan.steps.entries()) {
		if (stopped) {
			outcomes.push({ status: 'notAttempted', step });
			continue;
		}
		const chosen = chooseStep(step, outcomes);
		const outcome = chosen
			? await runStep(clients, chosen)
			: ({ status: 'notAttempted', step } as const);
		outcomes.push(outcome);
		if (outcome.status !== 'done' && !plan.optional?.has(index)) stopped = true;
	}
	return outcomes;
}

/** The step as it is sent, given the outcomes of the plan's earlier steps; undefined: none. */
function chooseStep(step: WriteStep, earlier: readonly StepOutcome[]): WriteStep | undefined {
	if (step.kind !== 'patchConfiguration' || !step.unlessDone) return step;
	const { unlessDone, ...sent } = step;
	if (earlier[unlessDone.step]?.status === 'done') return sent;
	return unlessDone.operations.length > 0
		? { ...sent, operations: unlessDone.operations }
		: undefined;
}

async function runStep(clients: SyncClients, step: WriteStep): Promise<StepOutcome> {
	if (step.kind === 'createConfiguration' && step.recoverBy) {
		return await createChecked(clients, step, step.recoverBy);
	}
	const performed = await attempt(clients, step);
	return performed.ok ? performed.outcome : { status: 'failed', step, error: performed.error };
}

function attempt(
	clients: SyncClients,
	step: WriteStep,
): Promise<{ ok: true; outcome: StepOutcome } | { ok: false; error: unknown }> {
	return perform(clients, step).then(
		(outcome) => ({ ok: true as const, outcome }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

async function perform(clients: SyncClients, step: WriteStep): Promise<StepOutcome> {
	switch (step.kind) {
		case 'createConfiguration':
			return {
				status: 'done',
				step,
				configuration: await clients.connectwise.createConfiguration(step.body),
			};
		case 'patchConfiguration':
			return {
				status: 'done',
				step,
				configuration: await clients.connectwise.patchConfiguration(
					step.configurationId,
					step.operations,
				),
			};
		case 'editDomotzField': {
			const edited = await clients.domotz.editDeviceField(
				step.agentId,
				step.deviceId,
				step.field,
				step.value,
			);
			return edited.status === 'locked' ? { status: 'locked', step } : { status: 'done', step };
		}
		case 'setDomotzInventory':
			if (step.value === null) {
				await clients.domotz.clearDeviceInventoryValue(step.agentId, step.deviceId, step.key);
			} else {
				await clients.domotz.setDeviceInventoryValue(
					step.agentId,
					step.deviceId,
					step.key,
					step.value,
				);
			}
			return { status: 'done', step };
	}
}

/** Creates sent in all for one step, the first included, when the server refuses them. */
const CREATE_ATTEMPTS = 3;

/**
 * Answers that come after the server is done with the request: it failed (500), its gateway got
 * a broken answer from it (502), or it turned the request away (503). After a 504, a timeout or a
 * broken connection the server may still be creating the configuration while the marker query
 * runs, so only the next run's marker check may decide to create it again.
 */
const refusedStatuses: readonly number[] = [500, 502, 503];

/**
 * A create whose outcome is uncertain is resolved by one read for its link marker instead of a
 * blind second create: found, it is the configuration; absent after an answer that the server was
 * done with the request, it was not made and is sent again. Nothing can then arrive late, so a
 * create is never made twice.
 */
async function createChecked(
	clients: SyncClients,
	step: WriteStep,
	lookup: ConfigurationLookup,
): Promise<StepOutcome> {
	for (let sent = 1; ; sent += 1) {
		const performed = await attempt(clients, step);
		if (performed.ok) return performed.outcome;
		const { error } = performed;
		if (!(error instanceof UncertainWriteError)) return { status: 'failed', step, error };
		const found = await clients.connectwise.listConfigurations(lookup.query).then(
			(configurations) => configurations.filter(lookup.keep),
			() => undefined,
		);
		if (found?.length === 1) {
			return { status: 'done', step, configuration: found[0], recovered: true };
		}
		const refused = error.status !== undefined && refusedStatuses.includes(error.status);
		if (found?.length !== 0 || !refused || sent >= CREATE_ATTEMPTS) {
			return { status: 'failed', step, error };
		}
	}
}

export function describeStepFailure(outcome: StepOutcome): string {
	switch (outcome.status) {
		case 'failed':
			return describeError(outcome.error);
		case 'locked':
			return 'Domotz has locked the device for a while (423); try again later';
		case 'notAttempted':
			return 'not attempted because an earlier write failed';
		case 'done':
			return 'done';
	}
}
