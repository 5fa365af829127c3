/**
 * How long Sync Agent's Domotz writes take when the key is paced to `concurrent_allowed` calls a
 * minute, counted from the run's plans (a dry run's too): one call per Domotz field changed and
 * one per new link mirrored.
 */

import { estimateDomotzMinutes } from '../domotz/quota';
import type { RateReading } from '../domotz/rate';
import type { DomotzUsage } from '../domotz/schemas';
import type { Settlement } from './settle/settlement';
import type { AgentSyncReport } from './sync-agent';

/** Beyond this, the output says how long the Domotz writes take. */
export const paceWarningMinutes = 10;

export interface PlannedDomotzWrites {
	fields: number;
	mirrors: number;
}

/** Settlements that save a new link, and with the mirror on write it in Domotz. */
const savesNewLink: ReadonlySet<Settlement['status']> = new Set([
	'created',
	'wouldCreate',
	'linkedExisting',
	'wouldLink',
]);

export function plannedDomotzWrites(
	reports: readonly AgentSyncReport[],
	mirrorInDomotz: boolean,
): PlannedDomotzWrites {
	const planned = { fields: 0, mirrors: 0 };
	for (const report of reports) {
		if (report.status !== 'synced') continue;
		for (const { settlement, sync } of report.devices) {
			if (sync && 'plan' in sync) planned.fields += sync.plan.domotzEdits.length;
			if (mirrorInDomotz && savesNewLink.has(settlement.status)) planned.mirrors += 1;
		}
	}
	return planned;
}

function describeMinutes(minutes: number): string {
	return minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
}

/** A sentence for the output when the writes take longer than `paceWarningMinutes`. */
export function describeDomotzPace(
	writes: PlannedDomotzWrites,
	usage: DomotzUsage | undefined,
	reading: RateReading,
): string | undefined {
	const calls = writes.fields + writes.mirrors;
	const minutes = estimateDomotzMinutes(calls, usage, reading);
	if (minutes === undefined || minutes <= paceWarningMinutes) return undefined;
	const perMinute =
		usage?.concurrent_allowed === 1 ? '1 call' : `${usage?.concurrent_allowed} calls`;
	const mirrors =
		writes.mirrors > 0
			? `; turning off Mirror Link in Domotz leaves out ${writes.mirrors} of them (the mirrors of new links)`
			: '';
	return `Domotz allows this API key ${perMinute} a minute, so this run's ${calls} Domotz writes take about ${describeMinutes(minutes)}${mirrors}`;
}

/**
 * The warning for a Sync Agent run, from its reports and what its Domotz client learnt. Only
 * writes at the per-minute reading can take long: only they need the key's usage, read now if the
 * run has not (a dry run writes nothing).
 */
export async function domotzPaceWarning(
	reports: readonly AgentSyncReport[],
	mirrorInDomotz: boolean,
	domotz: { currentUsage(): Promise<DomotzUsage | undefined>; rateReading(): RateReading },
): Promise<string | undefined> {
	const writes = plannedDomotzWrites(reports, mirrorInDomotz);
	const reading = domotz.rateReading();
	if (writes.fields + writes.mirrors === 0 || reading !== 'perMinute') return undefined;
	return describeDomotzPace(writes, await domotz.currentUsage(), reading);
}
