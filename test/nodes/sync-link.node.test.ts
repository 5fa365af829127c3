import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LINK_FIELD_ID, MIRROR_KEY } from './bulk-fixtures';
import {
	AGENTS,
	COMPANIES,
	CONFIGURATIONS,
	DEVICES,
	LINK_CAPTION,
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

/** A device the Northwind agent no longer lists, whose configuration is still linked to it. */
const GONE_DEVICE = 1999;

const marker = (agentId: number, deviceId: number) => `domotz:${agentId}/${deviceId}`;

const linkOf = (configurationId: number) =>
	tenant.connectwise.state.customFieldValue(configurationId, LINK_CAPTION);

const mirrorOf = (agentId: number, deviceId: number) =>
	tenant.domotz.state.deviceInventory(agentId, deviceId)?.find((field) => field.key === MIRROR_KEY)
		?.value ?? null;

/** The fixture tenant with the link of configuration 5001 to device 1001 mirrored in Domotz. */
function loadLinkedTenant(): void {
	tenant.load(
		{
			...domotzTenant(),
			inventoryFields: [{ key: MIRROR_KEY, label: 'ConnectWise Configuration ID' }],
			deviceInventory: {
				[AGENTS.northwind]: {
					[DEVICES.linked]: { [MIRROR_KEY]: String(CONFIGURATIONS.linked) },
				},
			},
		},
		connectWiseTenant({ linkField: true }),
	);
}

function linkByHand(configurationId: number, agentId: number, deviceId: number): void {
	tenant.connectwise.state.editConfiguration(configurationId, {
		customFields: [{ id: LINK_FIELD_ID, value: marker(agentId, deviceId) }],
	});
}

const deviceItem = (agentId: number, deviceId: number): IDataObject => ({
	...tenant.domotz.state.device(agentId, deviceId),
	agent_id: agentId,
});

const writeCounts = () => ({
	patch: tenant.connectwise.http.count('PATCH', 'configurations.patch'),
	mirrorSet: tenant.domotz.http.count('PUT', 'inventory.setValue'),
	mirrorClear: tenant.domotz.http.count('DELETE', 'inventory.clearValue'),
});

const link = (configuration: number | string, parameters: INodeParameters = {}) => ({
	operation: 'link',
	configuration: byId(configuration),
	...parameters,
});

describe('Sync › Link', () => {
	beforeEach(loadLinkedTenant);

	it('links a device to the chosen configuration on both sides', async () => {
		const result = await tenant.run('sync', link(CONFIGURATIONS.decommissioned), [
			deviceItem(AGENTS.northwind, DEVICES.unmatched),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toEqual({
			agentId: AGENTS.northwind,
			deviceId: DEVICES.unmatched,
			deviceName: 'Guest kiosk',
			status: 'linked',
			configurationId: CONFIGURATIONS.decommissioned,
			configurationName: 'Decommissioned NAS',
			companyId: COMPANIES.northwind,
			replacedConfigurationIds: [],
			link: { status: 'saved', mirroredInDomotz: true },
		});
		expect(linkOf(CONFIGURATIONS.decommissioned)).toBe(marker(AGENTS.northwind, DEVICES.unmatched));
		expect(mirrorOf(AGENTS.northwind, DEVICES.unmatched)).toBe(
			String(CONFIGURATIONS.decommissioned),
		);
		expect(writeCounts()).toEqual({ patch: 1, mirrorSet: 1, mirrorClear: 0 });
	});

	it('replaces the earlier link of the device, writing the new link before clearing the old one', async () => {
		const result = await tenant.run('sync', link(CONFIGURATIONS.decommissioned), [
			deviceItem(AGENTS.northwind, DEVICES.linked),
		]);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'linked',
			configurationId: CONFIGURATIONS.decommissioned,
			replacedConfigurationIds: [CONFIGURATIONS.linked],
		});
		expect(linkOf(CONFIGURATIONS.decommissioned)).toBe(marker(AGENTS.northwind, DEVICES.linked));
		expect(linkOf(CONFIGURATIONS.linked)).toBeNull();
		expect(mirrorOf(AGENTS.northwind, DEVICES.linked)).toBe(String(CONFIGURATIONS.decommissioned));
		const patched = tenant.connectwise.http
			.requests()
			.filter((request) => request.route === 'configurations.patch')
			.map((request) => Number(request.path.split('/').pop()));
		expect(patched).toEqual([CONFIGURATIONS.decommissioned, CONFIGURATIONS.linked]);
	});

	it('reports an earlier link it could not clear instead of calling it replaced', async () => {
		tenant.connectwise.http.setFaults([
			{
				route: 'configurations.patch',
				fault: { type: 'status', status: 403, body: { message: 'Not allowed' } },
				rate: 1,
				after: 1,
			},
		]);
		const result = await tenant.run('sync', link(CONFIGURATIONS.decommissioned), [
			deviceItem(AGENTS.northwind, DEVICES.linked),
		]);
		tenant.connectwise.http.setFaults([]);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'linked',
			configurationId: CONFIGURATIONS.decommissioned,
			replacedConfigurationIds: [],
			problems: [
				expect.stringMatching(
					new RegExp(
						`^configuration ${CONFIGURATIONS.linked} still holds the earlier link of this device: .*403`,
					),
				),
			],
		});
		expect(linkOf(CONFIGURATIONS.linked)).toBe(marker(AGENTS.northwind, DEVICES.linked));
		expect(linkOf(CONFIGURATIONS.decommissioned)).toBe(marker(AGENTS.northwind, DEVICES.linked));
	});

	it('links a device named by two items of one run only once', async () => {
		const result = await tenant.run(
			'sync',
			link('={{ $json.configurationId }}'),
			[
				{
					...deviceItem(AGENTS.northwind, DEVICES.unmatched),
					configurationId: CONFIGURATIONS.decommissioned,
				},
				{
					...deviceItem(AGENTS.northwind, DEVICES.unmatched),
					configurationId: CONFIGURATIONS.placeholderSerial,
				},
			],
			'continueRegularOutput',
		);
		const [first, second] = jsonOf(result.output('Node'));
		expect(first).toMatchObject({
			status: 'linked',
			configurationId: CONFIGURATIONS.decommissioned,
		});
		expect(second.error).toBe(
			`Item 1: Domotz device ${DEVICES.unmatched} was not linked: Domotz device ${DEVICES.unmatched} of agent ${AGENTS.northwind} is already linked by item 0 of this run`,
		);
		expect(linkOf(CONFIGURATIONS.placeholderSerial)).toBeNull();
	});

	it('reads the chosen configurations and each agent once for a batch', async () => {
		const pairs = [
			[DEVICES.unmatched, CONFIGURATIONS.decommissioned],
			[DEVICES.external, CONFIGURATIONS.placeholderSerial],
			[DEVICES.inactiveMatch, CONFIGURATIONS.inactive],
		] as const;
		const result = await tenant.run(
			'sync',
			link('={{ $json.configurationId }}'),
			pairs.map(([deviceId, configurationId]) => ({
				...deviceItem(AGENTS.northwind, deviceId),
				configurationId,
			})),
		);
		expect(result.error).toBeUndefined();
		expect(
			jsonOf(result.output('Node')).map((json) => [json.status, json.configurationId]),
		).toEqual(pairs.map(([, configurationId]) => ['linked', configurationId]));
		for (const [deviceId, configurationId] of pairs) {
			expect(linkOf(configurationId)).toBe(marker(AGENTS.northwind, deviceId));
		}
		expect(tenant.connectwise.http.counts()).toEqual({
			'GET login.companyInfo': 1,
			// The chosen configurations by id, then the agent's markers in every company.
			'GET configurations.list': 2,
			'PATCH configurations.patch': pairs.length,
		});
		expect(tenant.domotz.http.count('GET', 'device.list')).toBe(1);
		expect(tenant.domotz.http.count('GET', 'device.get')).toBe(0);
	});

	it('leaves a pair that is already linked as it is', async () => {
		const result = await tenant.run('sync', link(CONFIGURATIONS.linked), [
			deviceItem(AGENTS.northwind, DEVICES.linked),
		]);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'alreadyLinked',
			configurationId: CONFIGURATIONS.linked,
		});
		expect(writeCounts()).toEqual({ patch: 0, mirrorSet: 0, mirrorClear: 0 });
	});

	it('refuses a configuration linked to another device unless Move Link is on', async () => {
		const refused = await tenant.run(
			'sync',
			link(CONFIGURATIONS.linked),
			[deviceItem(AGENTS.northwind, DEVICES.serial)],
			'continueRegularOutput',
		);
		expect(refused.output('Node')[0].json.error).toBe(
			`Item 0: Domotz device ${DEVICES.serial} was not linked: configuration ${CONFIGURATIONS.linked} ("Northwind core switch") is linked to Domotz device ${DEVICES.linked} of agent ${AGENTS.northwind}; choose "Move Link" to move it to this device`,
		);
		expect(linkOf(CONFIGURATIONS.linked)).toBe(marker(AGENTS.northwind, DEVICES.linked));
		expect(writeCounts()).toEqual({ patch: 0, mirrorSet: 0, mirrorClear: 0 });

		const moved = await tenant.run('sync', link(CONFIGURATIONS.linked, { moveLink: true }), [
			deviceItem(AGENTS.northwind, DEVICES.serial),
		]);
		expect(moved.error).toBeUndefined();
		expect(moved.output('Node')[0].json).toMatchObject({
			status: 'linked',
			configurationId: CONFIGURATIONS.linked,
			movedFrom: { agentId: AGENTS.northwind, deviceId: DEVICES.linked },
			link: { status: 'saved', mirroredInDomotz: true },
		});
		expect(linkOf(CONFIGURATIONS.linked)).toBe(marker(AGENTS.northwind, DEVICES.serial));
		expect(mirrorOf(AGENTS.northwind, DEVICES.serial)).toBe(String(CONFIGURATIONS.linked));
		expect(mirrorOf(AGENTS.northwind, DEVICES.linked)).toBeNull();
	});

	it('without Continue On Fail, a refusal fails the run naming the item', async () => {
		const result = await tenant.run('sync', link(CONFIGURATIONS.linked), [
			deviceItem(AGENTS.northwind, DEVICES.serial),
		]);
		expect(result.error?.message).toMatch(/Item 0: Domotz device 1002 was not linked/);
	});

	it.each([
		[
			'another company',
			COMPANIES.northwind,
			CONFIGURATIONS.contosoSpare,
			`configuration ${CONFIGURATIONS.contosoSpare} ("Contoso spare laptop") belongs to company ${COMPANIES.contoso}, not to company ${COMPANIES.northwind}`,
		],
		[
			'a configuration ConnectWise does not have',
			undefined,
			9999,
			'ConnectWise has no configuration 9999',
		],
	])('refuses %s', async (_case, companyId, configurationId, reason) => {
		const result = await tenant.run(
			'sync',
			link(configurationId, companyId === undefined ? {} : { onlyCompany: byId(companyId) }),
			[deviceItem(AGENTS.northwind, DEVICES.unmatched)],
			'continueRegularOutput',
		);
		expect(result.output('Node')[0].json.error).toBe(
			`Item 0: Domotz device ${DEVICES.unmatched} was not linked: ${reason}`,
		);
		expect(writeCounts()).toEqual({ patch: 0, mirrorSet: 0, mirrorClear: 0 });
	});

	it('links a configuration of the company chosen in Company', async () => {
		const result = await tenant.run(
			'sync',
			link(CONFIGURATIONS.contosoSpare, { onlyCompany: byId(COMPANIES.contoso) }),
			[deviceItem(AGENTS.contoso, DEVICES.contosoSerial)],
		);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'linked',
			companyId: COMPANIES.contoso,
		});
		expect(linkOf(CONFIGURATIONS.contosoSpare)).toBe(marker(AGENTS.contoso, DEVICES.contosoSerial));
	});

	it('gives a configuration chosen twice in one run to the first item only', async () => {
		const result = await tenant.run(
			'sync',
			link(CONFIGURATIONS.decommissioned),
			[
				deviceItem(AGENTS.northwind, DEVICES.unmatched),
				deviceItem(AGENTS.northwind, DEVICES.external),
			],
			'continueRegularOutput',
		);
		const [first, second] = jsonOf(result.output('Node'));
		expect(first).toMatchObject({ status: 'linked', deviceId: DEVICES.unmatched });
		expect(second.error).toMatch(/already chosen for item 0 of this run/);
		expect(linkOf(CONFIGURATIONS.decommissioned)).toBe(marker(AGENTS.northwind, DEVICES.unmatched));
	});

	it('keeps the link in Device Identifier when asked', async () => {
		const result = await tenant.run(
			'sync',
			link(CONFIGURATIONS.decommissioned, {
				options: { linkStorage: 'deviceIdentifier', mirrorInDomotz: false },
			}),
			[deviceItem(AGENTS.northwind, DEVICES.unmatched)],
		);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'linked',
			link: { status: 'saved', mirroredInDomotz: false },
		});
		expect(
			tenant.connectwise.state.configuration(CONFIGURATIONS.decommissioned)?.deviceIdentifier,
		).toBe(marker(AGENTS.northwind, DEVICES.unmatched));
		expect(linkOf(CONFIGURATIONS.decommissioned)).toBeNull();
		expect(writeCounts()).toEqual({ patch: 1, mirrorSet: 0, mirrorClear: 0 });
	});
});

describe('Sync › Unlink', () => {
	beforeEach(loadLinkedTenant);

	const unlink = (parameters: INodeParameters = {}) => ({ operation: 'unlink', ...parameters });

	/** What unlinking must never change: how many configurations exist and which are active. */
	const activeFlags = () =>
		tenant.connectwise.state
			.configurations()
			.map((configuration) => [configuration.id, configuration.activeFlag]);

	it('removes the link on both sides and never deletes or deactivates the configuration', async () => {
		const before = activeFlags();
		const result = await tenant.run('sync', unlink(), [
			deviceItem(AGENTS.northwind, DEVICES.linked),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toEqual({
			agentId: AGENTS.northwind,
			deviceId: DEVICES.linked,
			status: 'unlinked',
			configurationIds: [CONFIGURATIONS.linked],
			configurationNames: ['Northwind core switch'],
			mirrorCleared: true,
		});
		expect(linkOf(CONFIGURATIONS.linked)).toBeNull();
		expect(mirrorOf(AGENTS.northwind, DEVICES.linked)).toBeNull();
		expect(activeFlags()).toEqual(before);
		expect(tenant.connectwise.http.count('DELETE', 'configurations.delete')).toBe(0);
		expect(writeCounts()).toEqual({ patch: 1, mirrorSet: 0, mirrorClear: 1 });
	});

	it('reports a device without a link as notLinked and writes nothing', async () => {
		const result = await tenant.run('sync', unlink(), [
			deviceItem(AGENTS.northwind, DEVICES.unmatched),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toEqual({
			agentId: AGENTS.northwind,
			deviceId: DEVICES.unmatched,
			status: 'notLinked',
		});
		expect(writeCounts()).toEqual({ patch: 0, mirrorSet: 0, mirrorClear: 0 });
	});

	it('unlinks every device of the agent, devices Domotz no longer lists included', async () => {
		linkByHand(CONFIGURATIONS.serial, AGENTS.northwind, DEVICES.serial);
		linkByHand(CONFIGURATIONS.contosoSpare, AGENTS.northwind, GONE_DEVICE);
		linkByHand(CONFIGURATIONS.contosoSerial, AGENTS.contoso, DEVICES.contosoSerial);
		const before = activeFlags();
		const result = await tenant.run('sync', unlink({ unlinkScope: 'agent' }), [
			{ agent_id: AGENTS.northwind },
		]);
		expect(result.error).toBeUndefined();
		const output = result.output('Node');
		expect(pairedItemsOf(output)).toEqual([0, 0, 0]);
		// The gone device has no mirror left to clear, which is no problem.
		expect(
			jsonOf(output).map((json) => [
				json.deviceId,
				json.status,
				json.configurationIds,
				json.mirrorCleared,
				json.problems,
			]),
		).toEqual([
			[DEVICES.linked, 'unlinked', [CONFIGURATIONS.linked], true, undefined],
			[DEVICES.serial, 'unlinked', [CONFIGURATIONS.serial], true, undefined],
			[GONE_DEVICE, 'unlinked', [CONFIGURATIONS.contosoSpare], true, undefined],
		]);
		expect(mirrorOf(AGENTS.northwind, DEVICES.linked)).toBeNull();
		for (const id of [CONFIGURATIONS.linked, CONFIGURATIONS.serial, CONFIGURATIONS.contosoSpare]) {
			expect(linkOf(id)).toBeNull();
		}
		// Another agent's link stays.
		expect(linkOf(CONFIGURATIONS.contosoSerial)).toBe(
			marker(AGENTS.contoso, DEVICES.contosoSerial),
		);
		expect(activeFlags()).toEqual(before);
		expect(tenant.connectwise.http.count('DELETE', 'configurations.delete')).toBe(0);
		// One marker query for the agent, across every company.
		expect(tenant.connectwise.http.count('GET', 'configurations.list')).toBe(1);
	});

	it('reports an agent without links as notLinked', async () => {
		const result = await tenant.run('sync', unlink({ unlinkScope: 'agent' }), [
			{ agent_id: AGENTS.contoso },
		]);
		expect(result.output('Node')[0].json).toEqual({
			agentId: AGENTS.contoso,
			deviceId: null,
			status: 'notLinked',
		});
		expect(writeCounts()).toEqual({ patch: 0, mirrorSet: 0, mirrorClear: 0 });
	});

	it('clears a link kept in Device Identifier', async () => {
		tenant.connectwise.state.editConfiguration(CONFIGURATIONS.decommissioned, {
			deviceIdentifier: marker(AGENTS.northwind, DEVICES.unmatched),
		});
		const result = await tenant.run(
			'sync',
			unlink({ options: { linkStorage: 'deviceIdentifier', mirrorInDomotz: false } }),
			[deviceItem(AGENTS.northwind, DEVICES.unmatched)],
		);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'unlinked',
			configurationIds: [CONFIGURATIONS.decommissioned],
			mirrorCleared: false,
		});
		expect(
			tenant.connectwise.state.configuration(CONFIGURATIONS.decommissioned)?.deviceIdentifier ??
				null,
		).toBeNull();
	});
});
