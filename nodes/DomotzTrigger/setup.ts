import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import {
	isDomotzWebhookEventName,
	type BindingTarget,
	type DomotzWebhookEventName,
} from '../../lib/domotz/webhook-events';
import type { TriggerSetup } from '../../lib/trigger/activation';
import { readBindingRecord, type BindingRecord } from '../../lib/trigger/bindings';
import type { TriggerWatch } from '../../lib/trigger/event-item';
import { parseNumericId } from '../shared/parameters';

type TriggerContext = IHookFunctions | IWebhookFunctions;

export interface TriggerOptions {
	repeatWindowSeconds?: number;
	headerName?: string;
}

/** The parameters that decide the trigger's bindings; a parameter that cannot work stops activation. */
export function readSetup(context: TriggerContext): TriggerSetup {
	const profileName = String(
		context.getNodeParameter('alertProfile', '', { extractValue: true }) ?? '',
	).trim();
	if (profileName === '') {
		throw new NodeOperationError(context.getNode(), 'Choose the Shared Alert Profile', {
			description: 'Pick the profile whose webhook points at this node.',
		});
	}
	return { profileName, events: readEvents(context), agents: readAgents(context) };
}

/** What the webhook passes on: the chosen events of the chosen agents. */
export function readWatch(context: TriggerContext): TriggerWatch {
	const agents = readAgents(context);
	return {
		events: new Set(readEvents(context)),
		agents: agents === 'all' ? 'all' : new Set(agents),
	};
}

export function readOptions(context: TriggerContext): TriggerOptions {
	return context.getNodeParameter('options', {}) as TriggerOptions;
}

function readEvents(context: TriggerContext): DomotzWebhookEventName[] {
	const events = (context.getNodeParameter('events', []) as unknown[]).filter(
		isDomotzWebhookEventName,
	);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event');
	}
	return events;
}

function readAgents(context: TriggerContext): 'all' | number[] {
	if (context.getNodeParameter('agentScope', 'all') !== 'chosen') return 'all';
	const raw = context.getNodeParameter('agentIds', []) as unknown[];
	const agentIds = raw.map(parseNumericId);
	if (agentIds.length === 0 || agentIds.some((agentId) => agentId === undefined)) {
		throw new NodeOperationError(context.getNode(), 'Choose the agents by their numeric IDs', {
			description: 'Pick at least one agent, or choose All Agents.',
		});
	}
	return agentIds as number[];
}

/**
 * Where the trigger keeps what it made and what it saw: the node's workflow static data, which n8n
 * saves after activation, deactivation and every webhook call.
 */
export function staticData(context: TriggerContext): IDataObject {
	return context.getWorkflowStaticData('node');
}

export function readRecord(context: TriggerContext): BindingRecord | undefined {
	return readBindingRecord(staticData(context).bindings);
}

/** Written by activation and deactivation only: see `BindingRecord`. */
export function writeRecord(context: IHookFunctions, record: BindingRecord | undefined): void {
	const data = staticData(context);
	if (!record) {
		delete data.bindings;
		return;
	}
	const copy = (target: BindingTarget) => ({ ...target });
	data.bindings = {
		profileId: record.profileId,
		bindings: record.bindings.map(copy),
		followedAgents: [...record.followedAgents],
		foreign: record.foreign.map(copy),
	};
}
