/**
 * The Domotz mirror of a link is repaired by any later run that sees its marker pending, at two
 * requests per pending link, and costs nothing once every marker is confirmed.
 */
import { resolveDirections } from '../../../lib/fields/sync-fields';
import { domotzLinkInventoryField, parseMarker } from '../../../lib/links/marker';
import {
	LINK_CAPTION,
	NETWORK_DEVICE_TYPE,
	Tenant,
	agentSyncOptions,
	configuration,
	connectWiseSeed,
	device,
	domotzSeed,
} from './support';
import { runAgentSync } from '../../../lib/sync/sync-agent';
import { runCreate } from '../../../lib/sync/create';
import type { CreateOptions } from '../../../lib/sync/options';
import { runLink } from '../../../lib/sync/link';
import { runUnlink } from '../../../lib/sync/unlink';
import { runMatch } from '../../../lib/sync/match';
import { runSyncFields } from '../../../lib/sync/sync-fields';

const tenant = new Tenant();
beforeAll(async () => await tenant.start());
afterAll(async () => await tenant.close());

const AGENT = 9001;
const COMPANY = 501;
const linkStore = { kind: 'customField', caption: LINK_CAPTION } as const;
const keys = {
	stale: { serial: 'SN-1001', mac: '00:11:22:33:44:01', ip: '10.0.1.1' },
	agreeing: { serial: 'SN-1002', mac: '00:11:22:33:44:02', ip: '10.0.1.2' },
	confirmed: { serial: 'SN-1003', mac: '00:11:22:33:44:03', ip: '10.0.1.3' },
};

const link = (deviceId: number, pending: boolean) => ({
	customFields: [
		{ id: 41, value: `domotz:${AGENT}/${deviceId}${pending ? ' (mirror pending)' : ''}` },
	],
});

/** 101 and 102 were linked by a run whose mirror writes failed; 103's mirror is confirmed. */
function load(): void {
	tenant.load(
		domotzSeed({
			[AGENT]: [
				device(1001, keys.stale),
				device(1002, keys.agreeing),
				device(1003, keys.confirmed),
			],
		}),
		connectWiseSeed([
			configuration(101, COMPANY, 1001, keys.stale, { name: 'old-name', ...link(1001, true) }),
			configuration(102, COMPANY, 1002, keys.agreeing, link(1002, true)),
			configuration(103, COMPANY, 1003, keys.confirmed, link(1003, false)),
		]),
	);
}

const mirrorOf = (deviceId: number) =>
	tenant.domotz.state
		.deviceInventory(AGENT, deviceId)
		?.find((field) => field.key === domotzLinkInventoryField.key)?.value ?? null;

/** Each configuration's marker form and its device's mirror. */
const links = () =>
	[101, 102, 103].map((configurationId) => {
		const stored = parseMarker(tenant.linkOf(configurationId));
		return stored.kind === 'device'
			? [configurationId, stored.mirror, mirrorOf(stored.device.deviceId)]
			: [configurationId, stored.kind];
	});

const repaired = [
	[101, 'confirmed', '101'],
	[102, 'confirmed', '102'],
	[103, 'confirmed', null],
];
const untouched = [
	[101, 'pending', null],
	[102, 'pending', null],
	[103, 'confirmed', null],
];

/** Writes apart from the Domotz inventory field's creation, which the seed leaves to the run. */
const repairWrites = () =>
	Object.fromEntries(
		Object.entries(tenant.writes()).filter(([route]) => route !== 'POST inventory.createField'),
	);

const requests = [1001, 1002, 1003].map((deviceId, itemIndex) => ({
	itemIndex,
	agentId: AGENT,
	deviceId,
}));

/** One device to create, its company found by the agent's Customer ID. */
const createRequestFor = (deviceId: number) => [
	{
		itemIndex: 0,
		agentId: AGENT,
		deviceId,
		companyLink: { kind: 'customerId' as const },
		fallbackName: 'x',
	},
];

describe('the repair of pending Domotz mirrors', () => {
	beforeEach(load);

	it('Sync Agent writes each pending mirror and confirms its marker in the PATCH of its field changes; the next run writes nothing', async () => {
		await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [AGENT], mirrorInDomotz: true }),
		);
		expect(links()).toEqual(repaired);
		expect(tenant.connectwise.state.configuration(101)?.name).toBe('device-1001');
		// Two requests per pending link; 101's field change shares its PATCH.
		expect(repairWrites()).toEqual({
			'PUT inventory.setValue': 2,
			'PATCH configurations.patch': 2,
		});

		tenant.resetCounts();
		await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [AGENT], mirrorInDomotz: true }),
		);
		expect(tenant.writes()).toEqual({});
	});

	it('Sync Agent without the mirror takes a pending marker as a plain link and writes no repair', async () => {
		await runAgentSync(tenant.clients(), agentSyncOptions({ agents: [AGENT] }));
		expect(links()).toEqual(untouched);
		// Only 101's field change.
		expect(tenant.writes()).toEqual({ 'PATCH configurations.patch': 1 });
	});

	it('Sync Agent keeps a marker pending while its mirror is refused, and still syncs the fields', async () => {
		tenant.domotz.http.setFaults([
			{
				route: 'inventory.setValue',
				fault: { type: 'status', status: 400, body: { message: 'Bad request' } },
				rate: 1,
			},
		]);
		await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [AGENT], mirrorInDomotz: true }),
		);
		expect(links()).toEqual(untouched);
		expect(tenant.connectwise.state.configuration(101)?.name).toBe('device-1001');
		expect(tenant.connectwise.http.count('PATCH', 'configurations.patch')).toBe(1);
	});

	it.each([
		['with links saved', true, repaired],
		['without saving links', false, untouched],
	])('Match to Configurations %s', async (_what, saveLinks, expected) => {
		await runMatch(
			tenant.clients(),
			requests.map((request) => ({ ...request, companyLink: { kind: 'customerId' } as const })),
			{
				keys: ['serial', 'mac', 'ip'],
				onlyActive: true,
				scope: 'company',
				saveLinks,
				linkStore,
				mirrorInDomotz: true,
			},
		);
		expect(links()).toEqual(expected);
	});

	it.each([
		['with the mirror', true, repaired],
		['without the mirror', false, untouched],
	])('Sync Fields %s', async (_what, mirrorInDomotz, expected) => {
		await runSyncFields(tenant.clients(), requests, {
			policy: {
				directions: resolveDirections('domotzToConnectWise'),
				allowBlanking: false,
				truncate: new Set(),
			},
			linkStore,
			mirrorInDomotz,
			dryRun: false,
			createMissingManufacturers: false,
		});
		expect(links()).toEqual(expected);
	});

	it('Unlink clears a pending marker and the mirror', async () => {
		const [unlinked] = await runUnlink(
			tenant.clients(),
			[{ itemIndex: 0, agentId: AGENT, deviceId: 1001 }],
			{ linkStore, mirrorInDomotz: true },
		);
		expect(unlinked.outcome).toMatchObject({ status: 'unlinked', configurations: [{ id: 101 }] });
		expect(links()[0]).toEqual([101, 'none']);
	});
});

describe('a link whose mirror fails', () => {
	beforeEach(load);

	it('is saved with the pending marker by Link, and the next Sync Agent repairs it', async () => {
		tenant.domotz.http.setFaults([
			{
				route: 'inventory.setValue',
				fault: { type: 'status', status: 400, body: { message: 'Bad request' } },
				rate: 1,
			},
		]);
		const [linked] = await runLink(
			tenant.clients(),
			[{ itemIndex: 0, agentId: AGENT, deviceId: 1003, configurationId: 102, companyId: COMPANY }],
			{ linkStore, mirrorInDomotz: true, moveLink: true },
		);
		expect(linked.outcome).toMatchObject({
			status: 'linked',
			link: { status: 'saved', mirroredInDomotz: false },
		});
		expect(parseMarker(tenant.linkOf(102))).toMatchObject({
			device: { deviceId: 1003 },
			mirror: 'pending',
		});

		tenant.resetCounts();
		await runAgentSync(
			tenant.clients(),
			agentSyncOptions({ agents: [AGENT], mirrorInDomotz: true }),
		);
		expect(parseMarker(tenant.linkOf(102))).toMatchObject({
			device: { deviceId: 1003 },
			mirror: 'confirmed',
		});
		expect(mirrorOf(1003)).toBe('102');
	});
});

describe('Create Configurations and pending markers', () => {
	const createOptions: CreateOptions = {
		keys: ['serial', 'mac', 'ip'],
		onlyActive: true,
		typeMap: [],
		defaultTypeId: NETWORK_DEVICE_TYPE,
		createMissingManufacturers: false,
		truncate: new Set(),
		exclude: new Set(),
		linkStore,
		mirrorInDomotz: true,
	};
	const newDevice = { serial: 'SN-2001', mac: '00:11:22:33:44:21', ip: '10.0.2.1' };

	it('takes a pending marker in another company as a link and creates nothing', async () => {
		tenant.load(
			domotzSeed({ [AGENT]: [device(1001, newDevice)] }),
			connectWiseSeed([
				configuration(
					201,
					502,
					1001,
					{ ip: '10.9.9.1' },
					{ name: 'elsewhere', ...link(1001, true) },
				),
			]),
		);
		const [item] = await runCreate(tenant.clients(), createRequestFor(1001), createOptions);
		expect(item.outcome).toMatchObject({ status: 'alreadyLinked', configurationId: 201 });
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(0);
	});

	it('creates with the pending marker and confirms it once the mirror is written: one PATCH per create', async () => {
		tenant.load(domotzSeed({ [AGENT]: [device(1001, newDevice)] }), connectWiseSeed([]));
		const [item] = await runCreate(tenant.clients(), createRequestFor(1001), createOptions);
		expect(item.outcome).toMatchObject({
			status: 'created',
			link: { status: 'saved', mirroredInDomotz: true },
		});
		const created = item.outcome.status === 'created' ? item.outcome.configuration.id : -1;
		expect(parseMarker(tenant.linkOf(created))).toMatchObject({ mirror: 'confirmed' });
		expect(mirrorOf(1001)).toBe(String(created));
		expect(tenant.connectwise.http.count('PATCH', 'configurations.patch')).toBe(1);
	});
});
