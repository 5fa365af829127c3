/**
 * The baseline: the same work as a careful user would build it by hand, one device at a time and
 * without padding. The base URL carries the tenant's codebase (no discovery). The agent list, then
 * per agent its device list and its company looked up by Customer ID. Per device one lookup in its
 * company by every key it has (serial, MAC, IP, joined by OR), whose answer is the whole record:
 * when it finds one, one PATCH carrying every changed field, if any; when not, one POST. The
 * manufacturer list is read once in a run that needs it (a create, or a manufacturer that
 * differs). No links are kept, so every run looks every device up again. Counted from the tenant
 * for every scenario, and run for real where asked (four requests in flight: generous to it).
 */

import type { SyncClients } from '../lib/clients';
import { and, eq } from '../lib/connectwise/conditions';
import { lookupKey } from '../lib/connectwise/names';
import type { CwConfiguration } from '../lib/connectwise/schemas';
import type { DomotzDevice } from '../lib/domotz/schemas';
import { readDeviceValues } from '../lib/fields/sync-fields';
import { settleAll } from '../lib/pool';
import { planConfigurationCreate, planFieldSync, type SyncPolicy } from '../lib/sync/plan';
import type { RunName } from './engine-runs';
import { pages } from './lower-bound';
import type { TenantPlan } from './msp-tenant';
import { limits } from './scenarios';

export interface NaiveCounts {
	Domotz: { read: number; create: number; update: number };
	ConnectWise: { read: number; create: number; update: number };
	total: number;
}

/** Exactly the requests `runNaive` sends, from the tenant as built. */
export function countNaive(tenant: TenantPlan, run: RunName, renamed: number): NaiveCounts {
	const { agents, devices } = tenant;
	const first = run === 'firstSync';
	const creates = first ? devices.filter((device) => device.role === 'unmatched').length : 0;
	const patches = first
		? devices.filter((device) => device.staleFields.length > 0).length
		: run === 'resyncAfterChanges'
			? renamed
			: 0;
	const Domotz = {
		read: pages(agents, limits.domotzAgentPageSize) + agents,
		create: 0,
		update: 0,
	};
	// The benchmark never changes a matched configuration's manufacturer: only creates need the list.
	const manufacturerPages =
		creates > 0 ? pages(tenant.manufacturerCount, limits.connectWisePageSize) : 0;
	const ConnectWise = {
		// Every device of the tenant has an IP: one lookup each.
		read: agents + devices.length + manufacturerPages,
		create: creates,
		update: patches,
	};
	return {
		Domotz,
		ConnectWise,
		total: Domotz.read + ConnectWise.read + ConnectWise.create + ConnectWise.update,
	};
}

const keyFields: ReadonlyArray<{
	field: 'serialNumber' | 'macAddress' | 'ipAddress';
	of: (device: DomotzDevice) => string | null | undefined;
}> = [
	{ field: 'serialNumber', of: (device) => device.details?.serial },
	{ field: 'macAddress', of: (device) => device.hw_address },
	{ field: 'ipAddress', of: (device) => device.ip_addresses?.[0] },
];

/**
 * One lookup by every key the device has. Without grouping parentheses, which no ConnectWise
 * document shows, the company goes into each alternative.
 */
async function findByKeys(
	clients: SyncClients,
	companyId: number,
	device: DomotzDevice,
): Promise<CwConfiguration | undefined> {
	const alternatives = keyFields.flatMap(({ field, of }) => {
		const value = of(device);
		return value ? [and(eq('company/id', companyId), eq(field, value))] : [];
	});
	if (alternatives.length === 0) return undefined;
	const [found] = await clients.connectwise.listConfigurations({
		conditions: alternatives.join(' OR '),
		limit: 1,
	});
	return found;
}

/** Runs the baseline against the simulators; returns how many devices failed. */
export async function runNaive(
	clients: SyncClients,
	tenant: TenantPlan,
	policy: SyncPolicy,
): Promise<number> {
	let manufacturersRead: Promise<Map<string, { id: number; name: string }>> | undefined;
	const manufacturers = () =>
		(manufacturersRead ??= clients.connectwise
			.listManufacturers()
			.then((listed) => new Map(listed.map(({ id, name }) => [lookupKey(name), { id, name }]))));
	const noManufacturers = new Map<string, { id: number; name: string }>();
	const agents = await clients.domotz.listAgents();
	const work: Array<{ companyId: number; device: DomotzDevice }> = [];
	for (const agent of agents) {
		const devices = await clients.domotz.listDevices(agent.id);
		const identifier = agent.installation_info?.customer_id ?? '';
		const [company] = await clients.connectwise.listCompanies({
			conditions: eq('identifier', identifier),
		});
		if (company) work.push(...devices.map((device) => ({ companyId: company.id, device })));
	}
	const settled = await settleAll(work, 4, async ({ companyId, device }) => {
		const values = readDeviceValues(device);
		const found = await findByKeys(clients, companyId, device);
		if (found === undefined) {
			const plan = planConfigurationCreate(values, {
				companyId,
				typeId: tenant.defaultTypeId,
				statusId: tenant.activeStatusId,
				fallbackName: `Domotz device ${device.id}`,
				lookups: { manufacturers: await manufacturers(), sites: new Map() },
				truncate: new Set(),
				linkFields: {},
			});
			if (plan.kind === 'create') await clients.connectwise.createConfiguration(plan.body);
			return;
		}
		const manufacturerDiffers =
			values.manufacturer !== null &&
			lookupKey(values.manufacturer) !== lookupKey(found.manufacturer?.name);
		const plan = planFieldSync(values, found, policy, {
			manufacturers: manufacturerDiffers ? await manufacturers() : noManufacturers,
			sites: new Map(),
		});
		if (plan.connectWisePatch.length > 0) {
			await clients.connectwise.patchConfiguration(found.id, plan.connectWisePatch);
		}
	});
	return settled.filter((outcome) => !outcome.ok).length;
}
