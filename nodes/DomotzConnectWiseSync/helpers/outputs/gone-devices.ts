import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { describeError } from '../../../../lib/http/errors';
import { COLLECTOR_DEVICE_ID } from '../../../../lib/links/marker';
import type { GoneDeviceReport } from '../../../../lib/sync/gone-devices';
import {
	zeroAgentCounts,
	type AgentCounts,
	type AgentSyncReport,
} from '../../../../lib/sync/sync-agent';
import { toJson } from '../../../shared/output';

/** A linked configuration whose device is gone, and what the run did (or would do) with it. */
export function describeGoneDevice(gone: GoneDeviceReport): IDataObject {
	const { status, ...details } = gone.outcome;
	return {
		deviceId: gone.deviceId,
		...(gone.deviceId === COLLECTOR_DEVICE_ID ? { collector: true } : {}),
		configurationId: gone.configurationId,
		configurationName: gone.configurationName,
		companyId: gone.companyId,
		action: status,
		...('error' in details ? { error: describeError(details.error) } : toJson(details)),
	};
}

/**
 * The agent's gone devices, one item each after its other devices, in their shape: Domotz has no
 * name for them any more, and their settlement is `gone`.
 */
export function goneDeviceItems(
	report: AgentSyncReport,
	pairedItem: IPairedItemData[],
): INodeExecutionData[] {
	if (report.status !== 'synced' && report.status !== 'gone') return [];
	return report.goneDevices.map((gone) => {
		const { deviceId, ...settlement } = describeGoneDevice(gone);
		return {
			json: {
				agentId: report.agentId,
				deviceId,
				deviceName: null,
				settlement: { status: 'gone', ...settlement },
			},
			pairedItem,
		};
	});
}

/** An agent gone from the account syncs nothing: only its gone devices, and failed writes, count. */
export function goneAgentCounts(goneDevices: readonly GoneDeviceReport[]): AgentCounts {
	return {
		...zeroAgentCounts(),
		gone: goneDevices.length,
		failed: goneDevices.filter((gone) => gone.outcome.status === 'failed').length,
	};
}
