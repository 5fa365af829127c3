import type { IDataObject } from 'n8n-workflow';

import {
	AGENTS,
	COMPANIES,
	CONFIGURATIONS,
	DEVICES,
	LINK_CAPTION,
	NORTHWIND_LISTED,
	connectWiseTenant,
	domotzTenant,
} from './fixtures';
import { SimulatedTenant, byId, jsonOf, pairedItemsOf } from './support';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

/** Items as Domotz › Get Devices outputs them: the device with `id` and `agent_id`. */
function deviceItems(agentId: number, deviceIds: readonly number[]): IDataObject[] {
	return deviceIds.map((id) => ({ ...tenant.domotz.state.device(agentId, id), agent_id: agentId }));
}

const northwindItems = () => deviceItems(AGENTS.northwind, NORTHWIND_LISTED);

const match = (parameters: Record<string, unknown> = {}) => ({
	operation: 'matchConfigurations',
	companyLink: 'company',
	company: byId(COMPANIES.northwind),
	...parameters,
});

const mapping = {
	agentLinks: {
		links: [
			{ agent: byId(AGENTS.northwind), company: byId(COMPANIES.northwind), siteId: '' },
			{ agent: byId(AGENTS.contoso), company: byId(COMPANIES.contoso), siteId: '' },
		],
	},
};

const summary = (json: IDataObject) => [
	json.deviceId,
	json.status,
	json.configurationId,
	json.matchedBy,
];

describe('Sync › Match to Configurations', () => {
	beforeEach(() => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: true }));
	});

	it('finds each device by link first, then serial, MAC and IP', async () => {
		const result = await tenant.run('sync', match(), northwindItems());
		expect(result.error).toBeUndefined();
		const [devices] = result.outputs('Node');
		expect(jsonOf(devices).map(summary)).toEqual([
			[DEVICES.linked, 'linked', CONFIGURATIONS.linked, 'link'],
			[DEVICES.serial, 'matched', CONFIGURATIONS.serial, 'serial'],
			// A placeholder serial on both sides never matches; the MAC in Cisco notation does.
			[DEVICES.mac, 'matched', CONFIGURATIONS.mac, 'mac'],
			[DEVICES.ip, 'matched', CONFIGURATIONS.ip, 'ip'],
			[DEVICES.ambiguousSerial, 'ambiguous', null, 'serial'],
			[DEVICES.clonedVmA, 'ambiguous', null, 'mac'],
			[DEVICES.clonedVmB, 'ambiguous', null, 'mac'],
			[DEVICES.unmatched, 'unmatched', null, null],
			[DEVICES.inactiveMatch, 'unmatched', null, null],
			[DEVICES.external, 'unmatched', null, null],
		]);
		expect(pairedItemsOf(devices)).toEqual(NORTHWIND_LISTED.map((_id, index) => index));
	});

	it('lists the candidates of an ambiguous serial and the rivals for a contested configuration', async () => {
		const result = await tenant.run('sync', match(), northwindItems());
		const byDevice = new Map(jsonOf(result.output('Node')).map((json) => [json.deviceId, json]));
		expect(byDevice.get(DEVICES.ambiguousSerial)).toMatchObject({
			ambiguity: 'severalConfigurations',
			candidates: [
				expect.objectContaining({
					configurationId: CONFIGURATIONS.duplicateSerialA,
					key: 'serial',
				}),
				expect.objectContaining({
					configurationId: CONFIGURATIONS.duplicateSerialB,
					key: 'serial',
				}),
			],
		});
		expect(byDevice.get(DEVICES.clonedVmA)).toMatchObject({
			ambiguity: 'contested',
			candidates: [expect.objectContaining({ configurationId: CONFIGURATIONS.clonedVm })],
			competingDevices: [{ agentId: AGENTS.northwind, deviceId: DEVICES.clonedVmB }],
		});
	});

	it.each([
		[true, 'unmatched', null],
		[false, 'matched', CONFIGURATIONS.inactive],
	])(
		'with Only Active Configurations %s, the inactive configuration is %s',
		async (onlyActive, status, configurationId) => {
			const result = await tenant.run(
				'sync',
				match({ options: { onlyActive } }),
				deviceItems(AGENTS.northwind, [DEVICES.inactiveMatch]),
			);
			expect(result.output('Node')[0].json).toMatchObject({ status, configurationId });
		},
	);

	it('lists the company configurations no device matched on the second output', async () => {
		const result = await tenant.run('sync', match(), northwindItems());
		const unmatched = result.outputs('Node')[1];
		expect(jsonOf(unmatched).map((json) => json.configurationId)).toEqual([
			CONFIGURATIONS.duplicateSerialA,
			CONFIGURATIONS.duplicateSerialB,
			CONFIGURATIONS.clonedVm,
			CONFIGURATIONS.placeholderSerial,
			CONFIGURATIONS.decommissioned,
		]);
		expect(unmatched[0].json).toEqual({
			configurationId: CONFIGURATIONS.duplicateSerialA,
			configurationName: 'Edge router (old record)',
			reason: 'noMatchingDevice',
			companyId: COMPANIES.northwind,
			companyName: 'Northwind Traders',
			active: true,
		});
	});

	it('reads each agent device list and each company configuration list once for a batch', async () => {
		const input = [
			...northwindItems(),
			...northwindItems(),
			...deviceItems(AGENTS.contoso, [DEVICES.contosoSerial]),
		];
		const result = await tenant.run('sync', match({ companyLink: 'mapping', ...mapping }), input);
		expect(result.output('Node')).toHaveLength(input.length);
		expect(tenant.domotz.http.count('GET', 'device.list')).toBe(2);
		expect(tenant.domotz.http.count('GET', 'device.get')).toBe(0);
		expect(tenant.connectwise.http.count('GET', 'configurations.list')).toBe(2);
		expect(tenant.connectwise.http.count('GET', 'configurations.get')).toBe(0);
	});
});

describe('Sync › company link', () => {
	beforeEach(() => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: true }));
	});

	it.each([
		[
			'one company',
			{ companyLink: 'company', company: byId(COMPANIES.contoso) },
			AGENTS.contoso,
			DEVICES.contosoSerial,
			COMPANIES.contoso,
			CONFIGURATIONS.contosoSerial,
		],
		[
			'the agent Customer ID',
			{ companyLink: 'customerId' },
			AGENTS.northwind,
			DEVICES.serial,
			COMPANIES.northwind,
			CONFIGURATIONS.serial,
		],
		[
			'the agent name',
			{ companyLink: 'agentName' },
			AGENTS.contoso,
			DEVICES.contosoSerial,
			COMPANIES.contoso,
			CONFIGURATIONS.contosoSerial,
		],
		[
			'the table of agents',
			{ companyLink: 'mapping', ...mapping },
			AGENTS.contoso,
			DEVICES.contosoSerial,
			COMPANIES.contoso,
			CONFIGURATIONS.contosoSerial,
		],
	])(
		'finds the company by %s',
		async (_case, link, agentId, deviceId, companyId, configurationId) => {
			const result = await tenant.run('sync', match(link), deviceItems(agentId, [deviceId]));
			expect(result.output('Node')[0].json).toMatchObject({
				status: 'matched',
				companyId,
				configurationId,
			});
		},
	);

	it.each([
		[
			'the site picker',
			{ companyLink: 'company', company: byId(COMPANIES.contoso), site: byId('31') },
		],
		[
			'a site ID in the agent table',
			{
				companyLink: 'mapping',
				agentLinks: {
					links: [{ agent: byId(AGENTS.contoso), company: byId(COMPANIES.contoso), siteId: '31' }],
				},
			},
		],
	])('carries the site chosen with %s to every device of the agent', async (_case, link) => {
		tenant.load(domotzTenant(), {
			...connectWiseTenant({ linkField: true }),
			sites: [{ id: 31, name: 'Main Office', company: { id: COMPANIES.contoso } }],
		});
		const result = await tenant.run(
			'sync',
			match(link),
			deviceItems(AGENTS.contoso, [DEVICES.contosoSerial]),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject({
			companyId: COMPANIES.contoso,
			siteId: 31,
		});
	});

	it('names the item and the field when a site ID in the agent table is not a number', async () => {
		const result = await tenant.run(
			'sync',
			match({
				companyLink: 'mapping',
				agentLinks: {
					links: [
						{
							agent: byId(AGENTS.contoso),
							company: byId(COMPANIES.contoso),
							siteId: 'main office',
						},
					],
				},
			}),
			deviceItems(AGENTS.contoso, [DEVICES.contosoSerial]),
		);
		expect(result.error?.message).toMatch(
			/Item 0: row 1 of "Agent Links" needs a numeric agent, company and \(optional\) site ID/,
		);
	});

	it('maps several agents to their companies in one run', async () => {
		const input = [
			...deviceItems(AGENTS.northwind, [DEVICES.serial]),
			...deviceItems(AGENTS.contoso, [DEVICES.contosoSerial]),
		];
		const result = await tenant.run('sync', match({ companyLink: 'mapping', ...mapping }), input);
		expect(
			jsonOf(result.output('Node')).map((json) => [json.companyId, json.configurationId]),
		).toEqual([
			[COMPANIES.northwind, CONFIGURATIONS.serial],
			[COMPANIES.contoso, CONFIGURATIONS.contosoSerial],
		]);
		const unmatchedCompanies = new Set(
			jsonOf(result.outputs('Node')[1]).map((json) => json.companyId),
		);
		expect(unmatchedCompanies).toEqual(new Set([COMPANIES.northwind, COMPANIES.contoso]));
	});

	it.each([
		['Customer ID', { companyLink: 'customerId' }, /NO-SUCH-CUSTOMER/],
		['agent name', { companyLink: 'agentName' }, /name "Pop-up Kiosk"/],
		['agent links table', { companyLink: 'mapping', ...mapping }, /no row/],
	])(
		'reports an agent whose %s finds no company as unresolvedCompany',
		async (_case, link, problem) => {
			const result = await tenant.run(
				'sync',
				match(link),
				deviceItems(AGENTS.orphan, [DEVICES.orphanDevice]),
			);
			expect(result.error).toBeUndefined();
			const json = result.output('Node')[0].json;
			expect(json).toMatchObject({
				status: 'unresolvedCompany',
				configurationId: null,
				companyId: null,
			});
			expect(json.companyProblem).toMatch(problem);
		},
	);
});

describe('Sync › saving links', () => {
	const saveable = [DEVICES.serial, DEVICES.mac, DEVICES.ip];
	const expectedLinks = [
		[DEVICES.serial, CONFIGURATIONS.serial],
		[DEVICES.mac, CONFIGURATIONS.mac],
		[DEVICES.ip, CONFIGURATIONS.ip],
	] as const;
	const marker = (deviceId: number) => `domotz:${AGENTS.northwind}/${deviceId}`;
	const mirroredConfiguration = (deviceId: number) =>
		tenant.domotz.state
			.deviceInventory(AGENTS.northwind, deviceId)
			?.find((field) => field.key === 'connectwise_configuration_id')?.value;

	it('creates the link field on a tenant without one, writes the markers and mirrors them in Domotz', async () => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: false }));
		const result = await tenant.run('sync', match({ saveLinks: true }), northwindItems());
		expect(result.error).toBeUndefined();
		expect(tenant.connectwise.http.count('POST', 'userDefinedFields.create')).toBe(1);
		for (const [deviceId, configurationId] of expectedLinks) {
			expect(tenant.connectwise.state.customFieldValue(configurationId, LINK_CAPTION)).toBe(
				marker(deviceId),
			);
			expect(mirroredConfiguration(deviceId)).toBe(String(configurationId));
		}
		const saved = jsonOf(result.output('Node')).filter((json) => json.link !== undefined);
		expect(saved.map((json) => json.deviceId)).toEqual(saveable);
		expect(saved.map((json) => json.link)).toEqual(
			saveable.map(() => ({ status: 'saved', mirroredInDomotz: true })),
		);
	});

	it('reports every match as not saved, and writes nothing, when the link field cannot be created', async () => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: false }));
		tenant.connectwise.http.setFaults([
			{
				route: 'userDefinedFields.create',
				fault: {
					type: 'status',
					status: 403,
					body: {
						code: 'Security',
						message: 'You do not have security permission to perform this action.',
					},
				},
				rate: 1,
			},
		]);
		const result = await tenant.run('sync', match({ saveLinks: true }), northwindItems());
		tenant.connectwise.http.setFaults([]);
		expect(result.error).toBeUndefined();
		const links = jsonOf(result.output('Node')).flatMap((json) =>
			json.link ? [json.link as IDataObject] : [],
		);
		expect(links).toHaveLength(saveable.length);
		for (const link of links) {
			expect(link.status).toBe('notSaved');
			expect(String(link.reason)).toMatch(/link field could not be prepared.*security permission/);
		}
		expect(tenant.connectwise.http.count('PATCH', 'configurations.patch')).toBe(0);
		expect(tenant.domotz.http.count('PUT', 'inventory.setValue')).toBe(0);
	});

	it('never saves ambiguous matches', async () => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: false }));
		await tenant.run('sync', match({ saveLinks: true }), northwindItems());
		const untouched = [
			CONFIGURATIONS.duplicateSerialA,
			CONFIGURATIONS.duplicateSerialB,
			CONFIGURATIONS.clonedVm,
		];
		for (const configurationId of untouched) {
			expect(tenant.connectwise.state.customFieldValue(configurationId, LINK_CAPTION)).toBeNull();
		}
		expect(tenant.connectwise.http.count('PATCH', 'configurations.patch')).toBe(saveable.length);
	});

	it.each([
		['the custom field', { linkStorage: 'customField' }],
		['Device Identifier', { linkStorage: 'deviceIdentifier' }],
	])('finds saved links in %s on the next run and writes nothing', async (_case, options) => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: false }));
		const parameters = match({ saveLinks: true, options });
		await tenant.run('sync', parameters, northwindItems());
		if (options.linkStorage === 'deviceIdentifier') {
			for (const [deviceId, configurationId] of expectedLinks) {
				expect(tenant.connectwise.state.configuration(configurationId)?.deviceIdentifier).toBe(
					marker(deviceId),
				);
			}
		}
		tenant.domotz.http.resetCounts();
		tenant.connectwise.http.resetCounts();

		const second = await tenant.run('sync', parameters, northwindItems());
		const byDevice = new Map(jsonOf(second.output('Node')).map((json) => [json.deviceId, json]));
		for (const [deviceId, configurationId] of expectedLinks) {
			expect(byDevice.get(deviceId)).toMatchObject({
				status: 'linked',
				matchedBy: 'link',
				configurationId,
			});
		}
		expect(tenant.connectwise.http.count('PATCH', 'configurations.patch')).toBe(0);
		expect(tenant.connectwise.http.count('POST', 'userDefinedFields.create')).toBe(0);
		expect(tenant.domotz.http.count('PUT', 'inventory.setValue')).toBe(0);
	});
});

describe('Sync › failures', () => {
	beforeEach(() => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: true }));
	});

	const withBadAgent = () => [
		...deviceItems(AGENTS.northwind, [DEVICES.serial]),
		{ id: 1, agent_id: 999_999 },
		...deviceItems(AGENTS.northwind, [DEVICES.mac]),
	];

	it('with Continue on Fail, gives the bad item an error item and matches the others', async () => {
		const result = await tenant.run('sync', match(), withBadAgent(), 'continueRegularOutput');
		expect(result.error).toBeUndefined();
		const devices = result.output('Node');
		expect(pairedItemsOf(devices)).toEqual([0, 1, 2]);
		expect(devices[0].json).toMatchObject({
			status: 'matched',
			configurationId: CONFIGURATIONS.serial,
		});
		expect(devices[1].json.error).toEqual(expect.stringContaining('999999'));
		expect(devices[2].json).toMatchObject({
			status: 'matched',
			configurationId: CONFIGURATIONS.mac,
		});
	});

	it('in all-companies scope, turns a refused configuration sweep into an error item per device', async () => {
		tenant.connectwise.http.setFaults([
			{
				route: 'configurations.list',
				fault: {
					type: 'status',
					status: 403,
					body: {
						code: 'Security',
						message: 'You do not have security permission to perform this action.',
					},
				},
				rate: 1,
			},
		]);
		const result = await tenant.run(
			'sync',
			match({ options: { scope: 'allCompanies' } }),
			deviceItems(AGENTS.northwind, [DEVICES.serial, DEVICES.mac]),
			'continueRegularOutput',
		);
		tenant.connectwise.http.setFaults([]);
		expect(result.error).toBeUndefined();
		const devices = result.output('Node');
		expect(pairedItemsOf(devices)).toEqual([0, 1]);
		for (const device of devices) {
			expect(String(device.json.error)).toMatch(/403/);
			expect(String(device.json.details)).toMatch(/permission/);
		}
	});

	it('without Continue on Fail, fails the run with an error naming the item', async () => {
		const result = await tenant.run('sync', match(), withBadAgent());
		expect(result.error).toBeDefined();
		expect(result.error).toMatchObject({ context: expect.objectContaining({ itemIndex: 1 }) });
	});

	it('fails an item whose Agent ID is not a number, naming it', async () => {
		const result = await tenant.run(
			'sync',
			match(),
			[...deviceItems(AGENTS.northwind, [DEVICES.serial]), { id: 5, agent_id: 'abc' }],
			'continueRegularOutput',
		);
		expect(result.output('Node')[1].json.error).toMatch(/Item 1: "Agent ID" must be a numeric ID/);
	});
});
