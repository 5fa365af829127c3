import { cwConfigurationSchema, type CwConfiguration } from '../../../lib/connectwise/schemas';
import {
	resolveDirections,
	syncFields,
	type DomotzValues,
	type FieldDirection,
	type SyncFieldKey,
	type SyncMode,
} from '../../../lib/fields/sync-fields';
import { SetupError } from '../../../lib/http/errors';
import {
	planConfigurationCreate,
	planFieldSync,
	readConnectWiseValues,
	type CreateContext,
	type FieldSyncPlan,
	type NamedRecord,
	type SyncLookups,
	type SyncPolicy,
} from '../../../lib/sync/plan';
import { lookupKey } from '../../../lib/connectwise/names';

const noValues: DomotzValues = {
	name: null,
	serialNumber: null,
	macAddress: null,
	ipAddress: null,
	modelNumber: null,
	manufacturer: null,
	osType: null,
	osInfo: null,
	site: null,
	notes: null,
};

function values(overrides: Partial<DomotzValues> = {}): DomotzValues {
	return { ...noValues, ...overrides };
}

function configuration(fields: Record<string, unknown> = {}): CwConfiguration {
	return cwConfigurationSchema.parse({ id: 900, ...fields });
}

function byName(records: NamedRecord[]): ReadonlyMap<string, NamedRecord> {
	return new Map(records.map((record) => [lookupKey(record.name), record]));
}

const lookups: SyncLookups = {
	manufacturers: byName([
		{ id: 1, name: 'Cisco' },
		{ id: 2, name: 'Juniper' },
		{ id: 3, name: 'Hewlett Packard Enterprise' },
	]),
	sites: byName([
		{ id: 40, name: 'Main Office' },
		{ id: 41, name: 'Warehouse' },
	]),
};

const noDirections: Record<SyncFieldKey, FieldDirection> = {
	name: 'skip',
	serialNumber: 'skip',
	macAddress: 'skip',
	ipAddress: 'skip',
	modelNumber: 'skip',
	manufacturer: 'skip',
	osType: 'skip',
	osInfo: 'skip',
	site: 'skip',
	notes: 'skip',
};

/** Only `field` syncs, in `direction`. */
function only(
	field: SyncFieldKey,
	direction: FieldDirection,
	options: Partial<Omit<SyncPolicy, 'directions'>> = {},
): SyncPolicy {
	return {
		directions: { ...noDirections, [field]: direction },
		allowBlanking: false,
		truncate: new Set(),
		...options,
	};
}

const emptyPlan: FieldSyncPlan = {
	changes: [],
	skipped: [],
	unchanged: [],
	connectWisePatch: [],
	domotzEdits: [],
};

const D2C = 'domotzToConnectWise';
const C2D = 'connectWiseToDomotz';

/** A device and a configuration that disagree on every field. */
const device = values({
	name: 'Core Switch',
	serialNumber: 'FOC1934X0AB',
	macAddress: 'f4-cf-e2-0a-11-22',
	ipAddress: '192.168.10.2',
	modelNumber: 'C9300-48P',
	manufacturer: 'cisco',
	osType: 'IOS-XE',
	osInfo: '17.9.4 (2)',
	site: 'warehouse',
	notes: 'Uplink on port 48',
});

const configured = configuration({
	name: 'sw-old',
	serialNumber: 'JN11AB22CD',
	macAddress: '00:05:86:71:aa:01',
	ipAddress: '10.0.0.9',
	modelNumber: 'EX2300',
	manufacturer: { id: 2, name: 'Juniper' },
	osType: 'Junos',
	osInfo: '21.4R3',
	site: { id: 40, name: 'Main Office' },
	notes: 'Replaced in 2019',
});

describe('planFieldSync: one field, each way', () => {
	it.each([
		['name', 'Core Switch', 'Core Switch'],
		['serialNumber', 'FOC1934X0AB', 'FOC1934X0AB'],
		['macAddress', 'F4:CF:E2:0A:11:22', 'F4:CF:E2:0A:11:22'],
		['ipAddress', '192.168.10.2', '192.168.10.2'],
		['modelNumber', 'C9300-48P', 'C9300-48P'],
		['manufacturer', { id: 1 }, 'Cisco'],
		['osType', 'IOS-XE', 'IOS-XE'],
		['osInfo', '17.9.4 (2)', '17.9.4 (2)'],
		['site', { id: 41 }, 'Warehouse'],
		['notes', 'Uplink on port 48', 'Uplink on port 48'],
	] as const)('writes %s from Domotz to ConnectWise as %j', (field, value, to) => {
		const plan = planFieldSync(device, configured, only(field, D2C), lookups);
		expect(plan).toEqual({
			...emptyPlan,
			changes: [{ field, direction: D2C, from: readConnectWiseValues(configured)[field], to }],
			connectWisePatch: [{ op: 'replace', path: field, value }],
		});
	});

	it.each([
		['name', 'user_data/name', 'sw-old'],
		['serialNumber', 'details/serial', 'JN11AB22CD'],
		['modelNumber', 'user_data/model', 'EX2300'],
		['manufacturer', 'user_data/vendor', 'Juniper'],
		['site', 'details/zone', 'Main Office'],
		['notes', 'details/notes', 'Replaced in 2019'],
	] as const)('writes %s from ConnectWise to Domotz %s', (field, domotzField, value) => {
		const plan = planFieldSync(device, configured, only(field, C2D), lookups);
		expect(plan).toEqual({
			...emptyPlan,
			changes: [{ field, direction: C2D, from: device[field], to: value }],
			domotzEdits: [{ field: domotzField, value }],
		});
	});

	it.each(syncFields.map((field) => field.key))('leaves %s out entirely when skipped', (key) => {
		const plan = planFieldSync(device, configured, only(key, 'skip'), lookups);
		expect(plan).toEqual(emptyPlan);
	});

	it('refuses to plan a ConnectWise → Domotz write Domotz cannot take', () => {
		expect(() => planFieldSync(device, configured, only('macAddress', C2D), lookups)).toThrow(
			SetupError,
		);
	});
});

describe('planFieldSync: every field in each mode', () => {
	const patchPaths = (plan: FieldSyncPlan) => plan.connectWisePatch.map((op) => op.path);
	const editedFields = (plan: FieldSyncPlan) => plan.domotzEdits.map((edit) => edit.field);

	it.each<[SyncMode, string[], string[]]>([
		['domotzToConnectWise', syncFields.map((field) => field.connectWiseField), []],
		[
			'connectWiseToDomotz',
			[],
			[
				'user_data/name',
				'details/serial',
				'user_data/model',
				'user_data/vendor',
				'details/zone',
				'details/notes',
			],
		],
		[
			'custom',
			[
				'name',
				'serialNumber',
				'macAddress',
				'ipAddress',
				'modelNumber',
				'manufacturer',
				'osType',
				'osInfo',
			],
			[],
		],
	])(
		'in mode %s writes the fields the mode sends each way, in table order',
		(mode, patched, edited) => {
			const policy = {
				directions: resolveDirections(mode),
				allowBlanking: false,
				truncate: new Set<SyncFieldKey>(),
			};
			const plan = planFieldSync(device, configured, policy, lookups);
			expect(patchPaths(plan)).toEqual(patched);
			expect(editedFields(plan)).toEqual(edited);
			expect(plan.changes).toHaveLength(patched.length + edited.length);
			expect(plan.skipped).toEqual([]);
			expect(plan.unchanged).toEqual([]);
		},
	);

	it('mixes directions in custom mode', () => {
		const directions = resolveDirections('custom', {
			name: C2D,
			serialNumber: 'skip',
			notes: D2C,
			site: C2D,
		});
		const plan = planFieldSync(
			device,
			configured,
			{ directions, allowBlanking: false, truncate: new Set() },
			lookups,
		);
		expect(patchPaths(plan)).toEqual([
			'macAddress',
			'ipAddress',
			'modelNumber',
			'manufacturer',
			'osType',
			'osInfo',
			'notes',
		]);
		expect(plan.domotzEdits).toEqual([
			{ field: 'user_data/name', value: 'sw-old' },
			{ field: 'details/zone', value: 'Main Office' },
		]);
		expect(plan.changes.map((change) => change.field)).toEqual([
			'name',
			'macAddress',
			'ipAddress',
			'modelNumber',
			'manufacturer',
			'osType',
			'osInfo',
			'site',
			'notes',
		]);
	});

	it('plans the same thing every time', () => {
		const policy = {
			directions: resolveDirections('domotzToConnectWise'),
			allowBlanking: true,
			truncate: new Set<SyncFieldKey>(['name']),
		};
		const first = planFieldSync(device, configured, policy, lookups);
		expect(planFieldSync(device, configured, policy, lookups)).toEqual(first);
		expect(JSON.stringify(planFieldSync(device, configured, policy, lookups))).toBe(
			JSON.stringify(first),
		);
	});
});

describe('planFieldSync: an empty source', () => {
	const filledConnectWise = configured;
	const emptyConnectWise = configuration({ name: 'sw-old' });

	const towardsConnectWise: Array<[SyncFieldKey, unknown]> = [
		['serialNumber', ''],
		['macAddress', ''],
		['ipAddress', ''],
		['modelNumber', ''],
		['manufacturer', null],
		['osType', ''],
		['osInfo', ''],
		['site', null],
		['notes', ''],
	];

	it.each(towardsConnectWise)('keeps ConnectWise %s by default', (field) => {
		const plan = planFieldSync(values({ name: 'x' }), filledConnectWise, only(field, D2C), lookups);
		expect(plan.skipped).toEqual([
			{
				field,
				direction: D2C,
				reason: 'emptySource',
				message: expect.stringContaining('allow blanking'),
			},
		]);
		expect(plan.connectWisePatch).toEqual([]);
	});

	it.each(towardsConnectWise)('blanks ConnectWise %s when allowed, with %p', (field, blank) => {
		const plan = planFieldSync(
			values({ [field]: '   ' }),
			filledConnectWise,
			only(field, D2C, { allowBlanking: true }),
			lookups,
		);
		expect(plan.connectWisePatch).toEqual([{ op: 'replace', path: field, value: blank }]);
		expect(plan.changes).toEqual([
			{ field, direction: D2C, from: readConnectWiseValues(filledConnectWise)[field], to: null },
		]);
	});

	it.each([D2C, C2D] as const)('never blanks the required name (%s)', (direction) => {
		const [domotz, cw] =
			direction === D2C
				? [values(), configuration({ name: 'sw-old' })]
				: [values({ name: 'Core Switch' }), configuration({ name: '  ' })];
		const plan = planFieldSync(
			domotz,
			cw,
			only('name', direction, { allowBlanking: true }),
			lookups,
		);
		expect(plan.skipped).toEqual([
			{
				field: 'name',
				direction,
				reason: 'emptySource',
				message: expect.stringContaining('Name is required'),
			},
		]);
		expect(plan.changes).toEqual([]);
	});

	it.each([
		['serialNumber', 'details/serial', null],
		['modelNumber', 'user_data/model', ''],
		['manufacturer', 'user_data/vendor', ''],
		['site', 'details/zone', ''],
		['notes', 'details/notes', ''],
	] as const)(
		'keeps Domotz %s by default and clears %s with %p when allowed',
		(field, domotzField, blank) => {
			const kept = planFieldSync(device, emptyConnectWise, only(field, C2D), lookups);
			expect(kept.skipped.map((skip) => skip.reason)).toEqual(['emptySource']);
			expect(kept.domotzEdits).toEqual([]);

			const cleared = planFieldSync(
				device,
				emptyConnectWise,
				only(field, C2D, { allowBlanking: true }),
				lookups,
			);
			expect(cleared.domotzEdits).toEqual([{ field: domotzField, value: blank }]);
			expect(cleared.changes).toEqual([{ field, direction: C2D, from: device[field], to: null }]);
		},
	);

	it.each(syncFields.map((field) => field.key))(
		'counts %s as unchanged when both sides are empty',
		(field) => {
			const plan = planFieldSync(
				values(),
				configuration(),
				only(field, D2C, { allowBlanking: true }),
				lookups,
			);
			expect(plan).toEqual({ ...emptyPlan, unchanged: [field] });
		},
	);
});

describe('planFieldSync: junk match keys', () => {
	it.each([
		['serialNumber', 'To be filled by O.E.M.', 'a placeholder'],
		['serialNumber', 'N/A', 'a placeholder'],
		['serialNumber', '0', 'a placeholder'],
		['serialNumber', 'f4:cf:e2:0a:11:22', 'a MAC address'],
		['serialNumber', 'XX', 'too short'],
		['macAddress', '00:00:00:00:00:00', 'the all-zero MAC address'],
		['macAddress', 'ff-ff-ff-ff-ff-ff', 'the broadcast MAC address'],
		['macAddress', 'unknown', 'not a MAC address'],
	] as const)(
		'never writes %s %p to ConnectWise, even with blanking allowed',
		(field, junk, why) => {
			const plan = planFieldSync(
				values({ [field]: junk }),
				configured,
				only(field, D2C, { allowBlanking: true, truncate: new Set([field]) }),
				lookups,
			);
			expect(plan).toEqual({
				...emptyPlan,
				skipped: [
					{ field, direction: D2C, reason: 'junkKey', message: expect.stringContaining(why) },
				],
			});
		},
	);

	it.each([
		['serialNumber', 'To be filled by O.E.M.'],
		['macAddress', '00:00:00:00:00:00'],
	] as const)('reports %s %p as junk when both sides hold it', (field, junk) => {
		const plan = planFieldSync(
			values({ [field]: junk }),
			configuration({ [field]: junk }),
			only(field, D2C),
			lookups,
		);
		expect(plan).toEqual({
			...emptyPlan,
			skipped: [expect.objectContaining({ field, direction: D2C, reason: 'junkKey' })],
		});
	});

	it('never writes a junk ConnectWise serial to Domotz', () => {
		const plan = planFieldSync(
			device,
			configuration({ serialNumber: 'Default string' }),
			only('serialNumber', C2D, { allowBlanking: true }),
			lookups,
		);
		expect(plan.skipped).toEqual([
			{
				field: 'serialNumber',
				direction: C2D,
				reason: 'junkKey',
				message:
					'Serial Number "Default string" in ConnectWise is a placeholder, not a real serial number; it is never written',
			},
		]);
		expect(plan.domotzEdits).toEqual([]);
	});

	it('replaces a junk ConnectWise serial with a real Domotz one', () => {
		const plan = planFieldSync(
			device,
			configuration({ serialNumber: 'System Serial Number' }),
			only('serialNumber', D2C),
			lookups,
		);
		expect(plan.connectWisePatch).toEqual([
			{ op: 'replace', path: 'serialNumber', value: 'FOC1934X0AB' },
		]);
	});

	it('treats a non-key field with the same text as ordinary text', () => {
		const plan = planFieldSync(
			values({ modelNumber: 'N/A' }),
			configured,
			only('modelNumber', D2C),
			lookups,
		);
		expect(plan.connectWisePatch).toEqual([{ op: 'replace', path: 'modelNumber', value: 'N/A' }]);
	});
});

describe('planFieldSync: formatting alone is never a change', () => {
	it.each<[SyncFieldKey, string, unknown]>([
		['macAddress', 'aa-bb-cc-dd-ee-ff', 'AA:BB:CC:DD:EE:FF'],
		['macAddress', 'aabb.ccdd.eeff', 'aa:bb:cc:dd:ee:ff'],
		['macAddress', 'AABBCCDDEEFF', 'AA-BB-CC-DD-EE-FF'],
		['serialNumber', '  foc1934x0ab ', 'FOC1934X0AB'],
		['serialNumber', 'SN  1234 5678', 'sn 1234 5678'],
		['ipAddress', '192.168.001.020', '192.168.1.20'],
		['ipAddress', '2001:DB8:0:0:0:0:0:5', '2001:db8::5'],
		['ipAddress', '10.0.0.1', '::ffff:10.0.0.1'],
		['name', 'Core  Switch ', 'Core Switch'],
		['modelNumber', 'C9300\t48P', 'C9300 48P'],
		['manufacturer', 'CISCO', { id: 1, name: 'Cisco' }],
		['manufacturer', 'hewlett  packard enterprise', { id: 3, name: 'Hewlett Packard Enterprise' }],
		['site', 'main office', { id: 40, name: 'Main Office' }],
		['notes', 'line one\r\nline two', 'line one\nline two'],
		['notes', 'line one\nline two', 'line one line two'],
	])('%s %j equals %j', (field, domotzValue, connectWiseValue) => {
		const plan = planFieldSync(
			values({ [field]: domotzValue }),
			configuration({ [field]: connectWiseValue }),
			only(field, D2C),
			lookups,
		);
		expect(plan).toEqual({ ...emptyPlan, unchanged: [field] });
	});

	it.each<[SyncFieldKey, string, string]>([
		['name', 'core switch', 'Core Switch'],
		['ipAddress', '10.0.0.1', '10.0.0.2'],
		['macAddress', 'aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:fe'],
	])('%s %p differs from %p', (field, domotzValue, connectWiseValue) => {
		const plan = planFieldSync(
			values({ [field]: domotzValue }),
			configuration({ [field]: connectWiseValue }),
			only(field, D2C),
			lookups,
		);
		expect(plan.changes).toHaveLength(1);
	});

	it('compares in the ConnectWise → Domotz direction too', () => {
		const plan = planFieldSync(
			values({ serialNumber: 'foc1934x0ab', manufacturer: 'cisco' }),
			configuration({ serialNumber: 'FOC1934X0AB', manufacturer: { id: 1, name: 'Cisco' } }),
			{
				...only('serialNumber', C2D),
				directions: { ...noDirections, serialNumber: C2D, manufacturer: C2D },
			},
			lookups,
		);
		expect(plan).toEqual({ ...emptyPlan, unchanged: ['serialNumber', 'manufacturer'] });
	});

	it('writes the Domotz display form: the canonical MAC, trimmed text, Unix line breaks', () => {
		const plan = planFieldSync(
			values({ macAddress: 'f4cf.e20a.1122', modelNumber: '  C9300-48P  ', notes: ' a\r\nb ' }),
			configuration(),
			{
				...only('macAddress', D2C),
				directions: { ...noDirections, macAddress: D2C, modelNumber: D2C, notes: D2C },
			},
			lookups,
		);
		expect(plan.connectWisePatch.map((op) => ('value' in op ? op.value : undefined))).toEqual([
			'F4:CF:E2:0A:11:22',
			'C9300-48P',
			'a\nb',
		]);
	});
});

describe('planFieldSync: ConnectWise length limits', () => {
	const longName = `Core Switch ${'x'.repeat(120)}`;

	it('skips a too-long value when truncation is not allowed', () => {
		const plan = planFieldSync(values({ name: longName }), configured, only('name', D2C), lookups);
		expect(plan).toEqual({
			...emptyPlan,
			skipped: [
				{
					field: 'name',
					direction: D2C,
					reason: 'tooLong',
					message:
						'Name is 132 characters, ConnectWise allows 100; allow truncation of Name to shorten it',
				},
			],
		});
	});

	it('shortens it to the limit and says so when truncation is allowed', () => {
		const plan = planFieldSync(
			values({ name: longName }),
			configured,
			only('name', D2C, { truncate: new Set(['name']) }),
			lookups,
		);
		expect(plan.connectWisePatch).toEqual([
			{ op: 'replace', path: 'name', value: longName.slice(0, 100) },
		]);
		expect(plan.changes[0].truncated).toEqual({ originalLength: 132, limit: 100 });
	});

	it('still skips or shortens a too-long value that ConnectWise holds as it is', () => {
		const same = configuration({ name: longName });
		expect(
			planFieldSync(values({ name: longName }), same, only('name', D2C), lookups).skipped,
		).toEqual([expect.objectContaining({ field: 'name', reason: 'tooLong' })]);
		expect(
			planFieldSync(
				values({ name: longName }),
				same,
				only('name', D2C, { truncate: new Set(['name']) }),
				lookups,
			).connectWisePatch,
		).toEqual([{ op: 'replace', path: 'name', value: longName.slice(0, 100) }]);
	});

	it('does not rewrite a value it shortened last time', () => {
		const plan = planFieldSync(
			values({ name: longName }),
			configuration({ name: longName.slice(0, 100) }),
			only('name', D2C, { truncate: new Set(['name']) }),
			lookups,
		);
		expect(plan).toEqual({ ...emptyPlan, unchanged: ['name'] });
	});

	it('never cuts a character in half or leaves trailing spaces', () => {
		const emoji = `${'a'.repeat(48)} 😀`;
		const plan = planFieldSync(
			values({ modelNumber: `${emoji}tail` }),
			configuration(),
			only('modelNumber', D2C, { truncate: new Set(['modelNumber']) }),
			lookups,
		);
		expect(plan.connectWisePatch).toEqual([
			{ op: 'replace', path: 'modelNumber', value: 'a'.repeat(48) },
		]);
	});

	it('never shortens a match key, even when asked to', () => {
		const serial = `SN${'7'.repeat(250)}9`;
		const plan = planFieldSync(
			values({ serialNumber: serial }),
			configured,
			only('serialNumber', D2C, { truncate: new Set(['serialNumber']) }),
			lookups,
		);
		expect(plan.skipped).toEqual([
			{
				field: 'serialNumber',
				direction: D2C,
				reason: 'tooLong',
				message:
					'Serial Number is 253 characters, ConnectWise allows 250; match keys are never shortened',
			},
		]);
	});

	it('writes long notes whole: ConnectWise gives them no limit', () => {
		const notes = 'n'.repeat(5000);
		const plan = planFieldSync(values({ notes }), configured, only('notes', D2C), lookups);
		expect(plan.connectWisePatch).toEqual([{ op: 'replace', path: 'notes', value: notes }]);
	});

	it('applies no ConnectWise limit when writing to Domotz', () => {
		const model = 'M'.repeat(80);
		const plan = planFieldSync(
			device,
			configuration({ modelNumber: model }),
			only('modelNumber', C2D),
			lookups,
		);
		expect(plan.domotzEdits).toEqual([{ field: 'user_data/model', value: model }]);
	});
});

describe('planFieldSync: manufacturers and sites', () => {
	it('writes a known manufacturer by id and reports its ConnectWise name', () => {
		const plan = planFieldSync(
			values({ manufacturer: 'JUNIPER' }),
			configuration(),
			only('manufacturer', D2C),
			lookups,
		);
		expect(plan.connectWisePatch).toEqual([
			{ op: 'replace', path: 'manufacturer', value: { id: 2 } },
		]);
		expect(plan.changes).toEqual([
			{ field: 'manufacturer', direction: D2C, from: null, to: 'Juniper' },
		]);
	});

	it('skips a manufacturer ConnectWise does not know, naming the vendor', () => {
		const plan = planFieldSync(
			values({ manufacturer: 'Ubiquiti' }),
			configured,
			only('manufacturer', D2C),
			lookups,
		);
		expect(plan).toEqual({
			...emptyPlan,
			skipped: [
				{
					field: 'manufacturer',
					direction: D2C,
					reason: 'unknownManufacturer',
					message: 'manufacturer "Ubiquiti" does not exist in ConnectWise',
				},
			],
		});
	});

	it('skips a zone that is not a site of the company, never creating one', () => {
		const plan = planFieldSync(values({ site: 'Roof' }), configured, only('site', D2C), lookups);
		expect(plan.skipped).toEqual([
			{
				field: 'site',
				direction: D2C,
				reason: 'unknownSite',
				message: expect.stringContaining('"Roof"'),
			},
		]);
		expect(plan.connectWisePatch).toEqual([]);
	});

	it('writes the names of the references to Domotz', () => {
		const plan = planFieldSync(
			values({ manufacturer: 'cisco', site: 'Roof' }),
			configuration({ manufacturer: { id: 77, name: 'Aruba' }, site: { id: 99, name: 'Annex' } }),
			{ ...only('site', C2D), directions: { ...noDirections, manufacturer: C2D, site: C2D } },
			{ manufacturers: new Map(), sites: new Map() },
		);
		expect(plan.domotzEdits).toEqual([
			{ field: 'user_data/vendor', value: 'Aruba' },
			{ field: 'details/zone', value: 'Annex' },
		]);
	});
});

describe('readConnectWiseValues', () => {
	it('reads text trimmed, references by name, and null for anything empty or absent', () => {
		expect(
			readConnectWiseValues(
				configuration({
					name: ' Core Switch ',
					serialNumber: '',
					macAddress: null,
					manufacturer: { id: 1, name: 'Cisco' },
					site: { id: 40 },
					notes: '  ',
				}),
			),
		).toEqual({ ...noValues, name: 'Core Switch', manufacturer: 'Cisco' });
	});
});

describe('planConfigurationCreate', () => {
	const context: CreateContext = {
		companyId: 250,
		typeId: 12,
		statusId: 2,
		fallbackName: 'Domotz device 11',
		lookups,
		truncate: new Set(),
		linkFields: { customFields: [{ id: 8, value: 'domotz:301/11' }] },
	};

	it('fills the body with every usable field, the references by id, and the link fields', () => {
		expect(planConfigurationCreate(device, context)).toEqual({
			kind: 'create',
			body: {
				name: 'Core Switch',
				type: { id: 12 },
				company: { id: 250 },
				status: { id: 2 },
				site: { id: 41 },
				serialNumber: 'FOC1934X0AB',
				macAddress: 'F4:CF:E2:0A:11:22',
				ipAddress: '192.168.10.2',
				modelNumber: 'C9300-48P',
				manufacturer: { id: 1 },
				osType: 'IOS-XE',
				osInfo: '17.9.4 (2)',
				notes: 'Uplink on port 48',
				activeFlag: true,
				customFields: [{ id: 8, value: 'domotz:301/11' }],
			},
			filled: syncFields.map((field) => field.key),
			truncated: [],
			skipped: [],
		});
	});

	it('omits empty fields, status when none is given, and site without a zone or default', () => {
		const plan = planConfigurationCreate(values({ name: 'Printer', ipAddress: '10.0.0.5' }), {
			...context,
			statusId: undefined,
			linkFields: { deviceIdentifier: 'domotz:301/12' },
		});
		expect(plan).toEqual({
			kind: 'create',
			body: {
				name: 'Printer',
				type: { id: 12 },
				company: { id: 250 },
				ipAddress: '10.0.0.5',
				activeFlag: true,
				deviceIdentifier: 'domotz:301/12',
			},
			filled: ['name', 'ipAddress'],
			truncated: [],
			skipped: [],
		});
		expect(Object.keys(plan.kind === 'create' ? plan.body : {})).not.toContain('site');
	});

	it.each([
		['the Domotz name is empty', values({ name: '  ' }), undefined],
		['the name is excluded', device, new Set<SyncFieldKey>(['name'])],
	])('uses the fallback name when %s', (_case, domotz, exclude) => {
		const plan = planConfigurationCreate(domotz, { ...context, exclude });
		expect(plan).toMatchObject({ kind: 'create', body: { name: 'Domotz device 11' } });
		expect(plan.kind === 'create' && plan.filled).not.toContain('name');
	});

	it('refuses a name longer than ConnectWise allows when truncation is off', () => {
		expect(planConfigurationCreate(values({ name: 'N'.repeat(101) }), context)).toEqual({
			kind: 'refused',
			reason:
				'Name is 101 characters, ConnectWise allows 100; allow truncation of Name to shorten it',
		});
	});

	it('refuses when there is no name at all', () => {
		expect(planConfigurationCreate(values(), { ...context, fallbackName: ' ' })).toMatchObject({
			kind: 'refused',
		});
	});

	it('shortens fields it may and reports them', () => {
		const plan = planConfigurationCreate(
			values({ name: 'N'.repeat(101), osInfo: 'o'.repeat(300), modelNumber: 'm'.repeat(51) }),
			{ ...context, truncate: new Set(['name', 'osInfo']) },
		);
		expect(plan).toMatchObject({
			kind: 'create',
			body: { name: 'N'.repeat(100), osInfo: 'o'.repeat(250) },
			truncated: [
				{ field: 'name', originalLength: 101, limit: 100 },
				{ field: 'osInfo', originalLength: 300, limit: 250 },
			],
			skipped: [{ field: 'modelNumber', reason: 'tooLong' }],
		});
		expect(plan.kind === 'create' && plan.body.modelNumber).toBeUndefined();
	});

	it('leaves excluded fields out', () => {
		const plan = planConfigurationCreate(device, {
			...context,
			exclude: new Set(['notes', 'manufacturer', 'site', 'serialNumber']),
			siteId: 40,
		});
		expect(plan).toMatchObject({ kind: 'create', body: { site: { id: 40 } } });
		const body = plan.kind === 'create' ? plan.body : undefined;
		expect(body).not.toHaveProperty('notes');
		expect(body).not.toHaveProperty('manufacturer');
		expect(body).not.toHaveProperty('serialNumber');
		expect(plan.kind === 'create' && plan.filled).toEqual([
			'name',
			'macAddress',
			'ipAddress',
			'modelNumber',
			'osType',
			'osInfo',
		]);
	});

	it('omits and reports junk keys and an unknown manufacturer', () => {
		const plan = planConfigurationCreate(
			values({
				name: 'AP',
				serialNumber: 'Not Specified',
				macAddress: '00-00-00-00-00-00',
				manufacturer: 'Ubiquiti',
			}),
			context,
		);
		expect(plan).toEqual({
			kind: 'create',
			body: {
				name: 'AP',
				type: { id: 12 },
				company: { id: 250 },
				status: { id: 2 },
				activeFlag: true,
				customFields: [{ id: 8, value: 'domotz:301/11' }],
			},
			filled: ['name'],
			truncated: [],
			skipped: [
				{
					field: 'serialNumber',
					direction: D2C,
					reason: 'junkKey',
					message: expect.stringContaining('placeholder'),
				},
				{
					field: 'macAddress',
					direction: D2C,
					reason: 'junkKey',
					message: expect.stringContaining('all-zero'),
				},
				{
					field: 'manufacturer',
					direction: D2C,
					reason: 'unknownManufacturer',
					message: 'manufacturer "Ubiquiti" does not exist in ConnectWise',
				},
			],
		});
	});

	it.each([
		['a zone naming a site wins over the default site', 'WAREHOUSE', undefined, { id: 41 }, []],
		[
			'an unknown zone keeps the default site and is reported',
			'Roof',
			undefined,
			{ id: 40 },
			['unknownSite'],
		],
		[
			'an excluded site field keeps the default site',
			'Warehouse',
			new Set<SyncFieldKey>(['site']),
			{ id: 40 },
			[],
		],
	])('chooses the site: %s', (_case, zone, exclude, site, reasons) => {
		const plan = planConfigurationCreate(values({ name: 'AP', site: zone }), {
			...context,
			siteId: 40,
			exclude,
		});
		expect(plan.kind === 'create' && plan.body.site).toEqual(site);
		expect(plan.kind === 'create' && plan.skipped.map((skip) => skip.reason)).toEqual(reasons);
	});
});
