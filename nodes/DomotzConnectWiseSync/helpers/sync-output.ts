import type { IDataObject } from 'n8n-workflow';

import type { SyncOutcome, SyncRunItem } from '../../../lib/sync/sync-run';
import { toJsonList } from '../../shared/output';

/** One device's sync as an item: its changes field by field, what was skipped and why, the writes. */
export function describeSync(result: SyncRunItem): IDataObject {
	return {
		agentId: result.agentId,
		deviceId: result.deviceId,
		deviceName: result.device ? result.device.user_data?.name || result.device.display_name : null,
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
