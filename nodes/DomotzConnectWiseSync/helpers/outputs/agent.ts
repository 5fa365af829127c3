import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { describeError } from '../../../../lib/http/errors';
import type { Settlement } from '../../../../lib/sync/settle/settlement';
import { toNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import { toJson } from '../../../shared/output';
import { describeSyncOutcome } from './sync';
import { describeGoneDevice, goneAgentCounts, goneDeviceItems } from './gone-devices';
import {
	zeroAgentCounts,
	type AgentCounts,
	type AgentRunOptions,
	type AgentSyncReport,
} from '../../../../lib/sync/sync-agent';
import type { CollectorOutcome } from '../../../../lib/sync/collector';
import { isUneventful } from '../../../../lib/sync/device-news';
import type { AgentPause } from '../../../../lib/sync/paused-agents';

type FailedAgent = Extract<AgentSyncReport, { status: 'failed' }>;
type FinishedAgent = Exclude<AgentSyncReport, { status: 'failed' }>;

/** What an agent's item says beside its report. */
export interface AgentStanding {
	lastSuccessfulSync: string | null;
	/** Set while the agent is paused after a failed sync. */
	pause?: AgentPause;
}

/** Why an agent failed, in the words of its Failed Sync (and of its pause). */
export function agentFailureCause(context: IExecuteFunctions, error: unknown): string {
	return toNodeError(context.getNode(), error).message;
}

/**
 * A failed agent as Domotz reports it, with its last successful sync and whether it is now
 * paused: an error item under "continue on fail", otherwise the error that fails the node.
 */
export function agentFailureItem(
	context: IExecuteFunctions,
	report: FailedAgent,
	{ lastSuccessfulSync, pause }: AgentStanding,
	pairedItem: IPairedItemData[],
): INodeExecutionData {
	const cause = toNodeError(context.getNode(), report.error);
	const paused = pause
		? '. Paused: scheduled runs skip this agent until it is chosen in Resume Paused Agents'
		: '';
	const failure = new NodeOperationError(
		context.getNode(),
		`Failed Sync of agent "${report.agentName}" (${report.agentId}): ${cause.message}. Last successful sync: ${lastSuccessfulSync ?? 'never'}${paused}`,
		{ description: cause.description ?? undefined },
	);
	if (!context.continueOnFail()) throw failure;
	return errorItem(failure, pairedItem);
}

/**
 * A synced, skipped or paused agent: its counts and collector, the devices Output Device Details
 * left out, whether it was a dry run, its last success, its pause, and the run's warning (how long
 * Domotz's pace makes its writes), if any.
 */
export function agentItem(
	report: FinishedAgent,
	{ lastSuccessfulSync, pause }: AgentStanding,
	run: { dryRun: boolean; warning?: string; devicesNotOutput?: number },
	pairedItem: IPairedItemData[],
): INodeExecutionData {
	return {
		json: {
			...describeAgent(report),
			...(run.devicesNotOutput === undefined ? {} : { devicesNotOutput: run.devicesNotOutput }),
			dryRun: run.dryRun,
			lastSuccessfulSync,
			...(pause ? { pausedAt: pause.pausedAt, pausedBecause: pause.pausedBecause } : {}),
			...(run.warning ? { warning: run.warning } : {}),
		},
		pairedItem,
	};
}

/**
 * The agents' items with the same columns, null where a column does not apply: n8n's table shows
 * a column missing from an item as "undefined". Error items keep the shape n8n's error output takes.
 */
export function withSameColumns(items: readonly INodeExecutionData[]): INodeExecutionData[] {
	const isAgent = (item: INodeExecutionData) => item.json.agentId !== undefined;
	const columns = [...new Set(items.filter(isAgent).flatMap((item) => Object.keys(item.json)))];
	return items.map((item) =>
		isAgent(item)
			? { ...item, json: Object.fromEntries(columns.map((key) => [key, item.json[key] ?? null])) }
			: item,
	);
}

/** Which devices Output Device Details outputs; `none` when it is off. */
export type DeviceOutput = 'none' | 'changesAndProblems' | 'everyDevice';

/** The details the engine keeps for the output: none it will not show are held during the run. */
export const keptDetails: Record<DeviceOutput, AgentRunOptions['keepDeviceDetail']> = {
	none: () => false,
	changesAndProblems: (detail) => !isUneventful(detail),
	everyDevice: undefined,
};

/**
 * One item per device the report kept — each one, or only the eventful ones — with its match
 * settlement and, when synced, its changes; then one per gone device, of a synced agent or of one
 * gone from the account. `notOutput` counts the devices the report left out.
 */
export function deviceDetailItems(
	report: FinishedAgent,
	pairedItem: IPairedItemData[],
): { items: INodeExecutionData[]; notOutput: number } {
	const devices = report.status === 'synced' ? report.devices : [];
	const listed = devices.map((device) => ({
		json: {
			agentId: report.agentId,
			deviceId: device.deviceId,
			deviceName: device.deviceName,
			settlement: settlementJson(device.settlement),
			...(device.sync ? { sync: describeSyncOutcome(device.sync) } : {}),
		},
		pairedItem,
	}));
	return {
		items: [...listed, ...goneDeviceItems(report, pairedItem)],
		notOutput: report.status === 'synced' ? report.counts.devices - devices.length : 0,
	};
}

/** A failed settlement carries its error's message: an Error object reaches n8n's table without it. */
function settlementJson(settlement: Settlement): IDataObject {
	return settlement.status === 'failed'
		? { status: settlement.status, error: describeError(settlement.error) }
		: toJson(settlement);
}

/** What needs a look first, then what was done: the order of the columns in n8n's table view. */
const countOrder: ReadonlyArray<keyof AgentCounts> = [
	'devices',
	'failed',
	'ambiguous',
	'unmatched',
	'gone',
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
	const notSynced = { companyId: null, companyName: null, ...countsInOrder(zeroAgentCounts()) };
	if (report.status === 'skipped') return { ...base, reason: report.reason, ...notSynced };
	if (report.status === 'paused') {
		return {
			...base,
			reason: 'paused after a failed sync: choose it in Resume Paused Agents to sync it again',
			...notSynced,
		};
	}
	if (report.status === 'gone') {
		return {
			...base,
			reason: 'Domotz no longer lists this agent',
			...countsInOrder(goneAgentCounts(report.goneDevices)),
			goneDevices: report.goneDevices.map(describeGoneDevice),
		};
	}
	return {
		...base,
		reason: null,
		companyId: report.company.id,
		companyName: report.company.name,
		...countsInOrder(report.counts),
		...(report.goneDevices.length > 0
			? { goneDevices: report.goneDevices.map(describeGoneDevice) }
			: {}),
		...(report.collector ? { collector: describeCollector(report.collector) } : {}),
	};
}

function countsInOrder(counts: AgentCounts): IDataObject {
	return Object.fromEntries(countOrder.map((count) => [count, counts[count]]));
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
