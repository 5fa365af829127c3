/**
 * Unlink › Every Agent, the Domotz guide's "Remove Integration", through n8n-core: every link of
 * the account removed on both sides, configurations kept whole, and the field definitions removed
 * only once no value is left in them.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Configuration } from '../simulators/connectwise';
import type { DomotzSeed } from '../simulators/domotz';
import { parseMarker } from '../../lib/links/marker';
import { demoMsp } from '../simulators/generator';
import { LINK_FIELD_ID, MIRROR_KEY } from './bulk-fixtures';
import {
	AGENTS,
	CONFIGURATIONS,
	DEVICES,
	LINK_CAPTION,
	connectWiseTenant,
	domotzTenant,
} from './fixtures';
import { SimulatedTenant, pairedItemsOf } from './support';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

/** A device the Northwind agent no longer lists, whose configuration is still linked to it. */
const GONE_DEVICE = 1999;
/** An agent Domotz no longer lists at all. */
const GONE_AGENT = 999;
const FOREIGN_VALUE = 'domotz:legacy-import';

const marker = (agentId: number, deviceId: number) => `domotz:${agentId}/${deviceId}`;

const removeIntegration = (parameters: INodeParameters = {}) => ({
	operation: 'unlink',
	unlinkScope: 'everyAgent',
	...parameters,
});

const linkOf = (configurationId: number) =>
	tenant.connectwise.state.customFieldValue(configurationId, LINK_CAPTION);

const mirrorOf = (agentId: number, deviceId: number) =>
	tenant.domotz.state.deviceInventory(agentId, deviceId)?.find((field) => field.key === MIRROR_KEY)
		?.value ?? null;

function domotzWithMirrors(): DomotzSeed {
	return {
		...domotzTenant(),
		inventoryFields: [
			{ key: 'asset_tag', label: 'Asset tag' },
			{ key: MIRROR_KEY, label: 'ConnectWise Configuration ID' },
		],
		deviceInventory: {
			[AGENTS.northwind]: {
				[DEVICES.linked]: { [MIRROR_KEY]: String(CONFIGURATIONS.linked) },
				[DEVICES.serial]: { [MIRROR_KEY]: String(CONFIGURATIONS.serial) },
				[DEVICES.mac]: { asset_tag: 'AT-1003' },
			},
			// A mirror whose marker someone removed in ConnectWise.
			[AGENTS.contoso]: { [DEVICES.contosoSerial]: { [MIRROR_KEY]: '6001' } },
		},
	};
}

function setLink(configurationId: number, value: string): void {
	tenant.connectwise.state.editConfiguration(configurationId, {
		customFields: [{ id: LINK_FIELD_ID, value }],
	});
}

/**
 * Links of every kind: mirrored, pending, to a device or an agent Domotz no longer lists, a value
 * that only looks like a marker, a mirror without a marker, and a marker in Device Identifier
 * (which the custom field storage does not read).
 */
function loadLinkedAccount(options: { foreignValue: boolean } = { foreignValue: true }): void {
	tenant.load(domotzWithMirrors(), connectWiseTenant({ linkField: true }));
	setLink(CONFIGURATIONS.serial, marker(AGENTS.northwind, DEVICES.serial));
	setLink(CONFIGURATIONS.contosoSpare, marker(AGENTS.northwind, GONE_DEVICE));
	setLink(CONFIGURATIONS.ip, `${marker(GONE_AGENT, 1)} (mirror pending)`);
	if (options.foreignValue) setLink(CONFIGURATIONS.decommissioned, FOREIGN_VALUE);
	tenant.connectwise.state.editConfiguration(CONFIGURATIONS.mac, {
		deviceIdentifier: marker(AGENTS.northwind, DEVICES.mac),
	});
	tenant.domotz.http.resetCounts();
	tenant.connectwise.http.resetCounts();
}

const UNLINKED = [
	CONFIGURATIONS.linked,
	CONFIGURATIONS.serial,
	CONFIGURATIONS.ip,
	CONFIGURATIONS.contosoSpare,
];

/** Every configuration as it reads apart from the link field and the edit stamp. */
function configurationsWithoutLinks(): IDataObject[] {
	return tenant.connectwise.state.configurations().map((configuration: Configuration) => {
		const copy: IDataObject = {
			...configuration,
			customFields: configuration.customFields.filter((field) => field.caption !== LINK_CAPTION),
		};
		delete copy._info;
		return copy;
	});
}

const writeCounts = () => ({
	patch: tenant.connectwise.http.count('PATCH', 'configurations.patch'),
	mirrorClear: tenant.domotz.http.count('DELETE', 'inventory.clearValue'),
	fieldDeletes:
		tenant.connectwise.http.count('DELETE', 'userDefinedFields.delete') +
		tenant.domotz.http.count('DELETE', 'inventory.deleteField'),
	configurationDeletes: tenant.connectwise.http.count('DELETE', 'configurations.delete'),
});

describe('Sync › Unlink › Every Agent', () => {
	it('removes every link on both sides and leaves every configuration otherwise as it was', async () => {
		loadLinkedAccount();
		const before = configurationsWithoutLinks();
		const result = await tenant.run('sync', removeIntegration(), [{}, {}]);
		expect(result.error).toBeUndefined();
		const output = result.output('Node');
		expect(output).toHaveLength(1);
		expect(pairedItemsOf(output)).toEqual([undefined]);
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		const summary = output[0].json;
		expect(summary).toMatchObject({
			dryRun: false,
			configurationsUnlinked: 4,
			// The gone device has nothing to clear; the mirror without a marker is cleared too.
			mirrorsCleared: 3,
			definitionsRemoved: 0,
			linkFieldDefinition: { status: 'notAsked' },
			mirrorFieldDefinition: { status: 'notAsked' },
			problems: [
				`configuration ${CONFIGURATIONS.decommissioned} holds "${FOREIGN_VALUE}", which is not a Domotz link; it is left as it is`,
			],
		});
		expect((summary.configurations as IDataObject[]).map((entry) => entry.id).sort()).toEqual(
			[...UNLINKED].sort(),
		);
		expect(
			(summary.agents as IDataObject[]).map((agent) => [
				agent.agentId,
				agent.devicesRead,
				agent.configurationsUnlinked,
				agent.mirrorsCleared,
				agent.unread === undefined ? '' : String(agent.unread).split(' ')[0],
			]),
		).toEqual([
			[AGENTS.northwind, 12, 3, 2, ''],
			[AGENTS.contoso, 1, 0, 1, ''],
			[AGENTS.basicPlan, 0, 0, 0, 'its'],
			[AGENTS.orphan, 1, 0, 0, ''],
			[GONE_AGENT, 0, 1, 0, 'Domotz'],
		]);

		for (const id of UNLINKED) expect(linkOf(id)).toBeNull();
		expect(linkOf(CONFIGURATIONS.decommissioned)).toBe(FOREIGN_VALUE);
		expect(mirrorOf(AGENTS.northwind, DEVICES.linked)).toBeNull();
		expect(mirrorOf(AGENTS.northwind, DEVICES.serial)).toBeNull();
		expect(mirrorOf(AGENTS.contoso, DEVICES.contosoSerial)).toBeNull();
		expect(
			tenant.domotz.state
				.deviceInventory(AGENTS.northwind, DEVICES.mac)
				?.find((field) => field.key === 'asset_tag')?.value,
		).toBe('AT-1003');
		expect(configurationsWithoutLinks()).toEqual(before);
		expect(writeCounts()).toEqual({
			patch: 4,
			// Three mirrors read with a value, and the device its agent no longer lists, blind.
			mirrorClear: 4,
			fieldDeletes: 0,
			configurationDeletes: 0,
		});
		// One marker query across every company; one inventory read per listed device.
		expect(tenant.connectwise.http.count('GET', 'configurations.list')).toBe(1);
		expect(tenant.domotz.http.count('GET', 'inventory.getValues')).toBe(14);
	});

	it('finds nothing more to do when run again', async () => {
		loadLinkedAccount();
		await tenant.run('sync', removeIntegration(), [{}]);
		const again = await tenant.run('sync', removeIntegration(), [{}]);
		expect(again.output('Node')[0].json).toMatchObject({
			configurationsUnlinked: 0,
			mirrorsCleared: 0,
		});
	});

	it('in a dry run, reports what it would remove and writes nothing', async () => {
		loadLinkedAccount();
		const before = tenant.connectwise.state.configurations();
		const result = await tenant.run(
			'sync',
			removeIntegration({ dryRun: true, removeFieldDefinitions: true }),
			[{}],
		);
		expect(result.output('Node')[0].json).toMatchObject({
			dryRun: true,
			configurationsUnlinked: 4,
			mirrorsCleared: 3,
			definitionsRemoved: 1,
			linkFieldDefinition: {
				status: 'kept',
				reason: `1 configuration(s) still hold a value in "${LINK_CAPTION}", e.g. configuration ${CONFIGURATIONS.decommissioned}: "${FOREIGN_VALUE}"`,
			},
			mirrorFieldDefinition: { status: 'wouldBeRemoved' },
		});
		expect(tenant.connectwise.state.configurations()).toEqual(before);
		expect(mirrorOf(AGENTS.northwind, DEVICES.linked)).toBe(String(CONFIGURATIONS.linked));
		expect(writeCounts()).toEqual({
			patch: 0,
			mirrorClear: 0,
			fieldDeletes: 0,
			configurationDeletes: 0,
		});
	});

	it('removes both field definitions once no value is left in them', async () => {
		loadLinkedAccount({ foreignValue: false });
		const result = await tenant.run('sync', removeIntegration({ removeFieldDefinitions: true }), [
			{},
		]);
		expect(result.output('Node')[0].json).toMatchObject({
			configurationsUnlinked: 4,
			mirrorsCleared: 3,
			definitionsRemoved: 2,
			linkFieldDefinition: { status: 'removed' },
			mirrorFieldDefinition: { status: 'removed' },
		});
		expect(
			tenant.connectwise.state.userDefinedFields().map((field) => field.caption),
		).not.toContain(LINK_CAPTION);
		expect(tenant.domotz.state.inventoryFields().map((field) => field.key)).toEqual(['asset_tag']);
		expect(tenant.connectwise.state.configurationCount).toBe(12);
		// The cleared mirrors are read again before the Domotz field goes.
		expect(tenant.domotz.http.count('GET', 'inventory.getValues')).toBe(14 + 4);
	});

	it('keeps the link field while a value is left in it, and says which', async () => {
		loadLinkedAccount();
		const result = await tenant.run('sync', removeIntegration({ removeFieldDefinitions: true }), [
			{},
		]);
		expect(result.output('Node')[0].json).toMatchObject({
			definitionsRemoved: 1,
			linkFieldDefinition: {
				status: 'kept',
				reason: expect.stringContaining(`configuration ${CONFIGURATIONS.decommissioned}`),
			},
			mirrorFieldDefinition: { status: 'removed' },
		});
		expect(tenant.connectwise.state.userDefinedFields().map((field) => field.caption)).toContain(
			LINK_CAPTION,
		);
		expect(tenant.connectwise.http.count('DELETE', 'userDefinedFields.delete')).toBe(0);
	});

	it('keeps a Domotz field another Domotz user defined, and says so', async () => {
		loadLinkedAccount({ foreignValue: false });
		const field = tenant.domotz.state.inventoryField(MIRROR_KEY)!;
		tenant.domotz.state.defineInventoryField({ ...field, defined_by_user: 424_242 });
		const result = await tenant.run('sync', removeIntegration({ removeFieldDefinitions: true }), [
			{},
		]);
		expect(result.output('Node')[0].json).toMatchObject({
			linkFieldDefinition: { status: 'removed' },
			mirrorFieldDefinition: {
				status: 'kept',
				reason: expect.stringContaining('another Domotz user defined it'),
			},
		});
	});

	it("changes nothing when the device reads would run out of the key's daily Domotz quota", async () => {
		loadLinkedAccount();
		tenant.domotz.setLimits({ daily: 12 });
		const result = await tenant.run('sync', removeIntegration(), [{}]);
		expect(result.error?.message).toContain(
			'Finding the link mirrors needs one Domotz API call per device, 14 in all',
		);
		expect(linkOf(CONFIGURATIONS.linked)).toBe(marker(AGENTS.northwind, DEVICES.linked));
		expect(tenant.domotz.http.count('GET', 'inventory.getValues')).toBe(0);
	});

	it('clears links kept in Device Identifier, where there is no field definition to remove', async () => {
		loadLinkedAccount();
		const result = await tenant.run(
			'sync',
			removeIntegration({
				removeFieldDefinitions: true,
				options: { linkStorage: 'deviceIdentifier' },
			}),
			[{}],
		);
		expect(result.output('Node')[0].json).toMatchObject({
			configurationsUnlinked: 1,
			linkFieldDefinition: {
				status: 'absent',
				reason: 'links are kept in Device Identifier, a built-in field',
			},
		});
		expect(
			tenant.connectwise.state.configuration(CONFIGURATIONS.mac)?.deviceIdentifier ?? null,
		).toBeNull();
		// The custom field is not the storage chosen: its markers stay.
		expect(linkOf(CONFIGURATIONS.serial)).toBe(marker(AGENTS.northwind, DEVICES.serial));
	});
});

describe('Sync › Unlink › Every Agent on the generated demo tenant', () => {
	const generated = demoMsp();
	const { truth } = generated;

	const markedConfigurations = () =>
		tenant.connectwise.state
			.configurations()
			.filter((configuration) => parseMarker(linkOf(configuration.id)).kind === 'device');
	const mirroredDevices = () =>
		truth.devices.filter((device) => mirrorOf(device.agentId, device.deviceId) !== null);

	it('removes every link and both definitions: one read per device, one write per link', async () => {
		tenant.load(generated.domotz, generated.connectwise);
		const configurationCount = tenant.connectwise.state.configurationCount;
		const linked = markedConfigurations();
		const mirrored = mirroredDevices();
		const listed = new Set(truth.devices.map((device) => `${device.agentId}/${device.deviceId}`));
		const apiAgents = new Set(
			truth.agents.filter((agent) => agent.apiEnabled).map((agent) => agent.agentId),
		);
		// Markers of devices their agent no longer lists: their mirrors are cleared without a read.
		const unlisted = linked.filter((configuration) => {
			const stored = parseMarker(linkOf(configuration.id));
			return (
				stored.kind === 'device' &&
				apiAgents.has(stored.device.agentId) &&
				!listed.has(`${stored.device.agentId}/${stored.device.deviceId}`)
			);
		});
		const result = await tenant.run('sync', removeIntegration({ removeFieldDefinitions: true }), [
			{},
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject({
			configurationsUnlinked: linked.length,
			mirrorsCleared: mirrored.length,
			definitionsRemoved: 2,
		});
		expect({ linked: markedConfigurations().length, mirrored: mirroredDevices().length }).toEqual({
			linked: 0,
			mirrored: 0,
		});
		expect(tenant.connectwise.state.configurationCount).toBe(configurationCount);
		const clears = mirrored.length + unlisted.length;
		expect({
			connectWise: tenant.connectwise.http.counts(),
			domotz: tenant.domotz.http.counts(),
		}).toEqual({
			connectWise: {
				'GET login.companyInfo': 1,
				// The marker query, and the check that no value is left before the field goes.
				'GET configurations.list': 2,
				'PATCH configurations.patch': linked.length,
				'GET userDefinedFields.list': 1,
				'DELETE userDefinedFields.delete': 1,
			},
			domotz: {
				'GET meta.usage': 1,
				'GET agent.list': 1,
				'GET inventory.listFields': 1,
				'GET device.list': apiAgents.size,
				'GET inventory.getValues': truth.devices.length + clears,
				'DELETE inventory.clearValue': clears,
				'DELETE inventory.deleteField': 1,
			},
		});
		expect({
			devices: truth.devices.length,
			links: linked.length,
			mirrors: mirrored.length,
			unlisted: unlisted.length,
		}).toEqual({ devices: 288, links: 31, mirrors: 13, unlisted: 4 });
	});
});
