/**
 * The one place that writes. Actions plan data (which configuration to create or patch, which
 * Domotz field to edit); this applier performs them with bounded concurrency and reports an
 * outcome for every step, so no caller ever writes on its own.
 */

import type { ConfigurationQuery } from '../connectwise/client';
import type {
	CwConfiguration,
	CwConfigurationInput,
	CwPatchOperation,
} from '../connectwise/schemas';
import type { DomotzFieldValueOf } from '../domotz/field-values';
import type { DomotzEditableField } from '../fields/domotz-editable';
import { UncertainWriteError } from '../http/errors';
import type { ConcurrencyLimiter } from '../http/limiter';
import { settleAll } from './pool';
import type { SyncClients } from './workspace';

export type WriteStep =
	| {
			kind: 'createConfiguration';
			body: CwConfigurationInput;
			/**
			 * Finds the configuration this create made when its answer was lost (the link marker is in
			 * the body), so that an uncertain create is resolved by one read instead of a second create.
			 */
			recoverBy?: ConfigurationQuery;
	  }
	| { kind: 'patchConfiguration'; configurationId: number; operations: CwPatchOperation[] }
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
	const settled = shared
		? await settleAll(plans, plans.length, (plan) => shared.run(() => runPlan(clients, plan)))
		: await settleAll(plans, options.concurrency, (plan) => runPlan(clients, plan));
	return settled.map((outcome, index) =>
		outcome.ok
			? outcome.value
			: plans[index].steps.map((step) => ({ status: 'failed', step, error: outcome.error })),
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
		const outcome = await runStep(clients, step);
		outcomes.push(outcome);
		if (outcome.status !== 'done' && !plan.optional?.has(index)) stopped = true;
	}
	return outcomes;
}

async function runStep(clients: SyncClients, step: WriteStep): Promise<StepOutcome> {
	const performed = await perform(clients, step).then(
		(outcome) => ({ ok: true as const, outcome }),
		(error: unknown) => ({ ok: false as const, error }),
	);
	if (performed.ok) return performed.outcome;
	if (
		step.kind === 'createConfiguration' &&
		step.recoverBy &&
		performed.error instanceof UncertainWriteError
	) {
		return await recoverCreate(clients, step, step.recoverBy, performed.error);
	}
	return { status: 'failed', step, error: performed.error };
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

async function recoverCreate(
	clients: SyncClients,
	step: WriteStep,
	query: ConfigurationQuery,
	uncertain: UncertainWriteError,
): Promise<StepOutcome> {
	const found = await clients.connectwise.listConfigurations(query).then(
		(configurations) => configurations,
		() => undefined,
	);
	if (found?.length === 1)
		return { status: 'done', step, configuration: found[0], recovered: true };
	return { status: 'failed', step, error: uncertain };
}
