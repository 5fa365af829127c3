/**
 * Every Company Link mode can carry a site: One Company and each Agent Links row a chosen site,
 * which must be the company's; Customer ID and Agent Name a default site name, looked up in each
 * agent's company, whose default site it falls back to.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { configurationTypeId } from './bulk-fixtures';
import { AGENTS, COMPANIES, DEVICES, connectWiseTenant, domotzTenant } from './fixtures';
import { SimulatedTenant, byId, jsonOf } from './support';

const tenant = new SimulatedTenant();
const SITES = { contosoMain: 31, contosoWarehouse: 32, northwindHead: 41 } as const;

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
beforeEach(() => {
	tenant.load(domotzTenant(), {
		...connectWiseTenant({ linkField: true }),
		sites: [
			{ id: SITES.contosoMain, name: 'Main Office', company: { id: COMPANIES.contoso } },
			{ id: SITES.contosoWarehouse, name: 'Warehouse', company: { id: COMPANIES.contoso } },
			{ id: SITES.northwindHead, name: 'Head Office', company: { id: COMPANIES.northwind } },
		],
	});
});

const deviceItem = (agentId: number, deviceId: number): IDataObject => ({
	...tenant.domotz.state.device(agentId, deviceId),
	agent_id: agentId,
});

const agentLinksRow = (
	agentId: number,
	companyId: number,
	siteId: INodeParameters | string,
): INodeParameters => ({
	companyLink: 'mapping',
	agentLinks: { links: [{ agent: byId(agentId), company: byId(companyId), siteId }] },
});

const match = (link: INodeParameters) => ({ operation: 'matchConfigurations', ...link });

describe('Sync › a site with the company link', () => {
	it.each([
		['a site picked in the Agent Links row', byId(SITES.northwindHead)],
		['a row saved with a plain site ID, before the site picker', String(SITES.northwindHead)],
	])('creates the configuration in %s', async (_case, siteId) => {
		const result = await tenant.run(
			'sync',
			{
				operation: 'createConfigurations',
				...agentLinksRow(AGENTS.northwind, COMPANIES.northwind, siteId),
				defaultType: String(configurationTypeId('Unknown Device')),
			},
			[deviceItem(AGENTS.northwind, DEVICES.unmatched)],
		);
		const [json] = jsonOf(result.output('Node'));
		expect(json.status).toBe('created');
		expect(tenant.connectwise.state.configuration(json.configurationId as number)?.site?.id).toBe(
			SITES.northwindHead,
		);
	});

	it.each([
		[
			'an Agent Links row',
			agentLinksRow(AGENTS.contoso, COMPANIES.contoso, byId(SITES.northwindHead)),
			`site ${SITES.northwindHead}, chosen for agent ${AGENTS.contoso}, is not a site of company Contoso Ltd (ID ${COMPANIES.contoso}); its sites: Main Office (31), Warehouse (32)`,
		],
		[
			'One Company',
			{ companyLink: 'company', company: byId(COMPANIES.contoso), site: byId(SITES.northwindHead) },
			`site ${SITES.northwindHead}, chosen for agent ${AGENTS.contoso}, is not a site of company Contoso Ltd (ID ${COMPANIES.contoso}); its sites: Main Office (31), Warehouse (32)`,
		],
	])(
		'refuses a site of another company chosen in %s, naming agent, site and company',
		async (_case, link, reason) => {
			const result = await tenant.run('sync', match(link), [
				deviceItem(AGENTS.contoso, DEVICES.contosoSerial),
			]);
			expect(result.error).toBeUndefined();
			expect(result.output('Node')[0].json).toMatchObject({
				status: 'unresolvedCompany',
				companyId: null,
				companyProblem: reason,
			});
		},
	);

	it.each([
		{
			title: 'Customer ID: "Head Office", a site of the company, is its site',
			link: { companyLink: 'customerId', siteName: 'Head Office' },
			device: () => deviceItem(AGENTS.northwind, DEVICES.serial),
			expected: { companyId: COMPANIES.northwind, siteId: SITES.northwindHead },
		},
		{
			title: 'Customer ID: "Main Office", not a site of the company, leaves its default site',
			link: { companyLink: 'customerId', siteName: 'Main Office' },
			device: () => deviceItem(AGENTS.northwind, DEVICES.serial),
			expected: { companyId: COMPANIES.northwind, siteId: null },
		},
		{
			title: 'Agent Name: " main office " finds "Main Office" whatever the case and spaces',
			link: { companyLink: 'agentName', siteName: ' main office ' },
			device: () => deviceItem(AGENTS.contoso, DEVICES.contosoSerial),
			expected: { companyId: COMPANIES.contoso, siteId: SITES.contosoMain },
		},
	])('Default Site Name with $title', async ({ link, device, expected }) => {
		const result = await tenant.run('sync', match(link), [device()]);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject(expected);
	});

	it("Sync Agent fails a chosen agent whose site is not its company's, naming the site", async () => {
		const result = await tenant.run(
			'sync',
			{
				resource: 'agent',
				operation: 'syncAgent',
				agentSelection: 'chosen',
				agents: [String(AGENTS.contoso)],
				...agentLinksRow(AGENTS.contoso, COMPANIES.contoso, byId(SITES.northwindHead)),
			},
			[{}],
			'continueRegularOutput',
		);
		const [agent] = jsonOf(result.output('Node'));
		expect(String(agent.error)).toContain(
			`site ${SITES.northwindHead}, chosen for agent ${AGENTS.contoso}, is not a site of company Contoso Ltd`,
		);
		expect(tenant.connectwise.http.count('PATCH', 'configurations.patch')).toBe(0);
	});

	it('reads no site when the link names none', async () => {
		await tenant.run('sync', match({ companyLink: 'customerId' }), [
			deviceItem(AGENTS.northwind, DEVICES.serial),
		]);
		expect(tenant.connectwise.http.count('GET', 'sites.list')).toBe(0);
	});
});
