/**
 * The baseline: the same work as a user would build it by hand in a workflow. Per agent its device
 * list and a company lookup; per device a ConnectWise lookup by serial, then MAC, then IP (only the
 * keys it has, until one finds a configuration), then a GET of that configuration or a POST of a new
 * one, then one PATCH per changed field. No links are kept, so every run looks every device up
 * again. Counted from the tenant for every scenario, and run for real where asked (four requests in
 * flight, the manufacturer list read once: both generous to it).
 */

import { and, eq } from '../lib/connectwise/conditions';
import type { CwConfiguration } from '../lib/connectwise/schemas';
import type { DomotzDevice } from '../lib/domotz/schemas';
import { readDeviceValues } from '../lib/fields/sync-fields';
import { planConfigurationCreate, planFieldSync, type SyncPolicy } from '../lib/sync/plan';
import type { RunName } from './engine-runs';
import type { TenantPlan, DeviceRole } from './msp-tenant';
import { lookupKey } from '../lib/connectwise/names';
import { settleAll } from '../lib/pool';
import type { SyncClients } from '../lib/clients';

/** Lookups a device needs until one finds its configuration (all of its keys when none does). */
const lookupsBeforeFirstSync: Record<DeviceRole, number> = {
	serial: 1,
	mac: 1,
	ip: 1,
	unmatched: 3,
};

export interface NaiveCounts {
	Domotz: { read: number; create: number; update: number };
	ConnectWise: { read: number; create: number; update: number };
	total: number;
}

/** Exactly the requests `runNaive` sends, from the tenant as built. */
export function countNaive(tenant: TenantPlan, run: RunName, renamed: number): NaiveCounts {
	const agents = tenant.agents;
	const first = run === 'firstSync';
	const devices = tenant.devices;
	const creates = first ? devices.filter((device) => device.role === 'unmatched').length : 0;
	const lookups = devices.reduce(
		(sum, device) => sum + (first ? lookupsBeforeFirstSync[device.role] : 1),
		0,
	);
	const patches = first
		? devices.reduce((sum, device) => sum + device.staleFields.length, 0)
		: run === 'resyncAfterChanges'
			? renamed
			: 0;
	const Domotz = { read: 1 + agents, create: 0, update: 0 };
	const ConnectWise = {
		// Discovery, a company lookup per agent, the manufacturers, the lookups, a GET per found one.
		read: 1 + agents + 1 + lookups + (devices.length - creates),
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

async function findByKeys(
	clients: SyncClients,
	companyId: number,
	device: DomotzDevice,
): Promise<number | undefined> {
	for (const { field, of } of keyFields) {
		const value = of(device);
		if (!value) continue;
		const [found] = await clients.connectwise.listConfigurations({
			conditions: and(eq('company/id', companyId), eq(field, value)),
			limit: 1,
		});
		if (found) return found.id;
	}
	return undefined;
}

/** Runs the baseline against the simulators; returns how many devices failed. */
export async function runNaive(
	clients: SyncClients,
	tenant: TenantPlan,
	policy: SyncPolicy,
): Promise<number> {
	const agents = await clients.domotz.listAgents();
	const manufacturers = new Map(
		(await clients.connectwise.listManufacturers()).map((manufacturer) => [
			lookupKey(manufacturer.name),
			{ id: manufacturer.id, name: manufacturer.name },
		]),
	);
	const lookups = { manufacturers, sites: new Map() };
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
				lookups,
				truncate: new Set(),
				linkFields: {},
			});
			if (plan.kind === 'create') await clients.connectwise.createConfiguration(plan.body);
			return;
		}
		const configuration: CwConfiguration = await clients.connectwise.getConfiguration(found);
		const plan = planFieldSync(values, configuration, policy, lookups);
		for (const operation of plan.connectWisePatch) {
			await clients.connectwise.patchConfiguration(found, [operation]);
		}
	});
	return settled.filter((outcome) => !outcome.ok).length;
}
