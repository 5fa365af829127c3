import type { IDataObject } from 'n8n-workflow';

import { demoMsp } from '../simulators/generator';
import { byId, jsonOf, SimulatedTenant } from './support';

const tenant = new SimulatedTenant();
const generated = demoMsp();
const { truth } = generated;

beforeAll(async () => {
	await tenant.start();
	tenant.load(generated.domotz, generated.connectwise);
});
afterAll(async () => {
	await tenant.close();
});

/** The default rule's answer as an explicit table, so every resolved agent maps to its company. */
const agentLinks = {
	links: Object.entries(truth.agentCompanies).flatMap(([agentId, companyId]) =>
		companyId === null ? [] : [{ agent: byId(agentId), company: byId(companyId), siteId: '' }],
	),
};

const input: IDataObject[] = truth.devices.map((device) => ({
	id: device.deviceId,
	agent_id: device.agentId,
}));

describe('Sync › Match to Configurations on the generated demo tenant', () => {
	let devices: IDataObject[];
	let unmatchedConfigurationIds: number[];
	let staleLinkConfigurationIds: number[];

	beforeAll(async () => {
		const result = await tenant.run(
			'sync',
			{ operation: 'matchConfigurations', companyLink: 'mapping', agentLinks },
			input,
		);
		expect(result.error).toBeUndefined();
		devices = jsonOf(result.outputs('Node')[0]);
		const second = jsonOf(result.outputs('Node')[1]);
		unmatchedConfigurationIds = second
			.filter((json) => json.reason === 'noMatchingDevice')
			.map((json) => json.configurationId as number);
		staleLinkConfigurationIds = second
			.filter((json) => json.reason === 'linkedDeviceGone')
			.map((json) => json.configurationId as number);
	});

	it('gives every device its known outcome', () => {
		const actual = devices.map((json) => ({
			deviceId: json.deviceId,
			status: json.status,
			configurationId: json.configurationId ?? undefined,
			matchedBy: json.matchedBy ?? undefined,
			candidates: Array.isArray(json.candidates)
				? (json.candidates as IDataObject[]).map((candidate) => candidate.configurationId)
				: undefined,
		}));
		const expected = truth.devices.map((device) => ({
			deviceId: device.deviceId,
			status: device.expected,
			configurationId: device.configurationId,
			matchedBy: device.matchedBy,
			candidates: device.expected === 'ambiguous' ? device.candidates : undefined,
		}));
		expect(actual).toEqual(expected);
	});

	/**
	 * The truth also counts inactive configurations, which the node leaves out with Only Active
	 * Configurations; configurations whose link names a device Domotz no longer has come with their
	 * own reason.
	 */
	it('lists the known unmatched active, unlinked configurations of the companies it scanned', () => {
		const scanned = new Set(
			truth.devices.flatMap((device) => (device.companyId === undefined ? [] : [device.companyId])),
		);
		const listable = new Set(
			truth.configurations
				.filter((configuration) => configuration.active && configuration.linkedTo === undefined)
				.map((configuration) => configuration.id),
		);
		const expected = truth.companies
			.filter((company) => scanned.has(company.companyId))
			.flatMap((company) => company.unmatchedConfigurationIds)
			.filter((id) => listable.has(id));
		expect(expected.length).toBeGreaterThan(0);
		expect([...unmatchedConfigurationIds].sort((a, b) => a - b)).toEqual(
			[...expected].sort((a, b) => a - b),
		);
	});

	it('reports configurations whose linked device Domotz no longer lists', () => {
		const listedDevices = new Set(
			truth.devices.map((device) => `${device.agentId}/${device.deviceId}`),
		);
		const expected = truth.configurations
			.filter(
				(configuration) =>
					configuration.linkedTo !== undefined &&
					!listedDevices.has(
						`${configuration.linkedTo.agentId}/${configuration.linkedTo.deviceId}`,
					) &&
					truth.agentCompanies[configuration.linkedTo.agentId] !== undefined,
			)
			.map((configuration) => configuration.id);
		expect(expected.length).toBeGreaterThan(0);
		expect([...staleLinkConfigurationIds].sort((a, b) => a - b)).toEqual(
			[...expected].sort((a, b) => a - b),
		);
	});

	it('read each agent device list once', () => {
		const agents = new Set(truth.devices.map((device) => device.agentId));
		expect(tenant.domotz.http.count('GET', 'device.list')).toBe(agents.size);
		expect(tenant.connectwise.http.count('GET', 'configurations.get')).toBe(0);
	});
});
