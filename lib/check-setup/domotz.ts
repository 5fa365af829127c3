/**
 * The Domotz half of Check Setup: the key, its endpoint, the agents it may sync, and what a
 * 12-hour sync of them would spend of the key's daily quota.
 */

import { checkDailyQuota, estimateDomotzMinutes } from '../domotz/quota';
import type { RateReading } from '../domotz/rate';
import { isAgentApiEnabled, type DomotzAgent, type DomotzUsage } from '../domotz/schemas';
import { describeError } from '../http/errors';
import { settle, settleAll } from '../pool';
import type { SyncWorkspace } from '../sync/workspace';
import {
	failed,
	hintOf,
	nameList,
	notChecked,
	passed,
	statusOf,
	warned,
	type SetupCheck,
} from './report';

export const domotzChecks = {
	key: 'Domotz API key',
	endpoint: 'Domotz endpoint',
	agents: 'Domotz agents',
	quota: 'Domotz daily quota',
} as const;

/** Regions of Domotz's public API hosts, `api-<region>-cell-<n>.domotz.com`. */
const domotzRegions: Record<string, string> = {
	'us-east-1': 'US',
	'eu-west-1': 'EU',
	'eu-central-1': 'EU (Frankfurt)',
	'ap-southeast-2': 'Asia Pacific',
};

const agentPageSize = 100;

/** Device lists Check Setup reads at once; the client keeps within the key's own limit anyway. */
const deviceListsAtOnce = 4;

export interface DomotzAgentAccess {
	agent: DomotzAgent;
	/** Devices Domotz lists for the agent; undefined when the agent refused API access. */
	devices?: number;
}

interface DomotzFindings {
	checks: SetupCheck[];
	/** The agents the key may sync, with their device counts; empty when the key failed. */
	usable: DomotzAgentAccess[];
}

/** Reads through the workspace, so that the company links check reuses the same agent list. */
export async function checkDomotz(
	workspace: SyncWorkspace,
	endpoint: string,
	mirrorInDomotz: boolean,
): Promise<DomotzFindings> {
	const domotz = workspace.clients.domotz;
	const user = await settle(domotz.getUser());
	const endpointCheck = describeEndpoint(endpoint, user.ok);
	if (!user.ok) {
		return {
			checks: [
				keyRefused(user.error),
				endpointCheck,
				notChecked(domotzChecks.agents, `${domotzChecks.key}: the key does not work`),
				notChecked(domotzChecks.quota, `${domotzChecks.key}: the key does not work`),
			],
			usable: [],
		};
	}
	const agents = await settle(workspace.agents());
	if (!agents.ok) {
		return {
			checks: [
				keyWithoutAgents(agents.error),
				endpointCheck,
				notChecked(domotzChecks.agents, `${domotzChecks.key}: the key may not read agents`),
				notChecked(domotzChecks.quota, `${domotzChecks.key}: the key may not read agents`),
			],
			usable: [],
		};
	}
	const access = await readAgentAccess(workspace, agents.value);
	// The client reads the usage report before its first call; read it again only to show why not.
	const usage = await settle(
		domotz.prepare().then(async () => domotz.usageSoFar() ?? (await domotz.getUsage())),
	);
	return {
		checks: [
			passed(domotzChecks.key, `The key works and may read agents (user "${user.value.name}").`),
			endpointCheck,
			agentsCheck(access),
			usage.ok
				? quotaCheck(usage.value, access, mirrorInDomotz, domotz.rateReading())
				: warned(
						domotzChecks.quota,
						`The usage report could not be read: ${describeError(usage.error)}`,
						'Check the quota in the Domotz Portal (Settings → API Keys) before the first large sync.',
					),
		],
		usable: access.filter((entry) => entry.devices !== undefined),
	};
}

function keyRefused(error: unknown): SetupCheck {
	const status = statusOf(error);
	if (status === 401 || status === 403) {
		return failed(
			domotzChecks.key,
			`Domotz refused the API key (${status}).`,
			'Copy the key again from the Domotz Portal (Settings → API Keys) into the Domotz API credential, with the endpoint shown next to it.',
		);
	}
	return failed(
		domotzChecks.key,
		`Domotz could not be reached with this key: ${describeError(error)}`,
		hintOf(error) ??
			'Set the API Key Endpoint of the credential to the endpoint shown next to the key in the Domotz Portal.',
	);
}

function keyWithoutAgents(error: unknown): SetupCheck {
	if (statusOf(error) === 403) {
		return failed(
			domotzChecks.key,
			'The key works but may not read agents: it is an "Agent Activation" key.',
			'Create a key with full API access in the Domotz Portal (Settings → API Keys) and put it in the Domotz API credential.',
		);
	}
	return failed(
		domotzChecks.key,
		`The agents could not be read: ${describeError(error)}`,
		'Run Check Setup again; if it fails the same way, attach its API transcript to a bug report.',
	);
}

function describeEndpoint(endpoint: string, works: boolean): SetupCheck {
	const host = hostOf(endpoint);
	const region = host ? regionOf(host) : undefined;
	const where = region ? `${host} (${region})` : (host ?? endpoint);
	if (works) return passed(domotzChecks.endpoint, `The key answers at ${where}.`, { host, region });
	return failed(
		domotzChecks.endpoint,
		`The key does not answer at ${where}.`,
		'Use the endpoint the Domotz Portal shows next to the key: a key works only in its own region.',
		{ host, region },
	);
}

function hostOf(endpoint: string): string | undefined {
	try {
		return new URL(endpoint).host;
	} catch {
		return undefined;
	}
}

function regionOf(host: string): string | undefined {
	const region = /^api-([a-z]+-[a-z]+-\d+)-cell-\d+\.domotz\.com$/i.exec(host)?.[1];
	return region ? (domotzRegions[region.toLowerCase()] ?? region) : undefined;
}

/** Each agent's device count, or none when its plan keeps it out of the API. */
async function readAgentAccess(
	workspace: SyncWorkspace,
	agents: readonly DomotzAgent[],
): Promise<DomotzAgentAccess[]> {
	const settled = await settleAll(agents, deviceListsAtOnce, async (agent) =>
		isAgentApiEnabled(agent) ? (await workspace.devices(agent.id)).length : undefined,
	);
	return agents.map((agent, index) => {
		const result = settled[index];
		return { agent, devices: result.ok ? result.value : undefined };
	});
}

function agentName(agent: DomotzAgent): string {
	return `${agent.display_name ?? 'unnamed'} (${agent.id})`;
}

function agentsCheck(access: readonly DomotzAgentAccess[]): SetupCheck {
	const usable = access.filter((entry) => entry.devices !== undefined);
	const refused = access.filter((entry) => entry.devices === undefined);
	const devices = usable.reduce((sum, entry) => sum + (entry.devices ?? 0), 0);
	const details = {
		withApiAccess: usable.map((entry) => ({
			agentId: entry.agent.id,
			name: entry.agent.display_name,
			devices: entry.devices,
		})),
		withoutApiAccess: refused.map((entry) => ({
			agentId: entry.agent.id,
			name: entry.agent.display_name,
		})),
	};
	const found = `${usable.length} of ${access.length} agents allow API access (${count(devices)} devices listed)`;
	if (access.length === 0) {
		return failed(
			domotzChecks.agents,
			'The key sees no agents.',
			'Use a key of the Domotz account whose agents you want to sync.',
			details,
		);
	}
	if (refused.length === 0) return passed(domotzChecks.agents, `${found}.`, details);
	const names = nameList(refused.map((entry) => agentName(entry.agent)));
	const fix =
		'Move those agents to a plan with API access (Advanced or higher) to sync them; until then every sync skips them.';
	return usable.length === 0
		? failed(domotzChecks.agents, `${found}; none can be synced: ${names}.`, fix, details)
		: warned(domotzChecks.agents, `${found}; without API access: ${names}.`, fix, details);
}

/**
 * The calls one 12-hour sync of these agents reads: the usage report, the agent pages, one device
 * list per agent and, with the link mirror, the inventory field list. Writes come on top: on the
 * first sync with the mirror, up to one per device.
 */
function syncReadCalls(agents: number, usableAgents: number, mirror: boolean): number {
	return 1 + Math.max(1, Math.ceil(agents / agentPageSize)) + usableAgents + (mirror ? 1 : 0);
}

/** 12,345: counts in sentences read with thousands separators. */
function count(value: number): string {
	return value.toLocaleString('en-US');
}

function quotaCheck(
	usage: DomotzUsage,
	access: readonly DomotzAgentAccess[],
	mirror: boolean,
	reading: RateReading,
): SetupCheck {
	const usable = access.filter((entry) => entry.devices !== undefined);
	const devices = usable.reduce((sum, entry) => sum + (entry.devices ?? 0), 0);
	const reads = syncReadCalls(access.length, usable.length, mirror);
	const firstWrites = mirror ? devices : 0;
	const firstSync = checkDailyQuota(reads + firstWrites, usage);
	if (firstSync.kind === 'unknown') {
		return warned(
			domotzChecks.quota,
			'Domotz reported no daily limit for the key.',
			'Check the quota in the Domotz Portal (Settings → API Keys) before the first large sync.',
		);
	}
	const dailyLimit = usage.daily_limit ?? 0;
	// Until the account has shown the in-flight reading, the stricter per-minute one is assumed.
	const perMinuteMinutes = estimateDomotzMinutes(
		reads + firstWrites,
		usage,
		reading === 'inFlight' ? 'inFlight' : 'perMinute',
	);
	const details = {
		dailyLimit,
		dailyUsage: usage.daily_usage,
		callsLeft: firstSync.left,
		concurrentAllowed: usage.concurrent_allowed,
		readsPerSync: reads,
		firstSyncMirrorWrites: firstWrites,
		firstSyncMinutesIfPerMinute: perMinuteMinutes,
		rateReading: reading,
	};
	const share = dailyLimit > 0 ? Math.round((200 * reads) / dailyLimit) : 100;
	const found =
		`${count(firstSync.left)} of ${count(dailyLimit)} calls are left today; one 12-hour sync reads about ${count(reads)} ` +
		`(two a day: ${share} % of the limit)` +
		(firstWrites > 0
			? `, and the first sync with the link mirror writes up to ${count(firstWrites)} more`
			: '') +
		'.';
	if (firstSync.kind === 'exceeded') {
		return failed(
			domotzChecks.quota,
			found,
			`Wait for the quota to renew (it counts the last 24 hours) or ask Domotz for a higher limit: the first sync needs ${count(firstSync.needed)} calls.`,
			details,
		);
	}
	if (2 * reads > dailyLimit / 2 || (perMinuteMinutes ?? 0) > 60) {
		return warned(
			domotzChecks.quota,
			`${found} If Domotz counts its ${usage.concurrent_allowed} allowed calls per minute, the first sync takes about ${perMinuteMinutes} minutes.`,
			'Turn off "Mirror Link in Domotz" for the first sync of large agents, or sync fewer agents per run.',
			details,
		);
	}
	return passed(domotzChecks.quota, found, details);
}
