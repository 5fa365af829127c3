/**
 * The baseline: the same work as a careful user would build it by hand, one device at a time and
 * without padding. The base URL carries the tenant's codebase (no discovery). The agent list, then
 * per agent its device list and its company looked up by Customer ID. Per device one lookup in its
 * company by every key it has (serial, MAC, IP, joined by OR; a placeholder serial is no key),
 * whose answer is the whole record: when it finds one, one PATCH carrying every changed field, if
 * any; when it finds none, one POST; when it finds several, nothing (a careful user does not
 * guess). The manufacturer list is read once in a run that needs it (a create, or a manufacturer
 * that differs). No links are kept, so every run looks every device up again. Counted from the
 * tenant for every scenario, and run for real where asked (four requests in flight: generous to
 * it).
 */

import type { SyncClients } from '../lib/clients';
import { and, eq } from '../lib/connectwise/conditions';
import { lookupKey } from '../lib/connectwise/names';
import type { CwConfiguration } from '../lib/connectwise/schemas';
import type { DomotzDevice } from '../lib/domotz/schemas';
import { readDeviceValues } from '../lib/fields/sync-fields';
import { normaliseSerial } from '../lib/match';
import { settleAll } from '../lib/pool';
import { planConfigurationCreate, planFieldSync, type SyncPolicy } from '../lib/sync/plan';
import type { RunName } from './engine-runs';
import { pages, runWork } from './lower-bound';
import { devicesToRename, outcomeOf, type TenantPlan } from './msp-tenant';
import { limits, type Scenario } from './scenarios';

export interface NaiveCounts {
	Domotz: { read: number; create: number; update: number };
	ConnectWise: { read: number; create: number; update: number };
	total: number;
}

/**
 * Exactly the requests `runNaive` sends, from the tenant as built. Its lookups find what the
 * engine's matching finds: the one configuration of a device matched by a key, none for a device
 * to create, several for the ambiguous ones (cloned VMs share a serial, and so do configurations
 * entered twice).
 */
export function countNaive(tenant: TenantPlan, scenario: Scenario, run: RunName): NaiveCounts {
	const { agents, devices } = tenant;
	const first = run === 'firstSync';
	const creates = first
		? devices.filter((device) => outcomeOf[device.role] === 'created').length
		: 0;
	const patchesByRun: Record<RunName, number> = {
		firstSync: devices.filter((device) => device.staleFields.length > 0).length,
		noOpResync: 0,
		resyncAfterChanges: devicesToRename(tenant, scenario).filter(
			(device) => outcomeOf[device.role] !== 'ambiguous',
		).length,
	};
	const Domotz = {
		read: pages(agents, limits.domotzAgentPageSize) + agents,
		create: 0,
		update: 0,
	};
	// Needed when and only when the engine needs it: a create, or a manufacturer that differs.
	const manufacturerPages = runWork(tenant, scenario, run, false).readsManufacturers
		? pages(tenant.manufacturerCount, limits.connectWisePageSize)
		: 0;
	const ConnectWise = {
		// Every device of the tenant has an IP: one lookup each.
		read: agents + devices.length + manufacturerPages,
		create: creates,
		update: patchesByRun[run],
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
	{
		field: 'serialNumber',
		of: (device) => {
			const serial = device.details?.serial;
			return normaliseSerial(serial).kind === 'usable' ? serial : undefined;
		},
	},
	{ field: 'macAddress', of: (device) => device.hw_address },
	{ field: 'ipAddress', of: (device) => device.ip_addresses?.[0] },
];

/**
 * One lookup by every key the device has, for up to two configurations: enough to tell one from
 * several. Without grouping parentheses, which no ConnectWise document shows, the company goes
 * into each alternative.
 */
async function findByKeys(
	clients: SyncClients,
	companyId: number,
	device: DomotzDevice,
): Promise<CwConfiguration[]> {
	const alternatives = keyFields.flatMap(({ field, of }) => {
		const value = of(device);
		return value ? [and(eq('company/id', companyId), eq(field, value))] : [];
	});
	if (alternatives.length === 0) return [];
	return await clients.connectwise.listConfigurations({
		conditions: alternatives.join(' OR '),
		limit: 2,
	});
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
		const candidates = await findByKeys(clients, companyId, device);
		if (candidates.length > 1) return;
		const [found] = candidates;
		if (found === undefined) {
			const plan = planConfigurationCreate(values, {
				companyId,
				typeId: tenant.defaultTypeId,
				statusId: tenant.activeStatusId,
				fallbackName: `Domotz device ${device.id}`,
				lookups: { manufacturers: await manufacturers(), sites: new Map() },
				truncate: policy.truncate,
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
