import type { IDataObject } from 'n8n-workflow';

import { deviceName } from '../../../../lib/devices/name';
import { toJsonList } from '../../../shared/output';
import type { SyncOutcome, SyncedItem } from '../../../../lib/sync/pairs';

/** One device's sync as an item: its changes field by field, what was skipped and why, the writes. */
export function describeSync(result: SyncedItem): IDataObject {
	return {
		agentId: result.agentId,
		deviceId: result.deviceId,
		deviceName: result.device ? deviceName(result.device) : null,
		...describeSyncOutcome(result.outcome),
	};
}

export function describeSyncOutcome(outcome: SyncOutcome): IDataObject {
	if (outcome.status === 'notLinked') return { status: outcome.status, reason: outcome.reason };
	if (outcome.status === 'duplicate') {
		return { status: outcome.status, firstItemIndex: outcome.firstItemIndex };
	}
	if (outcome.status === 'failed') return { status: outcome.status };
	return {
		status: outcome.status,
		configurationId: outcome.configuration.id,
		configurationName: outcome.configuration.name,
		companyId: outcome.configuration.companyId,
		changes: toJsonList(outcome.plan.changes),
		skipped: toJsonList(outcome.plan.skipped),
		unchanged: outcome.plan.unchanged,
		writes: toJsonList(outcome.writes),
	};
}

/** The counts of Sync Fields' summary; an unreadable item counts as a failed device. */
export function countSyncOutcomes(results: readonly SyncedItem[], invalid: number) {
	const counts = {
		devices: results.length + invalid,
		updated: 0,
		unchanged: 0,
		planned: 0,
		notLinked: 0,
		duplicate: 0,
		failed: invalid,
	};
	for (const { outcome } of results) {
		if (outcome.status === 'partlyFailed' || outcome.status === 'failed') counts.failed += 1;
		else counts[outcome.status] += 1;
	}
	return counts;
}
