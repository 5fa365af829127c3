import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowRunResult } from '../harness/n8n-runner';
import type { Configuration } from '../simulators/connectwise';
import type { Device } from '../simulators/domotz';
import {
	BULK_AGENT,
	BULK_COMPANY,
	BulkTenant,
	KNOWN_MANUFACTURERS,
	LINK_FIELD_ID,
	MIRROR_KEY,
	TYPE_ROWS,
	VENDORS,
	bulkConnectWiseTenant,
	bulkCreate,
	bulkDevice,
	bulkDomotzTenant,
	bulkItems,
	configurationTypeId,
} from './bulk-fixtures';
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
import { byId, jsonOf, pairedItemsOf } from './support';

const tenant = new BulkTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

const marker = (agentId: number, deviceId: number) => `domotz:${agentId}/${deviceId}`;

const markerOf = (configuration: Configuration) =>
	configuration.customFields.find((field) => field.caption === LINK_CAPTION)?.value ?? null;

const configurationsOf = (companyId: number) =>
	tenant.connectwise.state
		.configurations()
		.filter((configuration) => configuration.company.id === companyId);

const mirrorOf = (agentId: number, deviceId: number) =>
	tenant.domotz.state.deviceInventory(agentId, deviceId)?.find((field) => field.key === MIRROR_KEY)
		?.value ?? null;

/** Writes on either side, by request count. */
const writeCounts = () => ({
	connectwise: {
		create: tenant.connectwise.http.count('POST', 'configurations.create'),
		patch: tenant.connectwise.http.count('PATCH', 'configurations.patch'),
		delete: tenant.connectwise.http.count('DELETE', 'configurations.delete'),
	},
	domotz: {
		set: tenant.domotz.http.count('PUT', 'inventory.setValue'),
		clear: tenant.domotz.http.count('DELETE', 'inventory.clearValue'),
	},
});

const noWrites = {
	connectwise: { create: 0, patch: 0, delete: 0 },
	domotz: { set: 0, clear: 0 },
};

function resetCounts(): void {
	tenant.connectwise.http.resetCounts();
	tenant.domotz.http.resetCounts();
}

function statusTally(result: WorkflowRunResult): Record<string, number> {
	const tally: Record<string, number> = {};
	for (const json of jsonOf(result.output('Node'))) {
		const status = String(json.status);
		tally[status] = (tally[status] ?? 0) + 1;
	}
	return tally;
}

const bulkMarkers = (count: number) =>
	Array.from({ length: count }, (_unused, index) => marker(BULK_AGENT, bulkDevice(index).id));

const sorted = (values: ReadonlyArray<string | number | boolean | null>) =>
	[...values].sort((a, b) => String(a).localeCompare(String(b)));

describe('Sync › Create Configurations for 500 devices', () => {
	const COUNT = 500;
	let first: WorkflowRunResult;
	let firstCounts: { connectwise: Record<string, number>; domotz: Record<string, number> };

	beforeAll(async () => {
		tenant.load(bulkDomotzTenant(COUNT), bulkConnectWiseTenant());
		first = await tenant.run('sync', bulkCreate(), bulkItems(COUNT));
		firstCounts = {
			connectwise: tenant.connectwise.http.counts(),
			domotz: tenant.domotz.http.counts(),
		};
	});

	it('creates one configuration per device, typed by the type map, with its link on both sides', () => {
		expect(first.error).toBeUndefined();
		const output = first.output('Node');
		expect(pairedItemsOf(output)).toEqual(Array.from({ length: COUNT }, (_unused, index) => index));
		const configurations = new Map(
			configurationsOf(BULK_COMPANY.id).map((configuration) => [configuration.id, configuration]),
		);
		expect(configurations.size).toBe(COUNT);
		const actual = jsonOf(output).map((json) => {
			const configuration = configurations.get(json.configurationId as number);
			return {
				deviceId: json.deviceId,
				status: json.status,
				marker: configuration && markerOf(configuration),
				type: configuration?.type.id,
				name: configuration?.name,
				mirror: mirrorOf(BULK_AGENT, json.deviceId as number) === String(json.configurationId),
			};
		});
		const expected = Array.from({ length: COUNT }, (_unused, index) => {
			const device = bulkDevice(index);
			return {
				deviceId: device.id,
				status: 'created',
				marker: marker(BULK_AGENT, device.id),
				type: TYPE_ROWS[index % TYPE_ROWS.length].configurationType,
				name: device.display_name,
				mirror: true,
			};
		});
		expect(actual).toEqual(expected);
	});

	it('sends one create request per configuration and reads nothing per device', () => {
		expect(firstCounts.connectwise).toEqual({
			'GET login.companyInfo': 1,
			'GET companies.list': 1,
			// The company's configurations, then the agent's markers in every company.
			'GET configurations.list': 2,
			// The company has no configuration yet to show the link field's id.
			'GET userDefinedFields.list': 1,
			'GET manufacturers.list': 1,
			// The company's creation lease: its ticket posted, the tickets listed, renewed at the
			// first create (a note has no stamp to tell when it was written), its ticket deleted.
			'POST companyNotes.create': 1,
			'GET companyNotes.list': 1,
			'PATCH companyNotes.patch': 1,
			'DELETE companyNotes.delete': 1,
			'POST configurations.create': COUNT,
			// Each new configuration is created with its marker pending, then confirmed once its
			// Domotz mirror is written.
			'PATCH configurations.patch': COUNT,
		});
		expect(firstCounts.domotz).toEqual({
			// The key's in-flight cap, pace and daily quota, read once per run.
			'GET meta.usage': 1,
			'GET device.list': 1,
			'GET inventory.listFields': 1,
			'PUT inventory.setValue': COUNT,
		});
	});

	it('fills each configuration from its device, looking manufacturers up without case', () => {
		const [cisco, hp, unknownVendor] = jsonOf(first.output('Node'));
		const manufacturerOf = (json: IDataObject) =>
			tenant.connectwise.state.configuration(json.configurationId as number)?.manufacturer?.id;
		expect([manufacturerOf(cisco), manufacturerOf(hp), manufacturerOf(unknownVendor)]).toEqual([
			KNOWN_MANUFACTURERS[0].id,
			KNOWN_MANUFACTURERS[1].id,
			undefined,
		]);
		expect(hp).toMatchObject({
			filledFields: ['name', 'serialNumber', 'macAddress', 'ipAddress', 'manufacturer'],
			skippedFields: [],
			shortened: [],
			recovered: false,
			link: { status: 'saved', mirroredInDomotz: true },
		});
		expect(unknownVendor.skippedFields).toEqual([
			{
				field: 'manufacturer',
				direction: 'domotzToConnectWise',
				reason: 'unknownManufacturer',
				message: `manufacturer "${VENDORS[2]}" does not exist in ConnectWise`,
			},
		]);
		const device = bulkDevice(0);
		expect(tenant.connectwise.state.configuration(cisco.configurationId as number)).toMatchObject({
			serialNumber: device.details?.serial,
			macAddress: device.hw_address,
			ipAddress: device.ip_addresses?.[0],
			company: { id: BULK_COMPANY.id },
			activeFlag: true,
		});
	});

	it('creates nothing on a second run and gives every device its configuration back', async () => {
		const before = new Map(
			jsonOf(first.output('Node')).map((json) => [json.deviceId, json.configurationId]),
		);
		resetCounts();
		const second = await tenant.run('sync', bulkCreate(), bulkItems(COUNT));
		expect(second.error).toBeUndefined();
		expect(
			jsonOf(second.output('Node')).map((json) => [
				json.status,
				json.configurationId === before.get(json.deviceId),
			]),
		).toEqual(Array.from({ length: COUNT }, () => ['alreadyLinked', true]));
		expect(configurationsOf(BULK_COMPANY.id)).toHaveLength(COUNT);
		expect(writeCounts()).toEqual(noWrites);
		expect(tenant.connectwise.http.count('GET', 'configurations.list')).toBe(1);
	});
});

describe('Sync › Create Configurations killed midway and run again', () => {
	const withoutMirror = bulkCreate({ options: { mirrorInDomotz: false } });

	/**
	 * "Killed" after N creations: every later create is cut off before ConnectWise applies it, so
	 * the run fails with N configurations made. `lostAnswers` more creates are applied but their
	 * answers never arrive, as for the requests in flight when a process dies.
	 */
	it.each([
		{ createdBeforeKill: 0, lostAnswers: 0 },
		{ createdBeforeKill: 1, lostAnswers: 0 },
		{ createdBeforeKill: 7, lostAnswers: 0 },
		{ createdBeforeKill: 63, lostAnswers: 0 },
		{ createdBeforeKill: 250, lostAnswers: 0 },
		{ createdBeforeKill: 7, lostAnswers: 3 },
	])(
		'after $createdBeforeKill creations ($lostAnswers answers lost), the next run leaves exactly one configuration per device',
		async ({ createdBeforeKill, lostAnswers }) => {
			const count = createdBeforeKill + lostAnswers + 20;
			tenant.load(bulkDomotzTenant(count), bulkConnectWiseTenant());
			// The reset rule comes first: a rule that fires keeps the ones after it from counting.
			tenant.connectwise.http.setFaults([
				{
					route: 'configurations.create',
					fault: { type: 'reset' },
					rate: 1,
					after: createdBeforeKill + lostAnswers,
				},
				{
					route: 'configurations.create',
					fault: { type: 'lostResponse' },
					rate: 1,
					after: createdBeforeKill,
					times: lostAnswers,
				},
			]);
			const killed = await tenant.run('sync', withoutMirror, bulkItems(count));
			tenant.connectwise.http.setFaults([]);
			expect(killed.error?.message).toMatch(/may or may not have been applied/);
			const survivors = configurationsOf(BULK_COMPANY.id).map((configuration) => configuration.id);
			expect(survivors).toHaveLength(createdBeforeKill + lostAnswers);

			resetCounts();
			const rerun = await tenant.run('sync', withoutMirror, bulkItems(count));
			expect(rerun.error).toBeUndefined();
			const rerunItems = jsonOf(rerun.output('Node'));
			expect(
				sorted(
					rerunItems
						.filter((json) => json.status === 'alreadyLinked')
						.map((json) => json.configurationId as number),
				),
			).toEqual(sorted(survivors));
			expect(statusTally(rerun)).toEqual({
				...(survivors.length > 0 ? { alreadyLinked: survivors.length } : {}),
				created: count - survivors.length,
			});
			expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(
				count - survivors.length,
			);
			expect(sorted(configurationsOf(BULK_COMPANY.id).map(markerOf))).toEqual(
				sorted(bulkMarkers(count)),
			);
		},
	);

	it('cut off between the creates and their Domotz mirrors, the next run writes the missing mirrors and confirms their markers, and the one after writes nothing', async () => {
		const count = 40;
		const mirroredBeforeKill = 10;
		tenant.load(bulkDomotzTenant(count), bulkConnectWiseTenant());
		// A final answer, not a reset or a 5xx: the Domotz client would retry those for many seconds,
		// and what is left is the same, mirrors for the first writes only.
		tenant.domotz.http.setFaults([
			{
				route: 'inventory.setValue',
				fault: { type: 'status', status: 400, body: { message: 'Bad request' } },
				rate: 1,
				after: mirroredBeforeKill,
			},
		]);
		const killed = await tenant.run('sync', bulkCreate(), bulkItems(count));
		tenant.domotz.http.setFaults([]);
		expect(killed.error).toBeUndefined();
		const links = jsonOf(killed.output('Node')).map((json) => json.link as IDataObject);
		expect(links.filter((link) => link.mirroredInDomotz === true)).toHaveLength(mirroredBeforeKill);
		expect(links.filter((link) => link.mirroredInDomotz === false)).toHaveLength(
			count - mirroredBeforeKill,
		);
		for (const link of links.filter((entry) => entry.mirroredInDomotz === false)) {
			expect(link).toEqual({
				status: 'saved',
				mirroredInDomotz: false,
				mirrorError: expect.stringContaining('400'),
			});
		}

		const unmirrored = count - mirroredBeforeKill;
		expect(
			configurationsOf(BULK_COMPANY.id).filter((configuration) =>
				String(markerOf(configuration)).endsWith(' (mirror pending)'),
			),
		).toHaveLength(unmirrored);

		resetCounts();
		const rerun = await tenant.run('sync', bulkCreate(), bulkItems(count));
		expect(statusTally(rerun)).toEqual({ alreadyLinked: count });
		expect(configurationsOf(BULK_COMPANY.id)).toHaveLength(count);
		// The pending markers say which mirrors are missing: one write on each side per repair.
		expect(writeCounts()).toEqual({
			connectwise: { create: 0, patch: unmirrored, delete: 0 },
			domotz: { set: unmirrored, clear: 0 },
		});
		expect(
			configurationsOf(BULK_COMPANY.id).map((configuration) => [
				markerOf(configuration),
				mirrorOf(BULK_AGENT, Number(String(markerOf(configuration)).split('/')[1])),
			]),
		).toEqual(
			configurationsOf(BULK_COMPANY.id).map((configuration) => [
				expect.stringMatching(/^domotz:\d+\/\d+$/),
				String(configuration.id),
			]),
		);

		resetCounts();
		await tenant.run('sync', bulkCreate(), bulkItems(count));
		expect(writeCounts()).toEqual(noWrites);
	});
});

describe('Sync › Create Configurations', () => {
	beforeEach(() => {
		tenant.load(domotzTenant(), connectWiseTenant({ linkField: true }));
	});

	function deviceItems(agentId: number, deviceIds: readonly number[]): IDataObject[] {
		return deviceIds.map((id) => ({
			...tenant.domotz.state.device(agentId, id),
			agent_id: agentId,
		}));
	}

	const northwindItems = () => deviceItems(AGENTS.northwind, NORTHWIND_LISTED);

	const create = (parameters: INodeParameters = {}) => ({
		operation: 'createConfigurations',
		companyLink: 'company',
		company: byId(COMPANIES.northwind),
		defaultType: String(configurationTypeId('Unknown Device')),
		...parameters,
	});

	const summary = (json: IDataObject) => [
		json.deviceId,
		json.status,
		json.configurationId ?? null,
		json.matchedBy ?? null,
	];

	const SEEDED_CONFIGURATIONS = (connectWiseTenant({ linkField: true }).configurations ?? [])
		.length;

	it('creates only the devices nothing matches, and never an ambiguous one', async () => {
		const result = await tenant.run('sync', create(), northwindItems());
		expect(result.error).toBeUndefined();
		const output = jsonOf(result.output('Node'));
		const createdIds = output
			.filter((json) => json.status === 'created')
			.map((json) => json.configurationId);
		expect(output.map(summary)).toEqual([
			[DEVICES.linked, 'alreadyLinked', CONFIGURATIONS.linked, null],
			[DEVICES.serial, 'linkedExisting', CONFIGURATIONS.serial, 'serial'],
			[DEVICES.mac, 'linkedExisting', CONFIGURATIONS.mac, 'mac'],
			[DEVICES.ip, 'linkedExisting', CONFIGURATIONS.ip, 'ip'],
			[DEVICES.ambiguousSerial, 'skipped', null, null],
			[DEVICES.clonedVmA, 'skipped', null, null],
			[DEVICES.clonedVmB, 'skipped', null, null],
			[DEVICES.unmatched, 'created', createdIds[0], null],
			// Its serial is on an inactive configuration: maybe the same machine, so not created.
			[DEVICES.inactiveMatch, 'skipped', null, null],
			[DEVICES.external, 'created', createdIds[1], null],
		]);
		expect(
			output.filter((json) => json.status === 'skipped').map((json) => json.matchStatus),
		).toEqual(['ambiguous', 'ambiguous', 'ambiguous', 'unmatched']);
		expect(output[4].reason).toMatch(/may already exist \(ambiguous.*link it by hand/);
		expect(output[1].link).toEqual({ status: 'saved', mirroredInDomotz: true });
		expect(tenant.connectwise.state.configurations()).toHaveLength(SEEDED_CONFIGURATIONS + 2);
		// The website's Domotz type (31) is not mapped: it gets the default type.
		expect(tenant.connectwise.state.configuration(createdIds[1] as number)?.type.id).toBe(
			configurationTypeId('Unknown Device'),
		);
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(2);
		expect(
			[CONFIGURATIONS.serial, CONFIGURATIONS.mac, CONFIGURATIONS.ip].map((id) =>
				tenant.connectwise.state.customFieldValue(id, LINK_CAPTION),
			),
		).toEqual([DEVICES.serial, DEVICES.mac, DEVICES.ip].map((id) => marker(AGENTS.northwind, id)));
		for (const id of [
			CONFIGURATIONS.duplicateSerialA,
			CONFIGURATIONS.duplicateSerialB,
			CONFIGURATIONS.clonedVm,
			CONFIGURATIONS.inactive,
		]) {
			expect(tenant.connectwise.state.customFieldValue(id, LINK_CAPTION)).toBeNull();
		}
	});

	it('in a dry run writes nothing and reports the exact configuration it would create', async () => {
		const before = tenant.connectwise.state.snapshot();
		const dry = await tenant.run('sync', create({ dryRun: true }), northwindItems());
		expect(dry.error).toBeUndefined();
		expect(writeCounts()).toEqual(noWrites);
		expect(tenant.connectwise.http.count('POST', 'userDefinedFields.create')).toBe(0);
		expect(tenant.domotz.http.count('POST', 'inventory.createField')).toBe(0);
		expect(tenant.connectwise.state.snapshot()).toEqual(before);
		const output = jsonOf(dry.output('Node'));
		expect(output.map(summary)).toEqual([
			[DEVICES.linked, 'alreadyLinked', CONFIGURATIONS.linked, null],
			[DEVICES.serial, 'wouldLink', CONFIGURATIONS.serial, 'serial'],
			[DEVICES.mac, 'wouldLink', CONFIGURATIONS.mac, 'mac'],
			[DEVICES.ip, 'wouldLink', CONFIGURATIONS.ip, 'ip'],
			[DEVICES.ambiguousSerial, 'skipped', null, null],
			[DEVICES.clonedVmA, 'skipped', null, null],
			[DEVICES.clonedVmB, 'skipped', null, null],
			[DEVICES.unmatched, 'wouldCreate', null, null],
			[DEVICES.inactiveMatch, 'skipped', null, null],
			[DEVICES.external, 'wouldCreate', null, null],
		]);

		const real = await tenant.run('sync', create(), northwindItems());
		const created = jsonOf(real.output('Node')).filter((json) => json.status === 'created');
		const planned = output.filter((json) => json.status === 'wouldCreate');
		expect(created.map((json) => json.deviceId)).toEqual(planned.map((json) => json.deviceId));
		created.forEach((json, index) => {
			const body = planned[index].configuration as IDataObject & { customFields: IDataObject[] };
			const configuration = tenant.connectwise.state.configuration(json.configurationId as number);
			// Created with the marker pending, then confirmed once the Domotz mirror is written.
			const linkMarker = marker(AGENTS.northwind, json.deviceId as number);
			expect(body.customFields).toEqual([
				{ id: expect.any(Number), value: `${linkMarker} (mirror pending)` },
			]);
			expect(configuration).toMatchObject({
				...body,
				customFields: [expect.objectContaining({ id: body.customFields[0].id, value: linkMarker })],
			});
		});
	});

	it('skips a device whose type has no mapping and no default, and maps the user type first', async () => {
		const result = await tenant.run(
			'sync',
			create({
				defaultType: '',
				typeMap: {
					mappings: [
						{ domotzType: '5', configurationType: String(configurationTypeId('Managed Server')) },
					],
				},
			}),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched, DEVICES.external]),
		);
		expect(result.error).toBeUndefined();
		const [kiosk, website] = jsonOf(result.output('Node'));
		// The kiosk is discovered as a desktop (31) but the user set it to a server (5) in Domotz.
		expect(kiosk.status).toBe('created');
		expect(tenant.connectwise.state.configuration(kiosk.configurationId as number)?.type.id).toBe(
			configurationTypeId('Managed Server'),
		);
		expect(website).toMatchObject({
			status: 'skipped',
			reason:
				'no configuration type: Domotz type 31 (Desktop) is not in the type map and there is no default type',
		});
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(1);
	});

	it('reads the type map, default type and status as numbers, as older workflows saved them', async () => {
		tenant.connectwise.load({
			...connectWiseTenant({ linkField: true }),
			statuses: [
				{ id: 1, description: 'Active', defaultFlag: true },
				{ id: 2, description: 'Staged' },
			],
		});
		const result = await tenant.run(
			'sync',
			create({
				defaultType: configurationTypeId('Unknown Device'),
				status: 2,
				typeMap: {
					mappings: [{ domotzType: 5, configurationType: configurationTypeId('Managed Server') }],
				},
			}),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched, DEVICES.external]),
		);
		expect(result.error).toBeUndefined();
		const created = jsonOf(result.output('Node')).map((json) =>
			tenant.connectwise.state.configuration(json.configurationId as number),
		);
		expect(
			created.map((configuration) => [configuration?.type.id, configuration?.status?.id]),
		).toEqual([
			[configurationTypeId('Managed Server'), 2],
			[configurationTypeId('Unknown Device'), 2],
		]);
	});

	it('recognises a device whose marker is on a configuration of another company', async () => {
		tenant.connectwise.state.editConfiguration(CONFIGURATIONS.contosoSpare, {
			customFields: [{ id: LINK_FIELD_ID, value: marker(AGENTS.northwind, DEVICES.unmatched) }],
		});
		const result = await tenant.run(
			'sync',
			create(),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched]),
		);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'alreadyLinked',
			configurationId: CONFIGURATIONS.contosoSpare,
		});
		expect(writeCounts()).toEqual(noWrites);
	});

	it('skips the devices of an agent whose company cannot be found, with the reason', async () => {
		const result = await tenant.run(
			'sync',
			create({ companyLink: 'customerId' }),
			deviceItems(AGENTS.orphan, [DEVICES.orphanDevice]),
		);
		expect(result.output('Node')[0].json).toMatchObject({
			status: 'skipped',
			matchStatus: 'unresolvedCompany',
			reason: expect.stringContaining('NO-SUCH-CUSTOMER'),
		});
		expect(writeCounts()).toEqual(noWrites);
	});

	it.each([
		['the custom field', { linkStorage: 'customField' }],
		['Device Identifier', { linkStorage: 'deviceIdentifier' }],
	])('writes the link in %s with the create request itself', async (_case, storage) => {
		const result = await tenant.run(
			'sync',
			create({ options: { ...storage, mirrorInDomotz: false } }),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched]),
		);
		const configurationId = result.output('Node')[0].json.configurationId as number;
		const configuration = tenant.connectwise.state.configuration(configurationId);
		const stored =
			storage.linkStorage === 'deviceIdentifier'
				? configuration?.deviceIdentifier
				: tenant.connectwise.state.customFieldValue(configurationId, LINK_CAPTION);
		expect(stored).toBe(marker(AGENTS.northwind, DEVICES.unmatched));
		expect(writeCounts()).toEqual({
			...noWrites,
			connectwise: { ...noWrites.connectwise, create: 1 },
		});
	});

	it('finds a configuration whose create answer was lost by its marker, and creates it once', async () => {
		tenant.connectwise.http.setFaults([
			{ route: 'configurations.create', fault: { type: 'lostResponse' }, rate: 1 },
		]);
		const result = await tenant.run(
			'sync',
			create(),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched]),
		);
		tenant.connectwise.http.setFaults([]);
		expect(result.error).toBeUndefined();
		const json = result.output('Node')[0].json;
		expect(json).toMatchObject({ status: 'created', recovered: true });
		const made = tenant.connectwise.state
			.configurations()
			.filter(
				(configuration) => markerOf(configuration) === marker(AGENTS.northwind, DEVICES.unmatched),
			);
		expect(made.map((configuration) => configuration.id)).toEqual([json.configurationId]);
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(1);
		expect(mirrorOf(AGENTS.northwind, DEVICES.unmatched)).toBe(String(json.configurationId));
	});

	it('fails the item when a lost create cannot be looked up, and the next run finds it', async () => {
		tenant.connectwise.http.setFaults([
			{ route: 'configurations.create', fault: { type: 'lostResponse' }, rate: 1 },
			// The company's configurations and the agent's markers are read first; the third list is
			// the lookup by marker.
			{
				route: 'configurations.list',
				fault: { type: 'status', status: 403, body: { message: 'Not allowed' } },
				rate: 1,
				after: 2,
			},
		]);
		const failed = await tenant.run(
			'sync',
			create(),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched]),
			'continueRegularOutput',
		);
		tenant.connectwise.http.setFaults([]);
		expect(failed.output('Node')[0].json.error).toMatch(/may or may not have been applied/);

		const rerun = await tenant.run(
			'sync',
			create(),
			deviceItems(AGENTS.northwind, [DEVICES.unmatched]),
		);
		const made = tenant.connectwise.state
			.configurations()
			.filter(
				(configuration) => markerOf(configuration) === marker(AGENTS.northwind, DEVICES.unmatched),
			);
		expect(made).toHaveLength(1);
		expect(rerun.output('Node')[0].json).toMatchObject({
			status: 'alreadyLinked',
			configurationId: made[0].id,
		});
	});

	it('with Continue On Fail, gives each failing item its error and creates the others', async () => {
		const input = [
			{ id: 1, agent_id: 999_999 },
			...deviceItems(AGENTS.northwind, [DEVICES.unmatched, DEVICES.external]),
		];
		// The kiosk is a server (5) by the user's choice; the website, a desktop (31), gets a
		// configuration type ConnectWise does not have.
		const parameters = create({
			typeMap: {
				mappings: [
					{ domotzType: '5', configurationType: String(configurationTypeId('Managed Server')) },
					{ domotzType: '31', configurationType: '999' },
				],
			},
		});
		const result = await tenant.run('sync', parameters, input, 'continueRegularOutput');
		expect(result.error).toBeUndefined();
		const output = result.output('Node');
		expect(pairedItemsOf(output)).toEqual([0, 1, 2]);
		expect(output[0].json.error).toEqual(expect.stringContaining('999999'));
		expect(output[1].json).toMatchObject({ status: 'created' });
		expect(output[2].json.error).toMatch(/400/);
		expect(tenant.connectwise.state.configurations()).toHaveLength(SEEDED_CONFIGURATIONS + 1);

		const strict = await tenant.run('sync', parameters, input);
		expect(strict.error).toMatchObject({ context: expect.objectContaining({ itemIndex: 0 }) });
	});
});

describe('Sync › Create Configurations: manufacturers and long values', () => {
	function loadDevices(devices: Device[]): IDataObject[] {
		const seed = bulkDomotzTenant(0);
		tenant.load({ ...seed, devices: { [BULK_AGENT]: devices } }, bulkConnectWiseTenant());
		return devices.map((device) => ({ ...device, agent_id: BULK_AGENT }));
	}

	const withVendor = (index: number, vendor: string): Device => ({ ...bulkDevice(index), vendor });

	it('creates each missing manufacturer once, whatever its case, when asked', async () => {
		const input = loadDevices([
			withVendor(0, 'Ubiquiti Networks'),
			withVendor(1, 'UBIQUITI NETWORKS'),
			withVendor(2, 'cisco'),
		]);
		const result = await tenant.run(
			'sync',
			bulkCreate({ options: { createManufacturers: true } }),
			input,
		);
		expect(result.error).toBeUndefined();
		expect(tenant.connectwise.http.count('POST', 'manufacturers.create')).toBe(1);
		const created = tenant.connectwise.state
			.manufacturers()
			.find((manufacturer) => manufacturer.name === 'Ubiquiti Networks');
		expect(
			jsonOf(result.output('Node')).map(
				(json) =>
					tenant.connectwise.state.configuration(json.configurationId as number)?.manufacturer?.id,
			),
		).toEqual([created?.id, created?.id, KNOWN_MANUFACTURERS[0].id]);
	});

	it('leaves an unknown manufacturer out and reports it when not asked to create it', async () => {
		const input = loadDevices([withVendor(0, 'Ubiquiti Networks')]);
		const result = await tenant.run('sync', bulkCreate(), input);
		expect(tenant.connectwise.http.count('POST', 'manufacturers.create')).toBe(0);
		expect(result.output('Node')[0].json.skippedFields).toEqual([
			expect.objectContaining({ field: 'manufacturer', reason: 'unknownManufacturer' }),
		]);
	});

	const long = (length: number, start: string) => start + 'x'.repeat(length - start.length);

	it.each([
		{
			case: 'a too-long name refuses the create',
			device: { display_name: long(120, 'Name ') },
			truncate: [],
			expected: {
				status: 'skipped',
				reason:
					'Name is 120 characters, ConnectWise allows 100; allow truncation of Name to shorten it',
			},
			stored: null,
		},
		{
			case: 'a too-long name is shortened when allowed',
			device: { display_name: long(120, 'Name ') },
			truncate: ['name'],
			expected: {
				status: 'created',
				shortened: [{ field: 'name', originalLength: 120, limit: 100 }],
				skippedFields: [],
			},
			stored: { field: 'name', value: long(100, 'Name ') },
		},
		{
			case: 'a too-long model is left out',
			device: { model: long(80, 'Model ') },
			truncate: [],
			expected: {
				status: 'created',
				shortened: [],
				skippedFields: [
					{
						field: 'modelNumber',
						direction: 'domotzToConnectWise',
						reason: 'tooLong',
						message:
							'Model Number is 80 characters, ConnectWise allows 50; allow truncation of Model Number to shorten it',
					},
				],
			},
			stored: { field: 'modelNumber', value: undefined },
		},
		{
			case: 'a too-long model is shortened when allowed',
			device: { model: long(80, 'Model ') },
			truncate: ['modelNumber'],
			expected: {
				status: 'created',
				shortened: [{ field: 'modelNumber', originalLength: 80, limit: 50 }],
				skippedFields: [],
			},
			stored: { field: 'modelNumber', value: long(50, 'Model ') },
		},
		{
			case: 'a too-long serial is never shortened',
			device: { details: { serial: long(300, 'SN-') } },
			truncate: ['name', 'modelNumber'],
			expected: {
				status: 'created',
				shortened: [],
				skippedFields: [
					{
						field: 'serialNumber',
						direction: 'domotzToConnectWise',
						reason: 'tooLong',
						message:
							'Serial Number is 300 characters, ConnectWise allows 250; match keys are never shortened',
					},
				],
			},
			stored: { field: 'serialNumber', value: undefined },
		},
	])('$case', async ({ device, truncate, expected, stored }) => {
		const input = loadDevices([{ ...bulkDevice(0), ...device } as Device]);
		const result = await tenant.run('sync', bulkCreate({ options: { truncate } }), input);
		expect(result.error).toBeUndefined();
		const json = result.output('Node')[0].json;
		expect(json).toMatchObject(expected);
		const configurations = configurationsOf(BULK_COMPANY.id) as unknown as IDataObject[];
		expect(configurations.map((configuration) => configuration[stored?.field ?? 'name'])).toEqual(
			stored ? [stored.value] : [],
		);
	});
});
