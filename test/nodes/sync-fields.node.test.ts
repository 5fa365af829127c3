import type { IDataObject, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import type { SyncFieldKey } from '../../lib/fields/sync-fields';
import { domotzLinkInventoryField } from '../../lib/links/marker';
import { jsonOf, nodeTypes, pairedItemsOf, SimulatedTenant } from './support';
import {
	connectWiseFieldValue,
	domotzFieldValue,
	orNull,
	PLACEHOLDER_SERIAL,
	runSync,
	SYNC_AGENT,
	SYNC_COMPANY,
	SYNC_CONFIGURATIONS,
	SYNC_DEVICES,
	SYNC_LINK_CAPTION,
	syncConnectWiseTenant,
	syncDomotzTenant,
	syncItems,
	writeCounts,
} from './sync-fixtures';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

const toConnectWise = 'domotzToConnectWise';
const toDomotz = 'connectWiseToDomotz';
type Direction = typeof toConnectWise | typeof toDomotz;
type ExpectedChange = [field: SyncFieldKey, direction: Direction, to: string | null];

/** The Domotz field each ConnectWise → Domotz change is written to (one PUT each). */
const domotzPaths: Partial<Record<SyncFieldKey, string>> = {
	name: 'user_data/name',
	serialNumber: 'details/serial',
	modelNumber: 'user_data/model',
	manufacturer: 'user_data/vendor',
	site: 'details/zone',
	notes: 'details/notes',
};

const syncFields = (parameters: INodeParameters = {}): INodeParameters => ({
	operation: 'syncFields',
	...parameters,
});

const customDirections = {
	direction_name: toDomotz,
	direction_ipAddress: 'skip',
	direction_modelNumber: 'skip',
	direction_manufacturer: toDomotz,
	direction_osInfo: 'skip',
	direction_site: toConnectWise,
	direction_notes: toDomotz,
};

/** The locked device is left out: its refused edits would be tried again on every run. */
const modeDevices = [
	SYNC_DEVICES.drift,
	SYNC_DEVICES.inSync,
	SYNC_DEVICES.emptySource,
	SYNC_DEVICES.junkSerial,
	SYNC_DEVICES.notLinked,
];

const modes: Array<[string, INodeParameters, Record<number, ExpectedChange[]>]> = [
	[
		'Domotz → ConnectWise',
		{ syncMode: toConnectWise },
		{
			[SYNC_DEVICES.drift]: [
				['name', toConnectWise, 'Core switch'],
				['macAddress', toConnectWise, 'AA:BB:CC:00:01:01'],
				['ipAddress', toConnectWise, '192.168.1.10'],
				['modelNumber', toConnectWise, 'C9300-48P'],
				['manufacturer', toConnectWise, 'Cisco'],
				['osType', toConnectWise, 'IOS-XE'],
				['osInfo', toConnectWise, '17.9 (3a)'],
				['site', toConnectWise, 'Main Office'],
				['notes', toConnectWise, 'Rack 4'],
			],
			[SYNC_DEVICES.inSync]: [],
			[SYNC_DEVICES.emptySource]: [['notes', toConnectWise, 'Toner low']],
			[SYNC_DEVICES.junkSerial]: [],
		},
	],
	[
		'ConnectWise → Domotz',
		{ syncMode: toDomotz },
		{
			[SYNC_DEVICES.drift]: [
				['name', toDomotz, 'core-sw-old'],
				['modelNumber', toDomotz, 'C9300-24P'],
				['manufacturer', toDomotz, 'HP'],
				['site', toDomotz, 'Warehouse'],
				['notes', toDomotz, 'Closet'],
			],
			[SYNC_DEVICES.inSync]: [],
			[SYNC_DEVICES.emptySource]: [
				['serialNumber', toDomotz, 'CN12345678'],
				['modelNumber', toDomotz, 'LaserJet M404'],
			],
			[SYNC_DEVICES.junkSerial]: [['serialNumber', toDomotz, 'SN-REAL-4']],
		},
	],
	[
		'Custom',
		{ syncMode: 'custom', ...customDirections },
		{
			[SYNC_DEVICES.drift]: [
				['name', toDomotz, 'core-sw-old'],
				['macAddress', toConnectWise, 'AA:BB:CC:00:01:01'],
				['manufacturer', toDomotz, 'HP'],
				['osType', toConnectWise, 'IOS-XE'],
				['site', toConnectWise, 'Main Office'],
				['notes', toDomotz, 'Closet'],
			],
			[SYNC_DEVICES.inSync]: [],
			[SYNC_DEVICES.emptySource]: [],
			[SYNC_DEVICES.junkSerial]: [],
		},
	],
];

const changesOf = (json: IDataObject): ExpectedChange[] =>
	((json.changes ?? []) as IDataObject[]).map((change) => [
		change.field as SyncFieldKey,
		change.direction as Direction,
		change.to as string | null,
	]);

const byDevice = (devices: IDataObject[]) =>
	new Map(devices.map((json) => [json.deviceId as number, json]));

/** The value the target side of a field holds now, to compare with a change's `to`. */
function targetValue(json: IDataObject, field: SyncFieldKey, direction: Direction): unknown {
	if (direction === toConnectWise) {
		const configuration = tenant.connectwise.state.configuration(json.configurationId as number);
		return orNull(connectWiseFieldValue[field](configuration!));
	}
	const device = tenant.domotz.state.device(SYNC_AGENT, json.deviceId as number);
	return orNull(domotzFieldValue[field]!(device!));
}

/** The configurations PATCHed since the counts were reset, by id, ascending. */
function patchedConfigurations(): number[] {
	return tenant.connectwise.http
		.requests()
		.filter((request) => request.method === 'PATCH')
		.map((request) => Number(/\/company\/configurations\/(\d+)$/.exec(request.path)?.[1]))
		.sort((a, b) => a - b);
}

/** The Domotz device fields PUT since the counts were reset, as request paths, sorted. */
function domotzEdits(): string[] {
	return tenant.domotz.http
		.requests()
		.filter((request) => request.method === 'PUT')
		.map((request) => request.path)
		.sort();
}

function resetCounts(): void {
	tenant.domotz.http.resetCounts();
	tenant.connectwise.http.resetCounts();
}

describe.each(modes)('Sync › Sync Fields, %s', (_mode, parameters, expected) => {
	const linkedDevices = Object.keys(expected).map(Number);

	beforeEach(() => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
	});

	it('changes exactly the expected fields, one PATCH per configuration and one PUT per Domotz field', async () => {
		const result = await runSync(tenant, syncFields(parameters), syncItems(modeDevices));
		expect(result.error).toBeUndefined();
		const devices = byDevice(jsonOf(result.output('Node')));
		for (const deviceId of linkedDevices) {
			expect([deviceId, changesOf(devices.get(deviceId)!)]).toEqual([deviceId, expected[deviceId]]);
		}

		const changed = linkedDevices.map((deviceId) => ({
			json: devices.get(deviceId)!,
			toConnectWise: expected[deviceId].filter(([, direction]) => direction === toConnectWise),
			toDomotz: expected[deviceId].filter(([, direction]) => direction === toDomotz),
		}));
		const patched = changed.filter((device) => device.toConnectWise.length > 0);
		expect(patchedConfigurations()).toEqual(patched.map(({ json }) => json.configurationId));
		expect(domotzEdits()).toEqual(
			changed
				.flatMap(({ json, toDomotz: edits }) =>
					edits.map(
						([field]) => `/agent/${SYNC_AGENT}/device/${json.deviceId}/${domotzPaths[field]}`,
					),
				)
				.sort(),
		);
		for (const device of changed) {
			const connectWiseWrites = device.toConnectWise.length
				? [
						{
							target: 'ConnectWise',
							what: device.toConnectWise.map(([field]) => field).join(', '),
							status: 'done',
						},
					]
				: [];
			const domotzWrites = device.toDomotz.map(([field]) => ({
				target: 'Domotz',
				what: domotzPaths[field],
				status: 'done',
			}));
			expect(device.json.writes).toEqual([...connectWiseWrites, ...domotzWrites]);
			expect(device.json.status).toBe(
				device.toConnectWise.length + device.toDomotz.length > 0 ? 'updated' : 'unchanged',
			);
		}
	});

	it("leaves each change's target holding the change's `to` value", async () => {
		const result = await runSync(tenant, syncFields(parameters), syncItems(modeDevices));
		const devices = byDevice(jsonOf(result.output('Node')));
		for (const deviceId of linkedDevices) {
			const json = devices.get(deviceId)!;
			for (const [field, direction, to] of expected[deviceId]) {
				expect([deviceId, field, targetValue(json, field, direction)]).toEqual([
					deviceId,
					field,
					to,
				]);
			}
		}
	});

	it('performs no write at all on a second run right after the first', async () => {
		await runSync(tenant, syncFields(parameters), syncItems(modeDevices));
		resetCounts();
		const second = await runSync(tenant, syncFields(parameters), syncItems(modeDevices));
		expect(second.error).toBeUndefined();
		expect(writeCounts(tenant)).toEqual({});
		const devices = byDevice(jsonOf(second.output('Node')));
		for (const deviceId of linkedDevices) {
			expect(devices.get(deviceId)).toMatchObject({ status: 'unchanged', changes: [], writes: [] });
		}
	});

	it('in a dry run writes nothing and plans exactly what the real run then does', async () => {
		const dry = await runSync(
			tenant,
			syncFields({ ...parameters, dryRun: true }),
			syncItems(modeDevices),
		);
		expect(dry.error).toBeUndefined();
		expect(writeCounts(tenant)).toEqual({});
		const planned = byDevice(jsonOf(dry.output('Node')));
		for (const deviceId of linkedDevices) {
			expect(planned.get(deviceId)).toMatchObject({
				status: expected[deviceId].length > 0 ? 'planned' : 'unchanged',
				writes: [],
			});
		}

		const real = await runSync(tenant, syncFields(parameters), syncItems(modeDevices));
		const done = byDevice(jsonOf(real.output('Node')));
		for (const deviceId of linkedDevices) {
			const plan = planned.get(deviceId)!;
			expect(done.get(deviceId)!.changes).toEqual(plan.changes);
			for (const [field, direction, to] of changesOf(plan)) {
				expect([deviceId, field, targetValue(plan, field, direction)]).toEqual([
					deviceId,
					field,
					to,
				]);
			}
		}
	});
});

describe('Sync › Sync Fields, field rules', () => {
	beforeEach(() => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
	});

	const syncOne = async (deviceId: number, parameters: INodeParameters) => {
		const result = await runSync(tenant, syncFields(parameters), syncItems([deviceId]));
		expect(result.error).toBeUndefined();
		return result.output('Node')[0].json;
	};

	const skippedOf = (json: IDataObject) =>
		(json.skipped as IDataObject[]).map((skip) => [skip.field, skip.reason]);

	it.each<[string, INodeParameters, ExpectedChange[], Array<[SyncFieldKey, string]>]>([
		[
			'Domotz → ConnectWise without Allow Blanking',
			{ syncMode: toConnectWise },
			[['notes', toConnectWise, 'Toner low']],
			[
				['serialNumber', 'emptySource'],
				['modelNumber', 'emptySource'],
			],
		],
		[
			'Domotz → ConnectWise with Allow Blanking',
			{ syncMode: toConnectWise, options: { allowBlanking: true } },
			[
				['serialNumber', toConnectWise, null],
				['modelNumber', toConnectWise, null],
				['notes', toConnectWise, 'Toner low'],
			],
			[],
		],
		[
			'ConnectWise → Domotz without Allow Blanking',
			{ syncMode: toDomotz },
			[
				['serialNumber', toDomotz, 'CN12345678'],
				['modelNumber', toDomotz, 'LaserJet M404'],
			],
			[['notes', 'emptySource']],
		],
		[
			'ConnectWise → Domotz with Allow Blanking',
			{ syncMode: toDomotz, options: { allowBlanking: true } },
			[
				['serialNumber', toDomotz, 'CN12345678'],
				['modelNumber', toDomotz, 'LaserJet M404'],
				['notes', toDomotz, null],
			],
			[],
		],
	])(
		'an empty source blanks a filled target only with Allow Blanking: %s',
		async (_case, parameters, changes, skipped) => {
			const before = {
				configuration: tenant.connectwise.state.configuration(SYNC_CONFIGURATIONS.emptySource)!,
				device: tenant.domotz.state.device(SYNC_AGENT, SYNC_DEVICES.emptySource)!,
			};
			const json = await syncOne(SYNC_DEVICES.emptySource, parameters);
			expect(changesOf(json)).toEqual(changes);
			expect(skippedOf(json)).toEqual(skipped);
			for (const [field, direction, to] of changes) {
				expect(targetValue(json, field, direction)).toBe(to);
			}
			for (const [field] of skipped) {
				const kept =
					parameters.syncMode === toConnectWise
						? connectWiseFieldValue[field](before.configuration)
						: domotzFieldValue[field]!(before.device);
				expect(orNull(kept)).not.toBeNull();
				expect(targetValue(json, field, parameters.syncMode as Direction)).toBe(kept);
			}
		},
	);

	it.each<[string, Direction, () => void, () => unknown]>([
		[
			'Domotz',
			toConnectWise,
			() => undefined,
			() => tenant.connectwise.state.configuration(SYNC_CONFIGURATIONS.junkSerial)?.serialNumber,
		],
		[
			'ConnectWise',
			toDomotz,
			() => {
				tenant.connectwise.state.editConfiguration(SYNC_CONFIGURATIONS.junkSerial, {
					serialNumber: PLACEHOLDER_SERIAL,
				});
				const device = tenant.domotz.state.device(SYNC_AGENT, SYNC_DEVICES.junkSerial)!;
				tenant.domotz.state.putDevice(SYNC_AGENT, { ...device, details: { serial: 'SN-REAL-4' } });
			},
			() => tenant.domotz.state.device(SYNC_AGENT, SYNC_DEVICES.junkSerial)?.details?.serial,
		],
	])(
		'a placeholder serial in %s never overwrites a real one, even with Allow Blanking',
		async (_side, syncMode, arrange, targetSerial) => {
			arrange();
			resetCounts();
			const json = await syncOne(SYNC_DEVICES.junkSerial, {
				syncMode,
				options: { allowBlanking: true },
			});
			expect(json.status).toBe('unchanged');
			expect(skippedOf(json)).toEqual([['serialNumber', 'junkKey']]);
			expect((json.skipped as IDataObject[])[0].message).toMatch(/placeholder.*never written/);
			expect(targetSerial()).toBe('SN-REAL-4');
			expect(writeCounts(tenant)).toEqual({});
		},
	);

	it.each([
		['macAddress', 'aabb.cc00.0102'],
		['serialNumber', 'SN-FILE-2'],
		['manufacturer', 'HP'],
	] as const)(
		'%s written differently on the two sides is not a change, and the ConnectWise form is kept',
		async (field, connectWiseForm) => {
			const json = await syncOne(SYNC_DEVICES.inSync, { syncMode: toConnectWise });
			expect(json.unchanged).toContain(field);
			expect(json.changes).toEqual([]);
			expect(writeCounts(tenant)).toEqual({});
			const configuration = tenant.connectwise.state.configuration(SYNC_CONFIGURATIONS.inSync)!;
			expect(connectWiseFieldValue[field](configuration)).toBe(connectWiseForm);
		},
	);

	it('in ConnectWise → Domotz mode leaves MAC, IP and OS out: Domotz cannot write them', async () => {
		const json = await syncOne(SYNC_DEVICES.drift, { syncMode: toDomotz });
		const considered = [
			...changesOf(json).map(([field]) => field),
			...skippedOf(json).map(([field]) => field),
			...(json.unchanged as string[]),
		];
		expect(considered.sort()).toEqual(
			['manufacturer', 'modelNumber', 'name', 'notes', 'serialNumber', 'site'].sort(),
		);
	});

	it('reports a locked Domotz device per write and still syncs the others', async () => {
		const result = await runSync(
			tenant,
			syncFields({ syncMode: toDomotz }),
			syncItems([SYNC_DEVICES.locked, SYNC_DEVICES.drift]),
		);
		expect(result.error).toBeUndefined();
		const [locked, drift] = jsonOf(result.output('Node'));
		expect(locked).toMatchObject({
			deviceId: SYNC_DEVICES.locked,
			status: 'partlyFailed',
			changes: [{ field: 'name', direction: toDomotz, from: 'Reception AP', to: 'Lobby AP' }],
			writes: [
				{
					target: 'Domotz',
					what: 'user_data/name',
					status: 'locked',
					error: expect.stringMatching(/locked.*423/),
				},
			],
		});
		expect(tenant.domotz.state.device(SYNC_AGENT, SYNC_DEVICES.locked)?.display_name).toBe(
			'Reception AP',
		);
		expect(drift).toMatchObject({ deviceId: SYNC_DEVICES.drift, status: 'updated' });
		expect((drift.writes as IDataObject[]).map((write) => write.status)).toEqual(
			Array(5).fill('done'),
		);
		expect(result.outputs('Node')[1][0].json).toMatchObject({ updated: 1, failed: 1 });
	});

	it.each<[string, () => void, RegExp]>([
		['no configuration carries its link', () => undefined, /the device is not linked/],
		[
			'two configurations carry its link',
			() => {
				const marker = [{ id: 9, value: `domotz:${SYNC_AGENT}/${SYNC_DEVICES.notLinked}` }];
				tenant.connectwise.state.editConfiguration(SYNC_CONFIGURATIONS.collector, {
					customFields: marker,
				});
				tenant.connectwise.state.addConfiguration({
					name: 'Guest kiosk (copy)',
					company: { id: SYNC_COMPANY },
					type: { name: 'Network Device' },
					customFields: marker,
				});
			},
			/several configurations are linked to the device \(809, \d+\); unlink all but one/,
		],
	])('reports notLinked, and writes nothing, when %s', async (_case, arrange, reason) => {
		arrange();
		resetCounts();
		const json = await syncOne(SYNC_DEVICES.notLinked, { syncMode: toConnectWise });
		expect(json).toEqual({
			agentId: SYNC_AGENT,
			deviceId: SYNC_DEVICES.notLinked,
			deviceName: 'Guest kiosk',
			status: 'notLinked',
			reason: expect.stringMatching(reason),
		});
		expect(writeCounts(tenant)).toEqual({});
	});

	it('reads the links once per agent and the devices once per agent, never per device', async () => {
		await runSync(tenant, syncFields(), syncItems(Object.values(SYNC_DEVICES)));
		expect(tenant.domotz.http.count('GET', 'device.list')).toBe(1);
		expect(tenant.domotz.http.count('GET', 'device.get')).toBe(0);
		expect(tenant.connectwise.http.count('GET', 'configurations.list')).toBe(1);
		expect(tenant.connectwise.http.count('GET', 'configurations.get')).toBe(0);
		expect(
			tenant.connectwise.state.customFieldValue(SYNC_CONFIGURATIONS.drift, SYNC_LINK_CAPTION),
		).toBe(`domotz:${SYNC_AGENT}/${SYNC_DEVICES.drift}`);
	});

	it('syncs a device named by two items once, and reports the second as a duplicate', async () => {
		const result = await runSync(
			tenant,
			syncFields(),
			syncItems([SYNC_DEVICES.drift, SYNC_DEVICES.drift]),
		);
		const [first, second] = jsonOf(result.output('Node'));
		expect(first.status).toBe('updated');
		expect(second).toMatchObject({ status: 'duplicate', firstItemIndex: 0 });
		expect(patchedConfigurations()).toEqual([SYNC_CONFIGURATIONS.drift]);
	});

	it('reports the configuration name after the sync renamed it', async () => {
		const [json] = jsonOf(
			(await runSync(tenant, syncFields(), syncItems([SYNC_DEVICES.drift]))).output('Node'),
		);
		const rename = (json.changes as IDataObject[]).find((change) => change.field === 'name');
		expect(rename).toBeDefined();
		expect(json.configurationName).toBe(rename!.to);
	});
});

describe('Sync › Sync Fields, directions Domotz cannot write', () => {
	const directionOptions = (field: SyncFieldKey) => {
		const property = nodeTypes.sync.description.properties.find(
			(candidate) => candidate.name === `direction_${field}`,
		);
		return (property?.options as INodePropertyOptions[]).map((option) => option.value);
	};

	it.each<[SyncFieldKey, boolean]>([
		['name', true],
		['serialNumber', true],
		['macAddress', false],
		['ipAddress', false],
		['modelNumber', true],
		['manufacturer', true],
		['osType', false],
		['osInfo', false],
		['site', true],
		['notes', true],
	])('Custom offers ConnectWise → Domotz for %s: %s', (field, offered) => {
		expect(directionOptions(field)).toEqual(
			offered ? [toConnectWise, toDomotz, 'skip'] : [toConnectWise, 'skip'],
		);
	});

	it.each([
		['macAddress', 'MAC Address'],
		['ipAddress', 'IP Address'],
		['osType', 'OS Type'],
		['osInfo', 'OS Info'],
	])(
		'fails clearly, writing nothing, when %s is forced to ConnectWise → Domotz',
		async (field, label) => {
			tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
			const result = await runSync(
				tenant,
				syncFields({ syncMode: 'custom', [`direction_${field}`]: toDomotz }),
				syncItems([SYNC_DEVICES.drift]),
			);
			expect(result.error?.message).toBe(
				`${label} cannot sync ConnectWise → Domotz: the Domotz API cannot write it`,
			);
			expect(writeCounts(tenant)).toEqual({});
		},
	);
});

describe('Sync › Sync Fields, summary and last successful sync', () => {
	const SENTINEL = '2025-01-01T00:00:00.000Z';
	const staticDataWith = (time: string): IDataObject => ({
		'node:Node': { lastSuccessfulSync: { syncFields: time } },
	});
	const allDevices = Object.values(SYNC_DEVICES);

	beforeEach(() => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
	});

	it.each([
		[
			'a run',
			{},
			{
				dryRun: false,
				devices: 6,
				updated: 3,
				unchanged: 2,
				planned: 0,
				notLinked: 1,
				duplicate: 0,
				failed: 0,
			},
			expect.any(String),
		],
		[
			'a dry run',
			{ dryRun: true },
			{
				dryRun: true,
				devices: 6,
				updated: 0,
				unchanged: 2,
				planned: 3,
				notLinked: 1,
				duplicate: 0,
				failed: 0,
			},
			null,
		],
		[
			'a run with a refused write',
			{ syncMode: toDomotz },
			{
				dryRun: false,
				devices: 6,
				updated: 3,
				unchanged: 1,
				planned: 0,
				notLinked: 1,
				duplicate: 0,
				failed: 1,
			},
			null,
		],
	])(
		'counts the outcomes of %s on the second output, paired to every item',
		async (_case, parameters, counts, lastSuccessfulSync) => {
			const result = await runSync(tenant, syncFields(parameters), syncItems(allDevices));
			const [summary] = result.outputs('Node')[1];
			expect(summary.json).toEqual({ ...counts, lastSuccessfulSync });
			expect(summary.pairedItem).toEqual(allDevices.map((_id, item) => ({ item })));
			expect(pairedItemsOf(result.output('Node'))).toEqual(allDevices.map((_id, item) => item));
		},
	);

	it.each<[string, INodeParameters, boolean, IDataObject[]]>([
		['a dry run keeps', { dryRun: true }, false, []],
		['a run with a refused write keeps', { syncMode: toDomotz }, false, []],
		['a run with a failed item keeps', {}, false, [{ id: 99, agent_id: SYNC_AGENT }]],
		['a successful run replaces', {}, true, []],
	])('%s the last successful sync time', async (_case, parameters, replaced, extraItems) => {
		const staticData = staticDataWith(SENTINEL);
		const result = await runSync(
			tenant,
			syncFields(parameters),
			[...syncItems(allDevices), ...extraItems],
			{ staticData, onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		const shown = result.outputs('Node')[1][0].json.lastSuccessfulSync as string;
		if (replaced) {
			expect(Date.parse(shown)).toBeGreaterThan(Date.parse(SENTINEL));
		} else {
			expect(shown).toBe(SENTINEL);
		}
		expect(staticData).toMatchObject(staticDataWith(shown));
	});

	it('shows the previous successful run on the next execution of the same workflow', async () => {
		const staticData: IDataObject = {};
		const first = await runSync(tenant, syncFields(), syncItems(allDevices), { staticData });
		const recorded = first.outputs('Node')[1][0].json.lastSuccessfulSync as string;
		expect(Number.isNaN(Date.parse(recorded))).toBe(false);

		const second = await runSync(tenant, syncFields({ dryRun: true }), syncItems(allDevices), {
			staticData,
		});
		expect(second.outputs('Node')[1][0].json.lastSuccessfulSync).toBe(recorded);
	});

	it('shows no last successful sync before the first one', async () => {
		const result = await runSync(tenant, syncFields({ dryRun: true }), syncItems(allDevices));
		expect(result.outputs('Node')[1][0].json.lastSuccessfulSync).toBeNull();
	});
});

describe('Sync › Sync Fields, failing items', () => {
	beforeEach(() => {
		tenant.load(syncDomotzTenant(), syncConnectWiseTenant());
	});

	const input = () => [
		...syncItems([SYNC_DEVICES.drift]),
		{ id: 99, agent_id: SYNC_AGENT },
		...syncItems([SYNC_DEVICES.inSync]),
	];

	it('with Continue on Fail, gives the missing device an error item and syncs the others', async () => {
		const result = await runSync(tenant, syncFields(), input(), {
			onError: 'continueRegularOutput',
		});
		expect(result.error).toBeUndefined();
		const devices = jsonOf(result.output('Node'));
		expect(devices.map((json) => json.status ?? 'error')).toEqual([
			'updated',
			'error',
			'unchanged',
		]);
		expect(devices[1].error).toMatch(/agent 500 has no device 99/);
		expect(result.outputs('Node')[1][0].json).toMatchObject({ devices: 3, failed: 1 });
	});

	it('without Continue on Fail, fails the run naming the item', async () => {
		const result = await runSync(tenant, syncFields(), input());
		expect(result.error?.message).toMatch(/agent 500 has no device 99/);
		expect(result.error).toMatchObject({ context: expect.objectContaining({ itemIndex: 1 }) });
	});
});

describe('Sync › Sync Fields, a link whose Domotz mirror is pending', () => {
	const pendingMarker = `domotz:${SYNC_AGENT}/${SYNC_DEVICES.inSync} (mirror pending)`;
	const mirrorOfInSync = () =>
		tenant.domotz.state
			.deviceInventory(SYNC_AGENT, SYNC_DEVICES.inSync)
			?.find((field) => field.key === domotzLinkInventoryField.key)?.value ?? null;

	beforeEach(() => {
		const connectwise = syncConnectWiseTenant();
		const inSync = connectwise.configurations?.find(
			(configuration) => configuration.id === SYNC_CONFIGURATIONS.inSync,
		);
		if (!inSync?.customFields) throw new Error('the fixture lost its linked configuration');
		inSync.customFields = [{ ...inSync.customFields[0], value: pendingMarker }];
		tenant.load(syncDomotzTenant(), connectwise);
	});

	it('writes the mirror, confirms the marker, and then has nothing left to write', async () => {
		tenant.connectwise.http.resetCounts();
		tenant.domotz.http.resetCounts();
		await runSync(tenant, syncFields(), syncItems([SYNC_DEVICES.inSync]));
		expect(mirrorOfInSync()).toBe(String(SYNC_CONFIGURATIONS.inSync));
		expect(
			tenant.connectwise.state.customFieldValue(SYNC_CONFIGURATIONS.inSync, SYNC_LINK_CAPTION),
		).toBe(`domotz:${SYNC_AGENT}/${SYNC_DEVICES.inSync}`);

		tenant.connectwise.http.resetCounts();
		tenant.domotz.http.resetCounts();
		await runSync(tenant, syncFields(), syncItems([SYNC_DEVICES.inSync]));
		expect(writeCounts(tenant)).toEqual({});
	});

	it('leaves it pending when the mirror is turned off', async () => {
		tenant.connectwise.http.resetCounts();
		tenant.domotz.http.resetCounts();
		await runSync(
			tenant,
			syncFields({ options: { mirrorInDomotz: false } }),
			syncItems([SYNC_DEVICES.inSync]),
		);
		expect(writeCounts(tenant)).toEqual({});
		expect(mirrorOfInSync()).toBeNull();
		expect(
			tenant.connectwise.state.customFieldValue(SYNC_CONFIGURATIONS.inSync, SYNC_LINK_CAPTION),
		).toBe(pendingMarker);
	});
});
