import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { toNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import { toJson } from '../../../shared/output';
import { describeSyncOutcome } from './sync';
import type { AgentCounts, AgentSyncReport } from '../../../../lib/sync/sync-agent';
import type { CollectorOutcome } from '../../../../lib/sync/collector';

type FailedAgent = Extract<AgentSyncReport, { status: 'failed' }>;
type FinishedAgent = Exclude<AgentSyncReport, { status: 'failed' }>;
type SyncedAgent = Extract<AgentSyncReport, { status: 'synced' }>;

/**
 * A failed agent as Domotz reports it, with its last successful sync: an error item under
 * "continue on fail", otherwise the error that fails the node.
 */
export function agentFailureItem(
	context: IExecuteFunctions,
	report: FailedAgent,
	lastSuccessfulSync: string | null,
	pairedItem: IPairedItemData[],
): INodeExecutionData {
	const cause = toNodeError(context.getNode(), report.error);
	const failure = new NodeOperationError(
		context.getNode(),
		`Failed Sync of agent "${report.agentName}" (${report.agentId}): ${cause.message}. Last successful sync: ${lastSuccessfulSync ?? 'never'}`,
		{ description: cause.description ?? undefined },
	);
	if (!context.continueOnFail()) throw failure;
	return errorItem(failure, pairedItem);
}

/**
 * A synced or skipped agent: its counts and collector, whether it was a dry run, its last success,
 * and the run's warning (how long Domotz's pace makes its writes), when it has one.
 */
export function agentItem(
	report: FinishedAgent,
	dryRun: boolean,
	lastSuccessfulSync: string | null,
	pairedItem: IPairedItemData[],
	warning?: string,
): INodeExecutionData {
	return {
		json: {
			...describeAgent(report),
			dryRun,
			lastSuccessfulSync,
			...(warning ? { warning } : {}),
		},
		pairedItem,
	};
}

/** One item per device of a synced agent: its match settlement and, when synced, its changes. */
export function deviceDetailItems(
	report: SyncedAgent,
	pairedItem: IPairedItemData[],
): INodeExecutionData[] {
	return report.devices.map((device) => ({
		json: {
			agentId: report.agentId,
			deviceId: device.deviceId,
			deviceName: device.deviceName,
			settlement: toJson(device.settlement),
			...(device.sync ? { sync: describeSyncOutcome(device.sync) } : {}),
		},
		pairedItem,
	}));
}

/** What needs a look first, then what was done: the order of the columns in n8n's table view. */
const countOrder: ReadonlyArray<keyof AgentCounts> = [
	'devices',
	'failed',
	'ambiguous',
	'unmatched',
	'skipped',
	'linked',
	'newlyLinked',
	'created',
	'updated',
	'unchanged',
	'planned',
];

function describeAgent(report: FinishedAgent): IDataObject {
	const base: IDataObject = {
		agentId: report.agentId,
		agentName: report.agentName,
		status: report.status,
	};
	if (report.status === 'skipped') return { ...base, reason: report.reason };
	return {
		...base,
		companyId: report.company.id,
		companyName: report.company.name,
		...Object.fromEntries(countOrder.map((count) => [count, report.counts[count]])),
		...(report.collector ? { collector: describeCollector(report.collector) } : {}),
	};
}

function describeCollector(outcome: CollectorOutcome): IDataObject {
	if (outcome.status === 'failed') {
		return {
			status: 'failed',
			error: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
		};
	}
	if (outcome.status === 'linked') {
		return {
			status: outcome.status,
			configurationId: outcome.configurationId,
			how: outcome.how,
			sync: describeSyncOutcome(outcome.sync),
		};
	}
	return toJson(outcome);
}
