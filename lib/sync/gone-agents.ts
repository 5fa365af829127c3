/**
 * Agents gone from the Domotz account whose links remain: the configurations of their collectors
 * (device 0) and devices follow the rule for gone devices. A run asks only about agents it has a
 * reason to: a chosen agent the account no longer lists; with All Agents, an agent an earlier run
 * synced or one that a marker in a company this run swept names. Each costs one marker query,
 * which finds its configurations in any company; while no agent is gone, nothing is asked.
 */

import type { SyncClients } from '../clients';
import { COLLECTOR_DEVICE_ID, readStoredLink, type LinkStore } from '../links/marker';
import { settleAll } from '../pool';
import {
	findGoneLinks,
	settleGoneLinks,
	type GoneDeviceOptions,
	type GoneDeviceReport,
} from './gone-devices';
import { DEFAULT_CONCURRENCY } from './options';
import type { SyncWorkspace } from './workspace';

export type GoneAgentReport =
	| { status: 'gone'; agentId: number; agentName: string; goneDevices: GoneDeviceReport[] }
	| { status: 'failed'; agentId: number; agentName: string; error: unknown };

export interface GoneAgentScope {
	agents: 'all' | readonly number[];
	formerAgentIds?: readonly number[];
	/** Companies whose configurations the run read in full. */
	sweptCompanyIds: readonly number[];
}

export async function settleGoneAgents(
	clients: SyncClients,
	workspace: SyncWorkspace,
	scope: GoneAgentScope,
	options: GoneDeviceOptions,
): Promise<GoneAgentReport[]> {
	const agentIds = await goneAgentIds(workspace, scope, options.linkStore);
	const settled = await settleAll(agentIds, DEFAULT_CONCURRENCY, async (agentId) => {
		const linked = await workspace.linkedToAgent(agentId, options.linkStore);
		const links = findGoneLinks(agentId, () => false, linked, options.linkStore);
		return await settleGoneLinks(clients, workspace, links, options);
	});
	return agentIds.flatMap((agentId, index): GoneAgentReport[] => {
		const outcome = settled[index];
		if (!outcome.ok) {
			return [{ status: 'failed', agentId, agentName: `agent ${agentId}`, error: outcome.error }];
		}
		// With nothing linked, a chosen agent keeps its failure: its ID may be mistyped.
		if (outcome.value.length === 0) return [];
		// The collector's configuration carries the agent's name from the last sync.
		const collector = outcome.value.find((gone) => gone.deviceId === COLLECTOR_DEVICE_ID);
		return [
			{
				status: 'gone',
				agentId,
				agentName: collector?.configurationName ?? `agent ${agentId}`,
				goneDevices: outcome.value,
			},
		];
	});
}

/**
 * The run's reports with each gone agent in the place of its chosen agent's report (a failure:
 * Domotz has no such agent), the others after them.
 */
export function placeGoneAgents<Report extends { agentId: number }>(
	reports: readonly Report[],
	gone: readonly GoneAgentReport[],
): Array<Report | GoneAgentReport> {
	const byAgent = new Map(gone.map((report) => [report.agentId, report]));
	const reported = new Set(reports.map((report) => report.agentId));
	return [
		...reports.map((report) => byAgent.get(report.agentId) ?? report),
		...gone.filter((report) => !reported.has(report.agentId)),
	];
}

async function goneAgentIds(
	workspace: SyncWorkspace,
	scope: GoneAgentScope,
	store: LinkStore,
): Promise<number[]> {
	const listed = new Set((await workspace.agents()).map((agent) => agent.id));
	if (scope.agents !== 'all') {
		return [...new Set(scope.agents)].filter((agentId) => !listed.has(agentId));
	}
	const swept = await Promise.all(
		scope.sweptCompanyIds.map((companyId) =>
			workspace.configurationsOf(companyId).then(
				(configurations) => configurations,
				() => [],
			),
		),
	);
	const named = swept.flat().flatMap((configuration) => {
		const stored = readStoredLink(configuration, store);
		return stored.kind === 'device' ? [stored.device.agentId] : [];
	});
	return [...new Set([...(scope.formerAgentIds ?? []), ...named])]
		.filter((agentId) => !listed.has(agentId))
		.sort((left, right) => left - right);
}
