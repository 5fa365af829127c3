/**
 * The bad-input corpus, through n8n-core against the simulators: each case adds one hostile or
 * broken thing (device, configuration, agent, input item, API answer or parameter) to a small
 * tenant and runs a node on it. Every case must end with a per-item outcome that names the item
 * and says what is wrong with which field (or handles the value exactly), and none may crash the
 * run, widen a query the simulators received, or lose anything: the control devices come out as
 * they do alone, no configuration disappears and no filled field is blanked.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowRunResult } from '../harness/n8n-runner';
import { byId, jsonOf, SimulatedTenant } from '../nodes/support';
import type { FaultRule } from '../simulators/common/http-simulator';
import {
	CONDITION_GRAMMARS,
	ConnectWiseSimulator,
	parseConditions,
	type Condition,
} from '../simulators/connectwise';
import type { AgentDetail } from '../simulators/domotz';
import {
	AGENTS,
	COMPANIES,
	CONTROL_CONFIGURATIONS,
	CONTROL_DEVICES,
	CONFIGURATION_TYPE,
	HOSTILE_CONFIGURATION,
	HOSTILE_DEVICE,
	LINK_CAPTION,
	LINK_FIELD_ID,
	OTHER_FIELD,
	PROBE_DEVICE,
	connectWiseTenant,
	controlItems,
	domotzTenant,
	hostileDevice,
	itemOf,
	type HostileAdditions,
} from './hostile-tenant';
import { ReceivedRequests } from './received-requests';

class CorpusTenant extends SimulatedTenant {
	override readonly connectwise = new ConnectWiseSimulator({ requestsPerMinute: 0 });
}

const tenant = new CorpusTenant();
const received = new ReceivedRequests();

beforeAll(async () => {
	await tenant.start();
	received.start();
});
afterAll(async () => {
	received.stop();
	await tenant.close();
});

type Operation = 'match' | 'create' | 'syncFields' | 'syncAgent' | 'getDevices';

const operations: Record<Operation, { node: 'sync' | 'domotz'; parameters: INodeParameters }> = {
	match: {
		node: 'sync',
		parameters: { operation: 'matchConfigurations', companyLink: 'customerId', saveLinks: true },
	},
	create: {
		node: 'sync',
		parameters: {
			operation: 'createConfigurations',
			companyLink: 'customerId',
			defaultType: String(CONFIGURATION_TYPE.workstation),
		},
	},
	syncFields: { node: 'sync', parameters: { operation: 'syncFields' } },
	syncAgent: {
		node: 'sync',
		parameters: {
			resource: 'agent',
			operation: 'syncAgent',
			agentSelection: 'all',
			companyLink: 'customerId',
			createUnmatched: true,
			defaultType: String(CONFIGURATION_TYPE.workstation),
			syncCollector: false,
			options: { deviceDetails: true, deviceDetailScope: 'everyDevice' },
		},
	},
	getDevices: {
		node: 'domotz',
		parameters: {
			resource: 'device',
			operation: 'getAll',
			agent: byId(AGENTS.hostile),
			returnAll: true,
		},
	},
};

/** Where the outcome of the hostile input shows. */
type Outcome =
	/** The first output's item paired to an input item (by default the first after the controls). */
	| { at: 'item'; index: number }
	/** The second output's item for the hostile configuration. */
	| { at: 'configuration'; configurationId: number }
	/** The run as a whole (an agent-level or parameter problem). */
	| { at: 'run' };

interface CorpusCase {
	name: string;
	operation: Operation;
	tenant?: HostileAdditions;
	/** Input items after the controls' (default: the hostile device's item). */
	items?: IDataObject[];
	parameters?: INodeParameters;
	faults?: Array<{ api: 'domotz' | 'connectwise'; rule: FaultRule }>;
	outcome?: Outcome;
	/** Expected status of the hostile outcome; error items have none. */
	status?: string;
	/** What the outcome says: names the field (or the value, or the parameter) at fault. */
	says: RegExp;
	/** The controls keep their outcome unless the case takes the whole run down on purpose. */
	controlsAffected?: boolean;
	/** Further checks on the simulators after the run. */
	verify?: () => void;
}

const device = (extra: Parameters<typeof hostileDevice>[1]) => [
	hostileDevice(HOSTILE_DEVICE, extra),
];
const withSerial = (serial: string) => device({ details: { serial } });
const withMac = (mac: string) => device({ hw_address: mac, details: { serial: 'HOSTILE-SN-M1' } });
const withIps = (ipAddresses: string[]) =>
	device({ ip_addresses: ipAddresses, details: { serial: 'HOSTILE-SN-IP' } });
const configurationWith = (extra: Record<string, unknown>) => [
	{
		id: HOSTILE_CONFIGURATION,
		name: 'Hostile configuration',
		company: { id: COMPANIES.hostile.id },
		type: { id: CONFIGURATION_TYPE.workstation },
		...extra,
	},
];
const probeAgent = (extra: Partial<AgentDetail>): HostileAdditions => ({ probe: extra });
const marker = (agentId: number, deviceId: number) => `domotz:${agentId}/${deviceId}`;
const linkedTo = (deviceId: number) => ({
	customFields: [{ id: LINK_FIELD_ID, value: marker(AGENTS.hostile, deviceId) }],
});

const serialCases: CorpusCase[] = [
	...[
		'To be filled by O.E.M.',
		'Default string',
		'System Serial Number',
		'0',
		'N/A',
		'XXXXXXXXXX',
		'None',
		'Not Specified',
	].map(
		(serial): CorpusCase => ({
			name: `placeholder serial "${serial}"`,
			operation: 'match',
			tenant: { devices: withSerial(serial) },
			status: 'unmatched',
			says: new RegExp(`Serial "${serial.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" ignored`),
		}),
	),
	{
		name: 'serial of one character repeated',
		operation: 'match',
		tenant: { devices: withSerial('00000000') },
		status: 'unmatched',
		says: /Serial "00000000" ignored: one character repeated/,
	},
	{
		name: 'serial that is a "System MAC:" label',
		operation: 'match',
		tenant: { devices: withSerial('System MAC: 00:11:22:33:44:55') },
		status: 'unmatched',
		says: /Serial "System MAC: 00:11:22:33:44:55" ignored: a label around a MAC address/,
	},
	{
		name: 'serial that is a MAC address',
		operation: 'match',
		tenant: { devices: withSerial('00:11:22:33:44:55') },
		status: 'unmatched',
		says: /Serial "00:11:22:33:44:55" ignored: a MAC address/,
	},
	{
		name: 'serial too short to identify a device',
		operation: 'match',
		tenant: { devices: withSerial('ab') },
		status: 'unmatched',
		says: /Serial "ab" ignored: too short/,
	},
	...[
		'SN"12"X',
		"O'BRIEN-01",
		'[SN-01]',
		'{SN-02}',
		'SN*1234*',
		'A&B-100',
		'SN%_01',
		'SN\\01',
		'序列号-Ü-001',
		'SN-😀-1',
		'SN;DROP TABLE',
		'SN<script>',
		'SN or 1=1',
	].map(
		(serial): CorpusCase => ({
			name: `serial with special characters ${JSON.stringify(serial)}, matched exactly and only`,
			operation: 'match',
			tenant: {
				devices: withSerial(serial),
				configurations: [
					...configurationWith({ serialNumber: serial }),
					// A serial the value would select if a pattern or a prefix were used.
					{
						id: HOSTILE_CONFIGURATION + 1,
						name: 'Decoy',
						company: { id: COMPANIES.hostile.id },
						type: { id: CONFIGURATION_TYPE.workstation },
						serialNumber: `${serial.replace(/[^A-Za-z0-9]/g, '')}9`,
					},
				],
			},
			status: 'matched',
			says: new RegExp(`^configurationId: ${HOSTILE_CONFIGURATION}$`, 'm'),
		}),
	),
	{
		name: 'serial with surrounding spaces and a line break',
		operation: 'match',
		tenant: {
			devices: withSerial('  SN-LINE\n '),
			configurations: configurationWith({ serialNumber: 'SN-LINE' }),
		},
		status: 'matched',
		says: new RegExp(`^configurationId: ${HOSTILE_CONFIGURATION}$`, 'm'),
	},
	{
		name: 'serial longer than ConnectWise allows, at creation',
		operation: 'create',
		tenant: { devices: withSerial(`SN-${'7'.repeat(300)}`) },
		status: 'created',
		says: /Serial Number is 303 characters, ConnectWise allows \d+/,
	},
	{
		name: 'one serial on two devices of the agent, and on a configuration',
		operation: 'match',
		tenant: {
			devices: [
				hostileDevice(HOSTILE_DEVICE, { details: { serial: 'TWIN-SN-1' } }),
				hostileDevice(HOSTILE_DEVICE + 1, { details: { serial: 'TWIN-SN-1' } }),
			],
			configurations: configurationWith({ serialNumber: 'TWIN-SN-1' }),
		},
		items: [itemOf(HOSTILE_DEVICE), itemOf(HOSTILE_DEVICE + 1)],
		status: 'ambiguous',
		says: /serial number also matches other devices/,
	},
	{
		name: 'one serial on two devices of the agent, with no configuration, at creation',
		operation: 'create',
		tenant: {
			devices: [
				hostileDevice(HOSTILE_DEVICE, { details: { serial: 'TWIN-SN-2' } }),
				hostileDevice(HOSTILE_DEVICE + 1, { details: { serial: 'TWIN-SN-2' } }),
			],
		},
		items: [itemOf(HOSTILE_DEVICE), itemOf(HOSTILE_DEVICE + 1)],
		says: /serial number TWIN-SN-2 .*(also|other device)/i,
	},
	{
		name: 'one serial seen by two agents of two companies',
		operation: 'match',
		tenant: {
			devices: withSerial('SHARED-SN-1'),
			secondDevices: [hostileDevice(951, { details: { serial: 'SHARED-SN-1' } })],
			configurations: [
				...configurationWith({ serialNumber: 'SHARED-SN-1' }),
				{
					id: HOSTILE_CONFIGURATION + 1,
					name: 'Second copy',
					company: { id: COMPANIES.second.id },
					type: { id: CONFIGURATION_TYPE.workstation },
					serialNumber: 'SHARED-SN-1',
				},
			],
		},
		items: [itemOf(HOSTILE_DEVICE), itemOf(951, AGENTS.second)],
		status: 'matched',
		says: new RegExp(`^configurationId: ${HOSTILE_CONFIGURATION}$`, 'm'),
	},
	{
		name: 'serial known only on a configuration of another company',
		operation: 'match',
		tenant: {
			devices: withSerial('ELSEWHERE-SN-1'),
			configurations: [
				{
					id: HOSTILE_CONFIGURATION,
					name: 'Elsewhere',
					company: { id: COMPANIES.second.id },
					type: { id: CONFIGURATION_TYPE.workstation },
					serialNumber: 'ELSEWHERE-SN-1',
				},
			],
		},
		parameters: { options: { scope: 'allCompanies' } },
		status: 'matched',
		says: new RegExp(`^configurationId: ${HOSTILE_CONFIGURATION}$`, 'm'),
	},
];

const macCases: CorpusCase[] = [
	...[
		['the all-zero MAC', '00:00:00:00:00:00', /the all-zero MAC address/],
		['the broadcast MAC', 'FF:FF:FF:FF:FF:FF', /the broadcast MAC address/],
		['hex that is not hex', 'ZZ:ZZ:ZZ:ZZ:ZZ:ZZ', /not a MAC address/],
		['half a MAC', 'AA:BB:CC', /not a MAC address/],
		['words', 'not-a-mac', /not a MAC address/],
		['a MAC with seven bytes', 'AA:BB:CC:DD:EE:FF:11', /not a MAC address/],
	].map(
		([what, mac, why]): CorpusCase => ({
			name: `MAC address: ${String(what)}`,
			operation: 'match',
			tenant: { devices: withMac(mac as string) },
			status: 'unmatched',
			says: new RegExp(
				`MAC "${String(mac).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" ignored: ${(why as RegExp).source}`,
			),
		}),
	),
	{
		name: 'two MACs in one string: matched by the second',
		operation: 'match',
		tenant: {
			devices: device({ hw_address: 'AA:BB:CC:00:00:31, AA:BB:CC:00:00:32' }),
			configurations: configurationWith({ macAddress: 'AA:BB:CC:00:00:32' }),
		},
		status: 'matched',
		says: /^matchedValue: AA:BB:CC:00:00:32$/m,
	},
	{
		name: 'MAC in Cisco notation against a configuration in dashes',
		operation: 'match',
		tenant: {
			devices: device({ hw_address: 'aabb.cc00.0011' }),
			configurations: configurationWith({ macAddress: 'AA-BB-CC-00-00-11' }),
		},
		status: 'matched',
		says: /^matchedBy: mac$/m,
	},
	{
		name: 'configuration whose MAC field holds two MACs',
		operation: 'match',
		tenant: {
			devices: device({ hw_address: 'AA:BB:CC:00:00:21' }),
			configurations: configurationWith({ macAddress: 'AABBCC000021 AABBCC000022' }),
		},
		status: 'matched',
		says: /^matchedBy: mac$/m,
	},
];

const ipCases: CorpusCase[] = [
	...[
		['an address out of range', '999.1.1.1', /not an IP address/],
		['the unspecified address', '0.0.0.0', /the unspecified address/],
		['the broadcast address', '255.255.255.255', /the broadcast address/],
		['a loopback address', '127.0.0.1', /a loopback address/],
		['a link-local address', '169.254.1.1', /a link-local address/],
		['an IPv6 link-local address', 'fe80::1', /a link-local address/],
		['an address with a port', '10.9.0.5:8080', /not an IP address/],
		['a host name', 'localhost', /not an IP address/],
	].map(
		([what, ip, why]): CorpusCase => ({
			name: `IP address: ${String(what)}`,
			operation: 'match',
			tenant: { devices: withIps([ip as string]) },
			status: 'unmatched',
			says: new RegExp(
				`IP "${String(ip).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" ignored: ${(why as RegExp).source}`,
			),
		}),
	),
	{
		name: 'IPv6 address written differently on both sides',
		operation: 'match',
		tenant: {
			devices: device({ ip_addresses: ['2001:db8::10'] }),
			configurations: configurationWith({ ipAddress: '2001:0db8:0000:0000:0000:0000:0000:0010' }),
		},
		status: 'matched',
		says: /^matchedBy: ip$/m,
	},
	{
		name: 'device without MAC, IP or serial',
		operation: 'match',
		tenant: { devices: device({}) },
		status: 'unmatched',
		says: /No usable serial number, MAC address, IP address to match on/,
	},
	{
		name: 'device without MAC, IP or serial, at creation',
		operation: 'create',
		tenant: { devices: device({ display_name: 'Bare device' }) },
		status: 'created',
		says: /^filledFields: name$/m,
	},
];

const fieldCases: CorpusCase[] = [
	{
		name: 'name longer than ConnectWise allows',
		operation: 'create',
		tenant: { devices: device({ display_name: 'N'.repeat(300) }) },
		status: 'skipped',
		says: /Name is 300 characters, ConnectWise allows \d+/,
	},
	{
		name: 'model longer than ConnectWise allows',
		operation: 'create',
		tenant: { devices: device({ model: 'M'.repeat(200) }) },
		status: 'created',
		says: /Model Number is 200 characters, ConnectWise allows \d+/,
	},
	{
		name: 'notes of 5,000 characters (ConnectWise sets no limit): kept whole',
		operation: 'create',
		tenant: { devices: device({ details: { notes: 'x'.repeat(5_000) } }) },
		status: 'created',
		says: /^filledFields: name, notes$/m,
		verify: () => {
			const created = tenant.connectwise.state
				.configurations()
				.find((found) => found.name === `Hostile device ${HOSTILE_DEVICE}`);
			expect(created?.notes).toHaveLength(5_000);
		},
	},
	{
		name: 'vendor longer than a manufacturer name may be, with creation of manufacturers',
		operation: 'create',
		tenant: { devices: device({ vendor: 'V'.repeat(80) }) },
		parameters: { options: { createManufacturers: true } },
		status: 'created',
		says: /manufacturer "V+" could not be created: longer than the 50 characters/,
	},
	{
		name: 'vendor ConnectWise does not know, without creation of manufacturers',
		operation: 'create',
		tenant: { devices: device({ vendor: 'Acme "Quoted" & Sons' }) },
		status: 'created',
		says: /Manufacturer/,
	},
	{
		name: 'name with quotes, brackets, ampersand and unicode, kept exactly',
		operation: 'create',
		tenant: { devices: device({ display_name: 'Büro "Drucker" [2] & <Kopierer> ☃' }) },
		status: 'created',
		says: /^configurationName: Büro "Drucker" \[2\] & <Kopierer> ☃$/m,
	},
	{
		name: 'device with an empty name: the fallback name is used',
		operation: 'create',
		tenant: { devices: device({ display_name: '   ', user_data: { name: '' } }) },
		status: 'created',
		says: new RegExp(`^configurationName: Domotz device ${HOSTILE_DEVICE}$`, 'm'),
	},
	{
		name: 'zone naming no site of the company',
		operation: 'create',
		tenant: { devices: device({ details: { zone: 'Nowhere "Site" *' } }) },
		status: 'created',
		says: /Site/,
	},
];

const configurationCases: CorpusCase[] = [
	{
		name: 'configuration with other custom fields and questions: a saved link keeps them',
		operation: 'match',
		tenant: {
			devices: withSerial('CUSTOM-SN-1'),
			configurations: configurationWith({
				serialNumber: 'CUSTOM-SN-1',
				customFields: [{ id: OTHER_FIELD.id, value: 'WR-"42"-*' }],
				questions: [{ questionId: 1, question: 'Rack?', answer: 'B & C' }],
			}),
		},
		status: 'matched',
		says: /^link\.status: saved$/m,
		verify: () => {
			expect(
				tenant.connectwise.state.customFieldValue(HOSTILE_CONFIGURATION, OTHER_FIELD.caption),
			).toBe('WR-"42"-*');
			expect(tenant.connectwise.state.customFieldValue(HOSTILE_CONFIGURATION, LINK_CAPTION)).toBe(
				marker(AGENTS.hostile, HOSTILE_DEVICE),
			);
			expect(tenant.connectwise.state.configuration(HOSTILE_CONFIGURATION)?.questions).toEqual([
				expect.objectContaining({ question: 'Rack?', answer: 'B & C' }),
			]);
		},
	},
	{
		name: 'link field holding a value another tool wrote',
		operation: 'match',
		tenant: {
			devices: withSerial('FOREIGN-SN-1'),
			configurations: configurationWith({
				serialNumber: 'FOREIGN-SN-1',
				customFields: [{ id: LINK_FIELD_ID, value: 'asset-7781 "do not touch"' }],
			}),
		},
		says: /Domotz Link.*asset-7781 "do not touch"/,
		verify: () => {
			expect(tenant.connectwise.state.customFieldValue(HOSTILE_CONFIGURATION, LINK_CAPTION)).toBe(
				'asset-7781 "do not touch"',
			);
		},
	},
	{
		name: 'Device Identifier written by another tool, with links kept there',
		operation: 'match',
		tenant: {
			devices: withSerial('DEVID-SN-1'),
			configurations: configurationWith({
				serialNumber: 'DEVID-SN-1',
				deviceIdentifier: 'AUVIK-12345',
			}),
		},
		parameters: { options: { linkStorage: 'deviceIdentifier' } },
		controlsAffected: true,
		status: 'matched',
		says: /Device Identifier already holds "AUVIK-12345"/,
	},
	{
		name: 'malformed link marker on a configuration',
		operation: 'match',
		tenant: {
			devices: withSerial('BADMARK-SN-1'),
			configurations: configurationWith({
				serialNumber: 'BADMARK-SN-1',
				customFields: [{ id: LINK_FIELD_ID, value: 'domotz:abc/def' }],
			}),
		},
		says: /Domotz Link.*domotz:abc\/def/,
		verify: () => {
			expect(tenant.connectwise.state.customFieldValue(HOSTILE_CONFIGURATION, LINK_CAPTION)).toBe(
				'domotz:abc/def',
			);
		},
	},
	{
		name: 'link marker naming a device Domotz does not have',
		operation: 'match',
		tenant: { configurations: configurationWith(linkedTo(99_999)) },
		items: [],
		outcome: { at: 'configuration', configurationId: HOSTILE_CONFIGURATION },
		says: /^reason: linkedDeviceGone$/m,
	},
	{
		name: 'two configurations carrying the same device link',
		operation: 'match',
		tenant: {
			devices: withSerial('TWICE-SN-1'),
			configurations: [
				...configurationWith(linkedTo(HOSTILE_DEVICE)),
				{
					id: HOSTILE_CONFIGURATION + 1,
					name: 'Second carrier',
					company: { id: COMPANIES.hostile.id },
					type: { id: CONFIGURATION_TYPE.workstation },
					...linkedTo(HOSTILE_DEVICE),
				},
			],
		},
		status: 'conflict',
		says: /several configurations carry this device’s link marker/,
	},
	{
		name: 'Sync Fields on a device linked twice',
		operation: 'syncFields',
		tenant: {
			devices: withSerial('TWICE-SN-2'),
			configurations: [
				...configurationWith(linkedTo(HOSTILE_DEVICE)),
				{
					id: HOSTILE_CONFIGURATION + 1,
					name: 'Second carrier',
					company: { id: COMPANIES.hostile.id },
					type: { id: CONFIGURATION_TYPE.workstation },
					...linkedTo(HOSTILE_DEVICE),
				},
			],
		},
		status: 'notLinked',
		says: /several configurations are linked to the device \(9550, 9551\)/,
	},
	{
		name: 'Sync Fields with a placeholder serial on the device: the real serial is kept',
		operation: 'syncFields',
		tenant: {
			devices: withSerial('To be filled by O.E.M.'),
			configurations: configurationWith({ ...linkedTo(HOSTILE_DEVICE), serialNumber: 'REAL-SN-9' }),
		},
		says: /Serial Number "To be filled by O\.E\.M\." in Domotz is .*never written/,
		verify: () => {
			expect(tenant.connectwise.state.configuration(HOSTILE_CONFIGURATION)?.serialNumber).toBe(
				'REAL-SN-9',
			);
		},
	},
];

const itemCases: CorpusCase[] = [
	...[
		[
			'without an agent ID',
			{ id: HOSTILE_DEVICE },
			/Item 3: "Agent ID" must be a numeric ID, got nothing/,
		],
		[
			'with a device ID that is text',
			{ id: 'abc', agent_id: AGENTS.hostile },
			/Item 3: "Device ID" must be a numeric ID, got "abc"/,
		],
		[
			'with a negative device ID',
			{ id: -5, agent_id: AGENTS.hostile },
			/Item 3: "Device ID" must be a numeric ID/,
		],
		[
			'with a fractional device ID',
			{ id: 1.5, agent_id: AGENTS.hostile },
			/Item 3: "Device ID" must be a numeric ID/,
		],
		[
			'with a null device ID',
			{ id: null, agent_id: AGENTS.hostile },
			/Item 3: "Device ID" must be a numeric ID, got nothing/,
		],
		[
			'with a device ID beyond safe integers',
			{ id: 1e20, agent_id: AGENTS.hostile },
			/Item 3: "Device ID" must be a numeric ID/,
		],
		[
			'with an object as device ID',
			{ id: { nested: 1 }, agent_id: AGENTS.hostile },
			/Item 3: "Device ID" must be a numeric ID, got "\{"nested":1\}"/,
		],
		[
			'with an agent ID that is text',
			{ id: HOSTILE_DEVICE, agent_id: 'agent-9' },
			/Item 3: "Agent ID" must be a numeric ID, got "agent-9"/,
		],
	].map(
		([what, item, says]): CorpusCase => ({
			name: `input item ${String(what)}`,
			operation: 'match',
			tenant: { devices: withSerial('ITEM-SN-1') },
			items: [item as IDataObject],
			says: says as RegExp,
		}),
	),
	{
		name: 'input item with the device ID as padded text',
		operation: 'match',
		tenant: { devices: withSerial('PADDED-SN-1') },
		items: [{ id: ` ${HOSTILE_DEVICE} `, agent_id: String(AGENTS.hostile) }],
		status: 'unmatched',
		says: new RegExp(`^deviceId: ${HOSTILE_DEVICE}$`, 'm'),
	},
	{
		name: 'input item naming a device the agent does not have',
		operation: 'match',
		items: [itemOf(99_999)],
		says: /agent 900 has no device 99999/,
	},
	{
		name: 'input item naming an agent Domotz does not have',
		operation: 'match',
		items: [itemOf(HOSTILE_DEVICE, 123_456)],
		says: /123456/,
	},
	{
		name: 'the same device twice in the input',
		operation: 'match',
		tenant: { devices: withSerial('DOUBLE-SN-1') },
		items: [itemOf(HOSTILE_DEVICE), itemOf(HOSTILE_DEVICE)],
		outcome: { at: 'item', index: controlItems.length + 1 },
		status: 'duplicate',
		says: /already appears at input position/,
	},
];

const listCases: CorpusCase[] = [
	{
		name: 'agent whose device list is empty (Domotz answers null)',
		operation: 'getDevices',
		tenant: { deviceList: [] },
		items: [],
		outcome: { at: 'run' },
		says: /^items: \(none\)$/m,
		controlsAffected: true,
	},
	{
		name: 'Sync Agent on an agent whose device list is empty',
		operation: 'syncAgent',
		tenant: { deviceList: [] },
		outcome: { at: 'run' },
		says: /^items\.0\.status: synced\n(.*\n)*items\.0\.companyId: 90\n(.*\n)*items\.0\.devices: 0$/m,
		controlsAffected: true,
	},
];

const malformed = (route: string, body: unknown, api: 'domotz' | 'connectwise' = 'connectwise') => [
	{ api, rule: { route, fault: { type: 'status' as const, status: 200, body }, rate: 1 } },
];

const payloadCases: CorpusCase[] = [
	{
		name: 'device list answered as an empty list',
		operation: 'getDevices',
		faults: malformed('device.list', [], 'domotz'),
		items: [],
		outcome: { at: 'run' },
		says: /^items: \(none\)$/m,
		controlsAffected: true,
	},
	{
		name: 'device list answered as null, for an item naming one of its devices',
		operation: 'match',
		faults: malformed('device.list', null, 'domotz'),
		items: [itemOf(HOSTILE_DEVICE)],
		says: /agent 900 has no device 950/,
		controlsAffected: true,
	},
	{
		name: 'device list answered with an object instead of a list',
		operation: 'match',
		faults: malformed('device.list', { devices: [] }, 'domotz'),
		items: [itemOf(HOSTILE_DEVICE)],
		says: /unexpected device list/,
		controlsAffected: true,
	},
	{
		name: 'device list with a device without an id',
		operation: 'match',
		faults: malformed('device.list', [{ display_name: 'no id', protocol: 'IP' }], 'domotz'),
		items: [itemOf(HOSTILE_DEVICE)],
		says: /unexpected device list: \[0\]\.id: Required/,
		controlsAffected: true,
	},
	{
		name: 'device list with addresses that are not a list',
		operation: 'match',
		faults: malformed(
			'device.list',
			[{ id: HOSTILE_DEVICE, display_name: 'odd', protocol: 'IP', ip_addresses: '10.0.0.1' }],
			'domotz',
		),
		items: [itemOf(HOSTILE_DEVICE)],
		says: /ip_addresses/,
		controlsAffected: true,
	},
	{
		name: 'configuration list answered with an HTML page',
		operation: 'match',
		faults: malformed('configurations.list', '<html>Service page</html>'),
		says: /unexpected configuration list/,
		tenant: { devices: withSerial('HTML-SN-1') },
		controlsAffected: true,
	},
	{
		name: 'configuration list with an id that is text',
		operation: 'match',
		faults: malformed('configurations.list', [{ id: 'seven', name: 'x' }]),
		says: /unexpected configuration list: \[0\]\.id: Expected number/,
		tenant: { devices: withSerial('TEXTID-SN-1') },
		controlsAffected: true,
	},
	{
		name: 'company lookup answered with garbage',
		operation: 'match',
		faults: malformed('companies.list', { unexpected: true }),
		says: /unexpected company list/,
		tenant: { devices: withSerial('COMPANY-SN-1') },
		controlsAffected: true,
	},
	{
		name: 'configuration create answered without an id',
		operation: 'create',
		faults: malformed('configurations.create', { name: 'no id' }),
		tenant: { devices: withSerial('CREATE-SN-1') },
		says: /unexpected configuration/,
		controlsAffected: true,
	},
];

const parameterCases: CorpusCase[] = [
	{
		name: 'company link to a company ID ConnectWise does not have',
		operation: 'create',
		parameters: { companyLink: 'company', company: byId(987_654) },
		tenant: { devices: withSerial('NOCOMPANY-SN-1') },
		status: 'skipped',
		says: /ConnectWise has no company with ID 987654/,
		controlsAffected: true,
	},
	{
		name: 'default configuration type ConnectWise does not have',
		operation: 'create',
		parameters: { defaultType: '9999' },
		tenant: { devices: withSerial('NOTYPE-SN-1') },
		says: /type/i,
		controlsAffected: true,
	},
	{
		name: 'configuration status ConnectWise does not have',
		operation: 'create',
		parameters: { status: '9999' },
		tenant: { devices: withSerial('NOSTATUS-SN-1') },
		says: /status/i,
		controlsAffected: true,
	},
	{
		name: 'Sync Agent on an agent ID Domotz does not have',
		operation: 'syncAgent',
		parameters: { agentSelection: 'chosen', agents: ['123456'] },
		outcome: { at: 'run' },
		says: /agent "agent 123456" \(123456\)/,
		controlsAffected: true,
	},
	{
		name: 'agent links row with an agent that is not a number',
		operation: 'match',
		parameters: {
			companyLink: 'mapping',
			agentLinks: {
				links: [{ agent: 'Hostile Labs', company: byId(COMPANIES.hostile.id), siteId: '' }],
			},
		},
		items: [itemOf(HOSTILE_DEVICE)],
		tenant: { devices: withSerial('ROW-SN-1') },
		says: /row 1 of "Agent Links" needs a numeric agent/,
		controlsAffected: true,
	},
	{
		name: 'Domotz device list of an agent Domotz does not have',
		operation: 'getDevices',
		parameters: { agent: byId(123_456) },
		items: [],
		outcome: { at: 'run' },
		says: /123456/,
		controlsAffected: true,
	},
];

/** What an agent is told when its value holds `"` or `\\`, which no condition can hold: never sent. */
const UNASKABLE = /contains a double quote or a backslash, which ConnectWise cannot be asked about/;

const agentCases: CorpusCase[] = [
	...[
		['with quotes', 'HOST"ILE', UNASKABLE],
		[
			'with an asterisk that would widen to HOSTILE-EXTRA',
			'HOSTILE*',
			/no ConnectWise company has the identifier/,
		],
		['with SQL wildcards', 'HOST%_LE', /no ConnectWise company has the identifier/],
		['with a condition injection', 'HOSTILE" or identifier like "*', UNASKABLE],
		['with brackets and a backslash', '(HOSTILE)\\[1]', UNASKABLE],
		['with brackets', '(HOSTILE)[1]', /no ConnectWise company has the identifier/],
		['in unicode', 'HÖSTILE-日本', /no ConnectWise company has the identifier/],
		[
			'longer than an identifier may be',
			`H${'O'.repeat(300)}STILE`,
			/no ConnectWise company has the identifier/,
		],
	].map(
		([what, customerId, says]): CorpusCase => ({
			name: `agent Customer ID ${String(what)}: no company, nothing widened`,
			operation: 'match',
			tenant: probeAgent({ installation_info: { customer_id: String(customerId) } }),
			items: [itemOf(PROBE_DEVICE, AGENTS.probe)],
			status: 'unresolvedCompany',
			says: says as RegExp,
		}),
	),
	{
		name: 'agent name with a condition injection, linked by name',
		operation: 'match',
		tenant: probeAgent({ display_name: 'Hostile Labs Inc" or name like "*' }),
		items: [itemOf(PROBE_DEVICE, AGENTS.probe)],
		parameters: { companyLink: 'agentName' },
		status: 'unresolvedCompany',
		says: UNASKABLE,
		controlsAffected: true,
	},
	{
		name: 'link field caption with quotes and an asterisk',
		operation: 'syncFields',
		tenant: { devices: withSerial('CAPTION-SN-1') },
		parameters: { options: { linkStorage: 'customField', linkFieldCaption: 'Domotz "Link"*' } },
		outcome: { at: 'run' },
		says: /"Link Field Caption" is not usable: .*contains a double quote or a backslash/,
		controlsAffected: true,
	},
	{
		name: 'link field caption longer than ConnectWise accepts',
		operation: 'syncFields',
		tenant: { devices: withSerial('CAPTION-SN-2') },
		parameters: {
			options: { linkStorage: 'customField', linkFieldCaption: 'Domotz Device Link Marker Field' },
		},
		outcome: { at: 'run' },
		says: /"Link Field Caption" is not usable: .*31 characters; ConnectWise accepts at most 25/,
		controlsAffected: true,
	},
];

const corpus: CorpusCase[] = [
	...serialCases,
	...macCases,
	...ipCases,
	...fieldCases,
	...configurationCases,
	...itemCases,
	...listCases,
	...payloadCases,
	...parameterCases,
	...agentCases,
];

function loadCase(corpusCase: CorpusCase): void {
	tenant.load(domotzTenant(corpusCase.tenant), connectWiseTenant(corpusCase.tenant));
}

/** The controls' items, then the hostile ones; actions over whole agents take one empty item. */
function inputOf(corpusCase: CorpusCase, withControls: boolean): IDataObject[] {
	if (corpusCase.operation === 'syncAgent' || corpusCase.operation === 'getDevices') return [{}];
	const hostileItems =
		corpusCase.items ?? (corpusCase.tenant?.devices ? [itemOf(HOSTILE_DEVICE)] : []);
	return [...(withControls ? controlItems : []), ...hostileItems];
}

/** Runs the case's node on the loaded tenant, its faults on, every failure an item of its own. */
async function runLoaded(corpusCase: CorpusCase, input: IDataObject[]): Promise<WorkflowRunResult> {
	const operation = operations[corpusCase.operation];
	for (const { api, rule } of corpusCase.faults ?? []) tenant[api].http.setFaults([rule]);
	received.clear();
	const result = await tenant.run(
		operation.node,
		{ ...operation.parameters, ...corpusCase.parameters },
		input,
		'continueRegularOutput',
	);
	tenant.domotz.http.setFaults([]);
	tenant.connectwise.http.setFaults([]);
	return result;
}

type Comparison = Extract<Condition, { kind: 'comparison' }>;

/** Every comparison in a condition tree, a `not` around it counted as its negation. */
function comparisons(condition: Condition): Comparison[] {
	if (condition.kind === 'comparison') return [condition];
	if (condition.kind === 'not') {
		return comparisons(condition.operand).map((found) => ({ ...found, negated: !found.negated }));
	}
	return condition.operands.flatMap(comparisons);
}

/**
 * Whether a comparison could select more than the sync means to: `=` and `in` are exact, but a
 * company looked up by identifier or name must be looked up by an agent's own value; `like` is
 * only a marker pattern of an agent or a device, whose answer is filtered to the device; anything
 * negated or otherwise is a widening.
 */
function widens(comparison: Comparison, lookupValues: ReadonlySet<string>): boolean {
	const values = comparison.values.map((entry) => ('value' in entry ? String(entry.value) : ''));
	const field = comparison.path[comparison.path.length - 1];
	if (comparison.negated) return true;
	switch (comparison.operator) {
		case 'like':
			return !(
				(field === 'value' || field === 'deviceIdentifier') &&
				values.every((value) => /^domotz:\d+\/\d*\*$/.test(value))
			);
		case '=':
		case 'in':
			return (
				(field === 'identifier' || field === 'name') &&
				values.some((value) => !lookupValues.has(value))
			);
		default:
			return true;
	}
}

/** The conditions ConnectWise received that could select more than the sync means to. */
function widenedQueries(agents: readonly AgentDetail[]): string[] {
	const lookupValues = new Set(
		agents.flatMap((agent) => [
			agent.display_name.trim(),
			(agent.installation_info?.customer_id ?? '').trim(),
		]),
	);
	return received.receivedBy(tenant.connectwise.baseUrl).flatMap((url) =>
		['conditions', 'customFieldConditions', 'childConditions'].flatMap((parameter) => {
			const text = url.searchParams.get(parameter);
			if (text === null) return [];
			const parsed = parseConditions(text);
			if (!parsed.ok) return [`${parameter}=${text} (unreadable: ${parsed.message})`];
			return comparisons(parsed.condition)
				.filter((comparison) => widens(comparison, lookupValues))
				.map((comparison) => `${parameter}=${text} (${comparison.path.join('/')})`);
		}),
	);
}

const domotzQueryKeys: Array<[RegExp, string[]]> = [
	[/\/agent$/, ['page_size', 'page_number', 'display_name']],
	[/\/agent\/\d+\/device$/, ['show_hidden', 'show_excluded']],
];

function unexpectedDomotzQueries(): string[] {
	return received.receivedBy(tenant.domotz.baseUrl).flatMap((url) => {
		const allowed = domotzQueryKeys.find(([pattern]) => pattern.test(url.pathname))?.[1] ?? [];
		return [...url.searchParams.keys()]
			.filter((key) => !allowed.includes(key))
			.map((key) => `${url.pathname}?${key}`);
	});
}

function outcomeOf(result: WorkflowRunResult, outcome: Outcome): IDataObject[] {
	const outputs = result.outputs('Node');
	switch (outcome.at) {
		case 'item':
			return (outputs[0] ?? [])
				.filter((item) => (item.pairedItem as { item: number }).item === outcome.index)
				.map((item) => item.json);
		case 'configuration':
			return jsonOf(outputs[1] ?? []).filter(
				(json) => json.configurationId === outcome.configurationId,
			);
		case 'run':
			return result.error
				? [{ error: result.error.message, details: result.error.description ?? null }]
				: [{ items: jsonOf(outputs[0] ?? []) }];
	}
}

/** `path: value` lines of every value in the outcome, lists of plain values joined by commas. */
function plainText(value: unknown, path = ''): string[] {
	const line = (text: string) => [`${path}: ${text}`];
	if (Array.isArray(value)) {
		if (value.length === 0) return line('(none)');
		if (value.every((entry) => entry === null || typeof entry !== 'object')) {
			return line(value.map(String).join(', '));
		}
		return value.flatMap((entry, index) =>
			plainText(entry, path ? `${path}.${index}` : String(index)),
		);
	}
	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, entry]) =>
			plainText(entry, path ? `${path}.${key}` : key),
		);
	}
	return line(String(value));
}

interface ControlState {
	outputs: IDataObject[];
}

const baselines = new Map<Operation, ControlState>();

async function baselineOf(operation: Operation): Promise<ControlState> {
	const known = baselines.get(operation);
	if (known) return known;
	const controlsOnly: CorpusCase = { name: 'controls', operation, says: /./ };
	loadCase(controlsOnly);
	const result = await runLoaded(controlsOnly, inputOf(controlsOnly, true));
	const state = { outputs: jsonOf(result.output('Node')).slice(0, controlItems.length) };
	baselines.set(operation, state);
	return state;
}

/** The filled fields of every configuration and device the tenant started with. */
function filledFields(): Map<string, unknown> {
	const filled = new Map<string, unknown>();
	for (const configuration of tenant.connectwise.state.configurations()) {
		for (const [key, value] of Object.entries(configuration)) {
			if (key !== '_info' && value !== null && value !== '' && value !== undefined) {
				filled.set(`configuration ${configuration.id} ${key}`, value);
			}
		}
	}
	for (const agent of tenant.domotz.state.agents()) {
		for (const found of tenant.domotz.state.devices(agent.id) ?? []) {
			for (const [key, value] of Object.entries({ ...found.user_data, ...found.details })) {
				if (value !== null && value !== '' && value !== undefined) {
					filled.set(`device ${agent.id}/${found.id} ${key}`, value);
				}
			}
		}
	}
	return filled;
}

const CRASH_SIGNS =
	/TypeError|ReferenceError|Cannot read propert|is not a function|undefined is not|\[object Object\]/;

describe('Bad-input corpus', () => {
	it('holds at least 60 cases, each with a name of its own', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(60);
		expect(new Set(corpus.map((corpusCase) => corpusCase.name)).size).toBe(corpus.length);
	});

	const checkCase = async (corpusCase: CorpusCase) => {
		const baseline = corpusCase.controlsAffected
			? undefined
			: await baselineOf(corpusCase.operation);
		loadCase(corpusCase);
		const before = filledFields();
		const input = inputOf(corpusCase, true);
		const result = await runLoaded(corpusCase, input);
		const at = corpusCase.outcome ?? { at: 'item', index: controlItems.length };
		const outcome = outcomeOf(result, at);
		const text = outcome.flatMap((json) => plainText(json)).join('\n');

		// No crash: the run ends, and what it says is a message, not a stack of the engine.
		expect(text).not.toMatch(CRASH_SIGNS);
		if (at.at !== 'run') expect(result.error).toBeUndefined();
		// A per-item outcome that names the item and says what is wrong with which field.
		expect(outcome.length).toBeGreaterThan(0);
		expect(text).toMatch(corpusCase.says);
		// An error item is named by its pairing (n8n shows it at its input); other items by id.
		if (at.at === 'item' && outcome.some((json) => !('error' in json))) {
			const ids = Object.values(input[at.index] ?? {})
				.map((value) => String(value).trim())
				.filter((value) => /^\d+$/.test(value));
			expect([`Item ${at.index}`, ...ids].some((name) => text.includes(name))).toBe(true);
		}
		// No query widened.
		expect(widenedQueries(domotzTenant(corpusCase.tenant).agents ?? [])).toEqual([]);
		expect(unexpectedDomotzQueries()).toEqual([]);
		// Nothing lost: the controls as alone, no configuration gone, no filled field blanked.
		if (baseline) {
			expect(jsonOf(result.output('Node')).slice(0, controlItems.length)).toEqual(baseline.outputs);
		}
		const after = filledFields();
		expect([...before.keys()].filter((key) => !after.has(key))).toEqual([]);
		corpusCase.verify?.();
	};

	it.each(corpus.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
		'%s',
		async (_name, corpusCase) => await checkCase(corpusCase),
	);

	it.each([
		['identifier like "HOSTILE*"', true],
		['identifier = "HOSTILE" or identifier like "*"', true],
		['identifier != "HOSTILE"', true],
		['not identifier = "HOSTILE"', true],
		['name = "Someone else"', true],
		['identifier in ("HOSTILE", "SECOND")', false],
		['company/id in (90, 91)', false],
		['caption = "Domotz Link" AND value like "domotz:900/*"', false],
		['caption = "Domotz Link" AND value like "domotz:900/17*"', false],
		['deviceIdentifier like "domotz:900/17*"', false],
		['caption = "Domotz Link" AND value like "domotz:*"', true],
	])('reads the condition %s as widening: %s', (text, widening) => {
		const parsed = parseConditions(text, CONDITION_GRAMMARS.lenient);
		if (!parsed.ok) throw new Error(parsed.message);
		const lookupValues = new Set(['HOSTILE', 'SECOND']);
		expect(comparisons(parsed.condition).some((found) => widens(found, lookupValues))).toBe(
			widening,
		);
	});

	it('keeps the controls of the tenant as they are alone', async () => {
		const { outputs } = await baselineOf('match');
		expect(outputs.map((json) => [json.deviceId, json.status, json.configurationId])).toEqual([
			[CONTROL_DEVICES.matched, 'matched', CONTROL_CONFIGURATIONS.matched],
			[CONTROL_DEVICES.linked, 'linked', CONTROL_CONFIGURATIONS.linked],
			[CONTROL_DEVICES.unmatched, 'unmatched', null],
		]);
	});
});
