import type { AgentDetail, AlertProfile, Device, DomotzSeed } from './types';

/** The default full-access key of the built-in tenant. */
export const DEFAULT_API_KEY = 'example-domotz-full-access-key-1';
/** An "Agent Activation only" key: authenticates, but may not read agents or devices. */
export const ACTIVATION_ONLY_API_KEY = 'example-domotz-activation-only-key-2';

/** Ids of the built-in tenant, so tests read as prose. */
export const DEFAULT_IDS = {
	user: 1001,
	otherUser: 2002,
	agents: { acme: 10401, globex: 10402, umbrella: 10403, initech: 10404 },
	devices: {
		coreSwitch: 501,
		printer: 502,
		virtualMachine: 503,
		poeSwitch: 504,
		hiddenTablet: 505,
		excludedCamera: 506,
		subnetServer: 507,
		externalWebsite: 508,
		dummyOutlet: 509,
		firewall: 601,
		duplicatedSwitch: 602,
		desktop: 603,
		dummyPdu: 604,
		initechNas: 701,
	},
	alertProfiles: { networkMonitoring: 7001, deviceMonitoring: 7002, n8nSync: 7003 },
} as const;

const { agents: agentIds, devices: deviceIds } = DEFAULT_IDS;

const agents: AgentDetail[] = [
	{
		id: agentIds.acme,
		display_name: 'Acme HQ',
		creation_time: '2023-02-14T09:12:44+00:00',
		access_right: { api_enabled: true, status: 'OWNED' },
		installation_info: { customer_id: 'ACME', contract_id: 'MSA-2023-001' },
		licence: {
			id: 88001,
			code: 'DMZ-ACME-0001',
			bound_mac_address: '00:1E:06:45:12:01',
			activation_time: '2023-02-14T09:15:02+00:00',
			expiration_time: '2026-02-14T09:15:02+00:00',
		},
		location: { latitude: '45.4642', longitude: '9.1900' },
		organization: { id: 1, name: 'Example MSP' },
		status: { value: 'ONLINE', last_change: '2025-05-30T22:01:17+00:00' },
		team: { id: 31, name: 'North', leader_id: 1001, area: { id: 3 } },
		timezone: 'Europe/Rome',
		version: { agent: '3.9.4', package: '6.2.0-b002' },
		wan_info: { hostname: 'acme-hq.example.net', ip: '198.51.100.24' },
		listen_on: '192.168.10.10:3000',
	},
	{
		id: agentIds.globex,
		display_name: 'Globex Branch Office',
		creation_time: '2024-01-08T16:40:00Z',
		access_right: {
			api_enabled: true,
			granting_user: { name: 'it@globex.example' },
			status: 'GRANTED',
		},
		installation_info: { customer_id: 'GLOBEX' },
		// Shape seen on the EU cell: a licence type and no expiration_time.
		licence: {
			id: 88002,
			code: 'DMZ-GLBX-0002',
			activation_time: '2024-01-08T16:41:10Z',
			type: 'MONTHLY',
		},
		organization: { id: 1, name: 'Example MSP' },
		status: { value: 'ONLINE', last_change: '2025-06-01T07:00:00Z' },
		team: { id: 32, name: 'South', leader_id: 1001, area: { id: 3 } },
		timezone: 'America/Chicago',
		version: { agent: '3.9.4', package: '6.2.0-b002' },
		wan_info: { hostname: 'globex-branch.example.net', ip: '203.0.113.77' },
		listen_on: '10.1.0.5:3000',
	},
	{
		id: agentIds.umbrella,
		display_name: 'Umbrella Pop-up Store',
		creation_time: '2025-05-20T11:00:00',
		access_right: { api_enabled: true, status: 'ASSIGNED' },
		organization: { id: 1, name: 'Example MSP' },
		status: { value: 'OFFLINE', last_change: '2025-05-28T18:45:00' },
		team: { id: 32, name: 'South', leader_id: 1001, area: { id: 3 } },
		timezone: 'America/New_York',
		listen_on: '172.16.0.2:3000',
	},
	{
		id: agentIds.initech,
		display_name: 'Initech Lab (Basic plan)',
		creation_time: '2022-09-30T08:00:00+00:00',
		// Plan without API access: listed, but details and devices are refused.
		access_right: { api_enabled: false, status: 'OWNED' },
		installation_info: { customer_id: 'INITECH' },
		organization: { id: 1, name: 'Example MSP' },
		status: { value: 'ONLINE', last_change: '2025-04-02T10:10:10+00:00' },
		timezone: 'Europe/London',
		version: { agent: '3.8.1', package: '6.1.4-b001' },
		wan_info: { hostname: 'initech.example.net', ip: '192.0.2.200' },
		listen_on: '192.168.50.4:3000',
	},
];

const coreSwitch: Device = {
	id: deviceIds.coreSwitch,
	display_name: 'Core switch',
	protocol: 'IP',
	first_seen_on: '2023-02-14T09:20:11+00:00',
	importance: 'VITAL',
	is_excluded: false,
	authentication_status: 'AUTHENTICATED',
	snmp_status: 'AUTHENTICATED',
	type: { id: 81, detected_id: 2001, label: 'Switch' },
	user_data: {},
	details: { serial: 'FOC2231X0AB', zone: 'Server room', firmware_version: '17.9.4a' },
	ip_addresses: ['192.168.10.2'],
	vendor: 'Cisco Systems',
	model: 'C9300-24P',
	status: 'ONLINE',
	last_status_change: '2025-05-30T22:03:40+00:00',
	grace_period: 60,
	agent_reachable: true,
	open_ports: { tcp: [22, 443], udp: [161] },
	hw_address: 'BC:24:11:67:60:FC',
	is_jammed: false,
	names: { host: 'core-sw-01', snmp: 'core-sw-01.acme.local', inspection: 'Catalyst 9300' },
};

const acmeDevices: Device[] = [
	coreSwitch,
	{
		id: deviceIds.printer,
		display_name: 'Reception printer',
		protocol: 'IP',
		first_seen_on: '2023-02-14T09:21:02+00:00',
		importance: 'FLOATING',
		type: { id: 8, detected_id: 2002, label: 'Printer & Fax' },
		user_data: { name: 'Reception printer', type: 8 },
		// A user override; the discovered serial sits in `discoveredSerials`.
		details: { serial: 'CW-ASSET-0042', room: 'Lobby' },
		ip_addresses: ['192.168.10.40'],
		vendor: 'HP',
		model: 'LaserJet Pro M404dn',
		status: 'ONLINE',
		last_status_change: '2025-06-01T06:58:00Z',
		hw_address: '3C:52:82:1A:2B:3C',
		names: { dhcp: 'NPI1A2B3C', host: 'hp-m404', bonjour: 'HP LaserJet Pro M404dn' },
	},
	{
		id: deviceIds.virtualMachine,
		display_name: 'app-vm-01',
		protocol: 'IP',
		first_seen_on: '2024-03-05T13:30:00+00:00',
		importance: 'VITAL',
		os: { name: 'Ubuntu', version: '22.04', build: '5.15.0-105' },
		type: { id: 89, label: 'Virtual Machine' },
		details: { serial: 'To be filled by O.E.M.' },
		ip_addresses: ['192.168.10.51', 'fe80::5054:ff:fe12:3456'],
		vendor: 'QEMU',
		model: 'STANDARD PC (I440FX + PIIX, 1996)',
		status: 'ONLINE',
		hw_address: '52:54:00:12:34:56',
		names: { dhcp: 'app-vm-01', host: 'app-vm-01.acme.local' },
	},
	{
		id: deviceIds.poeSwitch,
		display_name: 'Warehouse PoE switch',
		protocol: 'IP',
		first_seen_on: '2023-07-19T10:00:00+00:00',
		importance: 'VITAL',
		type: { id: 28, label: 'PoE Switch' },
		// Junk seen in real exports: a MAC label where the serial should be.
		details: { serial: 'System MAC: a4-13-4e-72-98-bc', zone: 'Warehouse' },
		ip_addresses: ['192.168.10.3'],
		vendor: 'Luxul ',
		model: 'SW-510-24P',
		status: 'ONLINE',
		hw_address: 'A4:13:4E:72:98:BC',
		names: { host: 'luxul-sw' },
	},
	{
		id: deviceIds.hiddenTablet,
		display_name: 'Old "lobby" tablet',
		protocol: 'IP',
		first_seen_on: '2023-03-01T12:00:00+00:00',
		importance: 'FLOATING',
		type: { id: 10, label: 'Tablet' },
		ip_addresses: ['192.168.10.88'],
		vendor: 'Apple',
		status: 'HIDDEN',
		hw_address: 'F0:18:98:AA:BB:CC',
		names: { dhcp: 'lobby-ipad' },
	},
	{
		id: deviceIds.excludedCamera,
		display_name: 'Loading dock camera',
		protocol: 'IP',
		first_seen_on: '2024-11-02T08:15:00',
		importance: 'FLOATING',
		is_excluded: true,
		type: { id: 22, label: 'Camera' },
		details: { serial: 'E12345678' },
		ip_addresses: ['192.168.10.120'],
		vendor: 'Hikvision',
		model: 'DS-2CD2143G2-I',
		status: 'DOWN',
		last_status_change: '2025-05-31T23:59:59',
		hw_address: 'C0:56:E3:01:02:03',
		names: { host: 'dock-cam' },
	},
	{
		id: deviceIds.subnetServer,
		display_name: 'Routed file server',
		protocol: 'IP',
		first_seen_on: '2024-06-10T14:00:00+00:00',
		importance: 'VITAL',
		type: { id: 92, label: 'File Server' },
		details: { serial: 'CZJ12345AB' },
		ip_addresses: ['10.20.0.5'],
		vendor: 'Hewlett Packard Enterprise',
		model: 'ProLiant DL380 Gen10',
		status: 'ONLINE',
		names: { host: 'fs01.dc.acme.local', snmp: 'fs01' },
	},
	{
		id: deviceIds.externalWebsite,
		display_name: 'Public website',
		protocol: 'IP_EXTERNAL',
		first_seen_on: '2024-02-01T09:00:00Z',
		importance: 'VITAL',
		type: { id: 94, label: 'Web Server' },
		ip_addresses: ['203.0.113.10'],
		status: 'ONLINE',
		names: { host: 'www.acme.example' },
	},
	{
		id: deviceIds.dummyOutlet,
		display_name: 'Rack PDU outlet 3',
		protocol: 'DUMMY',
		first_seen_on: '2024-08-20T16:20:00+00:00',
		importance: 'FLOATING',
		type: { id: 14, label: 'Smart Power Plug' },
		details: { room: 'Server room' },
	},
];

const globexDevices: Device[] = [
	{
		id: deviceIds.firewall,
		display_name: 'Branch firewall',
		protocol: 'IP',
		first_seen_on: '2024-01-08T16:50:00Z',
		importance: 'VITAL',
		type: { id: 83, detected_id: 2003, label: 'Firewall' },
		details: { serial: 'FGT60FTK21000001', firmware_version: 'v7.2.8' },
		ip_addresses: ['10.1.0.1'],
		vendor: 'Fortinet',
		model: 'FortiGate-60F',
		status: 'ONLINE',
		hw_address: '00:09:0F:AA:00:01',
		names: { host: 'fw-branch', snmp: 'FGT60F' },
	},
	{
		...coreSwitch,
		// The same physical switch seen by a second agent, under its own device id.
		id: deviceIds.duplicatedSwitch,
		display_name: 'core-sw-01',
		first_seen_on: '2024-01-08T16:52:00Z',
		importance: 'FLOATING',
		details: { serial: 'FOC2231X0AB' },
		ip_addresses: ['10.1.0.254'],
	},
	{
		id: deviceIds.desktop,
		display_name: 'Accounting desktop',
		protocol: 'IP',
		first_seen_on: '2024-01-09T08:00:00Z',
		importance: 'FLOATING',
		os: { name: 'Windows', version: '11', build: '22631' },
		type: { id: 31, detected_id: 2004, label: 'Desktop' },
		user_data: { vendor: 'HP Inc.', model: 'EliteDesk 800 G6' },
		details: { serial: 'Default string' },
		ip_addresses: ['10.1.0.23'],
		vendor: 'Hewlett Packard',
		status: 'OFFLINE',
		hw_address: '98:E7:43:10:20:30',
		names: { netbios: 'ACCT-PC-01', dhcp: 'acct-pc-01' },
	},
	{
		id: deviceIds.dummyPdu,
		display_name: 'UPS placeholder',
		protocol: 'DUMMY',
		type: { id: 88, label: 'UPS' },
	},
];

const initechDevices: Device[] = [
	{
		id: deviceIds.initechNas,
		display_name: 'Lab NAS',
		protocol: 'IP',
		type: { id: 7, label: 'NAS' },
		details: { serial: '2040ABC123' },
		ip_addresses: ['192.168.50.20'],
		vendor: 'Synology',
		model: 'DS920+',
		status: 'ONLINE',
		hw_address: '00:11:32:AB:CD:EF',
	},
];

const { alertProfiles: profileIds } = DEFAULT_IDS;

/**
 * The two profiles every Domotz account starts with (their contact channel is the owner's email,
 * so they post no webhook), bound as a person would, and one made for n8n whose webhook channel a
 * test sets once it knows the URL (`state.alertProfiles.setWebhook`).
 */
const alertProfiles: AlertProfile[] = [
	{
		id: profileIds.networkMonitoring,
		name: 'Network Monitoring',
		description: 'Default network monitoring profile',
		events: ['agent_status_down', 'agent_status_up', 'agent_wan_change', 'agent_security_issue'],
		is_enabled: true,
		tag: 'default',
	},
	{
		id: profileIds.deviceMonitoring,
		name: 'Device Monitoring',
		description: 'Default device monitoring profile',
		events: ['device_status_down', 'device_status_up'],
		is_enabled: true,
		tag: 'default',
	},
	{
		id: profileIds.n8nSync,
		name: 'n8n device sync',
		description: 'Webhook to the n8n Domotz Trigger',
		events: [
			'agent_device_discovery',
			'device_ip_change',
			'device_status_down',
			'device_status_up',
			'device_configuration_change',
		],
		is_enabled: true,
	},
];

/**
 * A small tenant covering every device subtype and the quirks the sync must survive: user
 * overrides, junk and placeholder serials, a cross-agent duplicate, hidden and excluded devices,
 * an agent with no devices and one whose plan forbids API access.
 */
export function defaultSeed(): DomotzSeed {
	return structuredClone({
		agents,
		devices: {
			[agentIds.acme]: acmeDevices,
			[agentIds.globex]: globexDevices,
			[agentIds.initech]: initechDevices,
		},
		inventoryFields: [
			{
				key: 'asset_tag',
				label: 'Asset tag',
				creation_time: '2024-11-12T08:30:00Z',
				defined_by_user: DEFAULT_IDS.user,
			},
			{
				key: 'warranty_end',
				label: 'Warranty end',
				creation_time: '2025-01-20T12:00:00',
				defined_by_user: DEFAULT_IDS.otherUser,
			},
			{
				key: 'cw_configuration_id',
				label: 'ConnectWise configuration id',
				creation_time: '2025-03-01T09:00:00+00:00',
				defined_by_user: DEFAULT_IDS.user,
			},
		],
		deviceInventory: {
			[agentIds.acme]: {
				[deviceIds.coreSwitch]: { asset_tag: 'ACME-0001' },
				[deviceIds.virtualMachine]: { cw_configuration_id: '4711' },
			},
		},
		apiKeys: [
			{ key: DEFAULT_API_KEY, role: 'fullAccess', id: 1, name: 'n8n sync' },
			{ key: ACTIVATION_ONLY_API_KEY, role: 'agentActivationOnly', id: 2, name: 'Installer' },
		],
		lockedDevices: { [agentIds.acme]: [deviceIds.poeSwitch] },
		discoveredSerials: { [agentIds.acme]: { [deviceIds.printer]: 'PHBBL12345' } },
		user: { id: DEFAULT_IDS.user, name: 'msp-admin@example.com' },
		alertProfiles,
		alertProfileBindings: {
			agents: [agentIds.acme, agentIds.globex, agentIds.umbrella].map((agentId) => ({
				alert_profile_id: profileIds.networkMonitoring,
				agent_id: agentId,
			})),
			devices: [
				{
					alert_profile_id: profileIds.deviceMonitoring,
					agent_id: agentIds.acme,
					device_id: deviceIds.coreSwitch,
				},
			],
		},
	} satisfies DomotzSeed);
}
