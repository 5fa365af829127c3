/**
 * Where the Domotz mirrors of links are, across the account. Domotz documents no read of one
 * inventory field across devices (only `GET …/device/{id}/inventory`, one device at a time), so
 * every listed device of every agent is read once; when the mirror field is not even defined, no
 * device can hold a mirror and none is read.
 */

import type { DomotzClient } from '../domotz/client';
import { checkDailyQuota } from '../domotz/quota';
import { isAgentApiEnabled, type DomotzAgent, type DomotzDevice } from '../domotz/schemas';
import { ApiError, describeError, SetupError } from '../http/errors';
import { settleAll, type Settled } from '../pool';
import { domotzLinkInventoryField } from './marker';

export interface AgentMirrors {
	agent: DomotzAgent;
	apiEnabled: boolean;
	/** The devices the agent lists; absent when they were not listed. */
	listed?: ReadonlySet<number>;
	/** Devices whose inventory was read. */
	devicesRead: number;
	/** The mirror value of each device that holds one. */
	mirrors: ReadonlyMap<number, string>;
	/** Why the agent's devices were not all read. */
	unread?: string;
}

export interface MirrorScan {
	fieldDefined: boolean;
	agents: AgentMirrors[];
}

/** An agent without API access is never read: Domotz refuses its devices to every key. */
const NO_API_ACCESS =
	'its plan allows no API access, so its devices cannot be read (nor can a link have been mirrored there through the API)';

export async function scanMirrors(domotz: DomotzClient, concurrency: number): Promise<MirrorScan> {
	const [fields, agents] = await Promise.all([domotz.listInventoryFields(), domotz.listAgents()]);
	const fieldDefined = fields.some((field) => field.key === domotzLinkInventoryField.key);
	const readable = agents.filter((agent) => fieldDefined && isAgentApiEnabled(agent));
	const lists = await settleAll(readable, concurrency, (agent) =>
		domotz.listDevices(agent.id, { showHidden: true, showExcluded: true }),
	);
	const devices = readable.flatMap((agent, index) => {
		const list = lists[index];
		return list.ok ? list.value.map((device) => ({ agentId: agent.id, device })) : [];
	});
	await assertReadsFit(domotz, devices.length);
	const values = await settleAll(devices, concurrency, ({ agentId, device }) =>
		readMirror(domotz, agentId, device.id),
	);
	return {
		fieldDefined,
		agents: agents.map((agent) => {
			const index = readable.indexOf(agent);
			if (index < 0) {
				const base = { agent, devicesRead: 0, mirrors: new Map<number, string>() };
				return isAgentApiEnabled(agent)
					? { ...base, apiEnabled: true }
					: { ...base, apiEnabled: false, unread: NO_API_ACCESS };
			}
			return agentMirrors(agent, lists[index], values, devices);
		}),
	};
}

/** Reads that would run out of the key's daily quota halfway are not started. */
async function assertReadsFit(domotz: DomotzClient, reads: number): Promise<void> {
	const quota = checkDailyQuota(reads, await domotz.currentUsage());
	if (quota.kind !== 'exceeded') return;
	throw new SetupError(
		`Finding the link mirrors needs one Domotz API call per device, ${reads} in all, but only ${quota.left} are left of the key's daily quota, so nothing was changed`,
		'Domotz counts the calls of the last 24 hours: run again when enough have left that window, or ask Domotz for a higher limit.',
	);
}

function agentMirrors(
	agent: DomotzAgent,
	list: Settled<DomotzDevice[]>,
	values: ReadonlyArray<Settled<string | null>>,
	devices: ReadonlyArray<{ agentId: number; device: DomotzDevice }>,
): AgentMirrors {
	if (!list.ok) {
		return {
			agent,
			apiEnabled: true,
			devicesRead: 0,
			mirrors: new Map(),
			unread: `its devices could not be listed: ${describeError(list.error)}`,
		};
	}
	const mirrors = new Map<number, string>();
	const failures: string[] = [];
	devices.forEach(({ agentId, device }, index) => {
		if (agentId !== agent.id) return;
		const value = values[index];
		if (!value.ok) failures.push(`device ${device.id}: ${describeError(value.error)}`);
		else if (value.value !== null) mirrors.set(device.id, value.value);
	});
	return {
		agent,
		apiEnabled: true,
		listed: new Set(list.value.map((device) => device.id)),
		devicesRead: list.value.length - failures.length,
		mirrors,
		...(failures.length > 0
			? { unread: `${failures.length} device inventories could not be read (${failures[0]})` }
			: {}),
	};
}

/** The device's mirror value; null when it holds none or Domotz no longer has the device. */
export async function readMirror(
	domotz: DomotzClient,
	agentId: number,
	deviceId: number,
): Promise<string | null> {
	const inventory = await domotz.getDeviceInventory(agentId, deviceId).catch((error: unknown) => {
		if (error instanceof ApiError && error.reason === 'notFound') return [];
		throw error;
	});
	const mirror = inventory.find((field) => field.key === domotzLinkInventoryField.key);
	return mirror?.value ?? null;
}
