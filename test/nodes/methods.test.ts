import type { INodeParameters } from 'n8n-workflow';

import { loadOptions } from '../../nodes/DomotzConnectWiseSync/methods';
import {
	getAgents,
	getDeviceTypes,
	searchAgents,
	searchAlertProfiles,
	searchDevices,
} from '../../nodes/shared/methods/domotz';
import {
	getConfigurationStatuses,
	getConfigurationTypes,
	searchCompanies,
	searchConfigurations,
	searchSites,
} from '../../nodes/shared/methods/connectwise';
import { loadOptionsContext } from '../harness/n8n-runner';
import { AGENTS, COMPANIES, DEVICES, connectWiseTenant, domotzTenant } from './fixtures';
import { byId, nodeTypes, SimulatedTenant } from './support';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
beforeEach(() => {
	const connectwise = connectWiseTenant({ linkField: true });
	tenant.load(domotzTenant(), {
		...connectwise,
		statuses: [{ id: 1, description: 'Active', defaultFlag: true }],
		sites: [
			{ id: 31, name: 'Main Office', company: { id: COMPANIES.contoso } },
			{ id: 32, name: 'Warehouse', company: { id: COMPANIES.contoso } },
			{ id: 41, name: 'Head Office', company: { id: COMPANIES.northwind } },
		],
	});
});

const context = (type: 'domotz' | 'sync', parameters: INodeParameters = {}, path?: string) =>
	loadOptionsContext({
		type,
		nodeType: nodeTypes[type],
		parameters,
		credentials: tenant.credentials(),
		path,
	});

describe("list search and load options, through n8n-core's load-options context", () => {
	it('searches agents by name and marks those without API access', async () => {
		const all = await searchAgents.call(context('domotz'));
		expect(all.results.map((result) => result.value)).toEqual(
			expect.arrayContaining([
				String(AGENTS.northwind),
				String(AGENTS.contoso),
				String(AGENTS.basicPlan),
			]),
		);
		expect(all.results.find((result) => result.value === String(AGENTS.basicPlan))?.name).toMatch(
			/no API access/,
		);
		const filtered = await searchAgents.call(context('domotz'), 'contoso');
		expect(filtered.results.map((result) => result.value)).toEqual([String(AGENTS.contoso)]);
	});

	it('offers the Shared Alert Profiles by name, with their events, marking disabled ones', async () => {
		const profiles = tenant.domotz.state.alertProfiles;
		profiles.put({ id: 1, name: 'n8n sync', events: ['device_ip_change'], is_enabled: true });
		profiles.put({ id: 2, name: 'Old webhook', events: [], is_enabled: false });
		profiles.put({ id: 3, events: ['device_status_up'] });

		const all = await searchAlertProfiles.call(context('domotz'));
		const filtered = await searchAlertProfiles.call(context('domotz'), 'SYNC');

		expect(all.results).toEqual([
			{ name: 'n8n sync', value: 'n8n sync', description: 'device_ip_change' },
			{ name: 'Old webhook (disabled)', value: 'Old webhook', description: '' },
		]);
		expect(filtered.results.map((result) => result.value)).toEqual(['n8n sync']);
	});

	it('lists the devices of the agent chosen in the node, and none before one is chosen', async () => {
		const devices = await searchDevices.call(
			context('domotz', { resource: 'device', operation: 'get', agent: byId(AGENTS.northwind) }),
		);
		expect(devices.results.map((result) => Number(result.value))).toContain(DEVICES.serial);
		const none = await searchDevices.call(
			context('domotz', { resource: 'device', operation: 'get' }),
		);
		expect(none.results).toEqual([]);
	});

	it('loads Domotz device types for the type filter', async () => {
		const types = await getDeviceTypes.call(context('domotz'));
		expect(types.length).toBeGreaterThan(10);
		expect(types.find((type) => type.name === 'Switch')).toEqual({ name: 'Switch', value: '81' });
	});

	// The editor flags a saved value that no option equals strictly, and IDs are saved as strings.
	it('offers every ID of a loaded list as a string', async () => {
		const lists = [
			await getDeviceTypes.call(context('domotz')),
			await getAgents.call(context('sync')),
			await getConfigurationTypes.call(context('sync')),
			await getConfigurationStatuses.call(context('sync')),
		];
		for (const options of lists) {
			expect(options.length).toBeGreaterThan(0);
			for (const option of options) expect(option.value).toMatch(/^\d+$/);
		}
	});

	it('leads the lists of parameters that may stay empty with a choice for the empty value', async () => {
		const types = await getConfigurationTypes.call(context('sync'));
		const statuses = await getConfigurationStatuses.call(context('sync'));
		const led = async (method: keyof typeof loadOptions) =>
			await loadOptions[method].call(context('sync'));
		expect(await led('getDefaultConfigurationTypes')).toEqual([
			{ name: 'None: Skip Devices Not in the Type Map', value: '' },
			...types,
		]);
		expect(await led('getCollectorConfigurationTypes')).toEqual([
			{ name: 'Same as Default Configuration Type', value: '' },
			...types,
		]);
		expect(await led('getNewConfigurationStatuses')).toEqual([
			{ name: "ConnectWise's Default Status", value: '' },
			...statuses,
		]);
	});

	it('searches companies by name and lists the sites of the chosen company', async () => {
		const companies = await searchCompanies.call(context('sync'), 'north');
		expect(companies.results).toEqual([
			{ name: 'Northwind Traders (NORTHWIND)', value: String(COMPANIES.northwind) },
		]);
		const sites = await searchSites.call(
			context('sync', {
				operation: 'matchConfigurations',
				companyLink: 'company',
				company: byId(COMPANIES.contoso),
			}),
		);
		expect(sites.results).toEqual([
			{ name: 'Main Office', value: '31' },
			{ name: 'Warehouse', value: '32' },
		]);
	});

	it('lists, for the site picker of an Agent Links row, the sites of the company in that row', async () => {
		const links = [
			{ agent: byId(AGENTS.northwind), company: byId(COMPANIES.northwind), siteId: byId('') },
			{ agent: byId(AGENTS.contoso), company: byId(COMPANIES.contoso), siteId: byId('') },
		];
		const parameters = {
			operation: 'matchConfigurations',
			companyLink: 'mapping',
			agentLinks: { links },
		};
		const sitesOfRow = async (row: number) =>
			(
				await searchSites.call(
					context('sync', parameters, `parameters.agentLinks.links[${row}].siteId`),
				)
			).results;
		expect(await sitesOfRow(0)).toEqual([{ name: 'Head Office', value: '41' }]);
		expect(await sitesOfRow(1)).toEqual([
			{ name: 'Main Office', value: '31' },
			{ name: 'Warehouse', value: '32' },
		]);
	});
});

describe('ConnectWise searches the API cannot be asked about as typed', () => {
	beforeEach(() => {
		const connectwise = connectWiseTenant({ linkField: true });
		tenant.connectwise.load({
			...connectwise,
			statuses: [
				{ id: 1, description: 'Active', defaultFlag: true },
				{ id: 2, description: 'Retired', closedFlag: true },
			],
			configurations: [
				...(connectwise.configurations ?? []),
				{ name: 'Lobby "AP" 1', type: { id: 1 }, company: { id: COMPANIES.contoso } },
				{ name: 'Lobby AP 2', type: { id: 1 }, company: { id: COMPANIES.contoso } },
			],
		});
	});

	it('searches a text with a double quote by its longest part, keeping exact hits', async () => {
		const parameters = { operation: 'link', onlyCompany: byId(COMPANIES.contoso) };
		const found = await searchConfigurations.call(context('sync', parameters), 'Lobby "AP"');
		expect(found.results.map((result) => result.name)).toEqual([
			'Lobby "AP" 1 (Managed Workstation, Contoso Ltd)',
		]);
	});

	it('lists statuses, which have no inactiveFlag, all of them', async () => {
		const statuses = await getConfigurationStatuses.call(context('sync'));
		expect(statuses).toEqual([
			{ name: 'Active (default)', value: '1' },
			{ name: 'Retired', value: '2' },
		]);
	});
});
