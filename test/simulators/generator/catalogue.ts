/**
 * What a generated MSP tenant is made of: hardware as Domotz discovers it and as a PSA records it,
 * customer names, ConnectWise setup tables and the junk values seen in real inventories
 * (reference domotz-api-and-competitors.md §1.4b, §1.10, §4; connectwise-psa-api.md §2.2–§2.4).
 */
import { defaultLinkStore } from '../../../lib/links/marker';
import type { DeviceSubtype } from './types';

/** How a vendor prints serial numbers; `macBare` and `macLabel` are the junk some vendors report. */
export type SerialStyle =
	| 'dell'
	| 'hp'
	| 'lenovo'
	| 'hpe'
	| 'cisco'
	| 'meraki'
	| 'netgear'
	| 'fortinet'
	| 'synology'
	| 'apc'
	| 'hpPrinter'
	| 'brother'
	| 'hikvision'
	| 'vmware'
	| 'hyperV'
	| 'yealink'
	| 'apple'
	| 'samsung'
	| 'raspberryPi'
	| 'macBare'
	| 'macLabel'
	| 'none';

export type ProfileKind =
	| 'desktop'
	| 'notebook'
	| 'server'
	| 'switch'
	| 'accessPoint'
	| 'firewall'
	| 'router'
	| 'nas'
	| 'ups'
	| 'printer'
	| 'camera'
	| 'virtualMachine'
	| 'voipPhone'
	| 'mobile'
	| 'smartTv'
	| 'thermostat'
	| 'speaker'
	| 'raspberryPi'
	| 'website'
	| 'pduOutlet';

export type OsFamily = 'windowsDesktop' | 'windowsServer' | 'linux' | 'ios' | 'android';

/** One product line: what Domotz shows (`vendor`, `models`, `typeId`) and what CW records. */
export interface HardwareProfile {
	kind: ProfileKind;
	/** Discovered vendor as Domotz prints it (from the MAC OUI), trailing spaces included. */
	vendor?: string;
	/** ConnectWise manufacturer name. */
	manufacturer?: string;
	models: readonly string[];
	/** Domotz base type id (reference §1.4b). */
	typeId: number;
	/** A fine-grained type of the simulator's detected-type list, when Domotz recognises the model. */
	detectedTypeId?: number;
	/** ConnectWise configuration type name. */
	connectWiseType: string;
	oui?: string;
	serialStyle: SerialStyle;
	os?: OsFamily;
	hostPrefix: string;
	/** Subtypes this hardware shows up as, the usual one first. */
	subtypes: readonly DeviceSubtype[];
	/** Relative frequency in a customer network. */
	weight: number;
	/** User-given names for devices that rarely have a useful discovered name. */
	friendlyNames?: readonly string[];
}

export const HARDWARE_PROFILES: readonly HardwareProfile[] = [
	{
		kind: 'desktop',
		vendor: 'Dell Inc.',
		manufacturer: 'Dell',
		models: ['OptiPlex 7090', 'OptiPlex 5000', 'Precision 3660 Tower'],
		typeId: 31,
		detectedTypeId: 2004,
		connectWiseType: 'Workstation',
		oui: 'F8:BC:12',
		serialStyle: 'dell',
		os: 'windowsDesktop',
		hostPrefix: 'WS',
		subtypes: ['local', 'subnet'],
		weight: 16,
	},
	{
		kind: 'desktop',
		vendor: 'Hewlett Packard',
		manufacturer: 'HP',
		models: ['HP EliteDesk 800 G6 SFF', 'HP ProDesk 400 G7 MT', 'HP Z2 Tower G9'],
		typeId: 31,
		detectedTypeId: 2004,
		connectWiseType: 'Workstation',
		oui: 'EC:B1:D7',
		serialStyle: 'hp',
		os: 'windowsDesktop',
		hostPrefix: 'WS',
		subtypes: ['local', 'subnet'],
		weight: 12,
	},
	{
		kind: 'desktop',
		vendor: 'Lenovo',
		manufacturer: 'Lenovo',
		models: ['ThinkCentre M70q Gen 3', 'ThinkCentre M920s'],
		typeId: 31,
		detectedTypeId: 2004,
		connectWiseType: 'Workstation',
		oui: '6C:4B:90',
		serialStyle: 'lenovo',
		os: 'windowsDesktop',
		hostPrefix: 'WS',
		subtypes: ['local'],
		weight: 8,
	},
	{
		kind: 'notebook',
		vendor: 'Dell Inc.',
		manufacturer: 'Dell',
		models: ['Latitude 5420', 'Latitude 7440', 'XPS 13 9315'],
		typeId: 4,
		connectWiseType: 'Workstation',
		oui: 'D4:81:D7',
		serialStyle: 'dell',
		os: 'windowsDesktop',
		hostPrefix: 'LT',
		subtypes: ['local'],
		weight: 8,
	},
	{
		kind: 'notebook',
		vendor: 'LCFC(HeFei) Electronics Technology co., ltd',
		manufacturer: 'Lenovo',
		models: ['ThinkPad T14 Gen 3', 'ThinkPad X1 Carbon Gen 11'],
		typeId: 4,
		connectWiseType: 'Workstation',
		oui: '8C:16:45',
		serialStyle: 'lenovo',
		os: 'windowsDesktop',
		hostPrefix: 'LT',
		subtypes: ['local'],
		weight: 6,
	},
	{
		kind: 'notebook',
		vendor: 'Hewlett Packard',
		manufacturer: 'HP',
		models: ['HP EliteBook 840 G8', 'HP ProBook 450 G9'],
		typeId: 4,
		connectWiseType: 'Workstation',
		oui: '5C:60:BA',
		serialStyle: 'hp',
		os: 'windowsDesktop',
		hostPrefix: 'LT',
		subtypes: ['local'],
		weight: 5,
	},
	{
		kind: 'server',
		vendor: 'Dell Inc.',
		manufacturer: 'Dell',
		models: ['PowerEdge R740', 'PowerEdge R650', 'PowerEdge T440'],
		typeId: 5,
		connectWiseType: 'Server',
		oui: 'B0:7B:25',
		serialStyle: 'dell',
		os: 'windowsServer',
		hostPrefix: 'SRV',
		subtypes: ['local', 'subnet'],
		weight: 3,
	},
	{
		kind: 'server',
		vendor: 'Hewlett Packard Enterprise',
		manufacturer: 'HPE',
		models: ['ProLiant DL380 Gen10', 'ProLiant ML350 Gen10'],
		typeId: 5,
		connectWiseType: 'Server',
		oui: '94:40:C9',
		serialStyle: 'hpe',
		os: 'windowsServer',
		hostPrefix: 'SRV',
		subtypes: ['local', 'subnet'],
		weight: 2,
	},
	{
		kind: 'server',
		vendor: 'Lenovo',
		manufacturer: 'Lenovo',
		models: ['ThinkSystem SR650', 'ThinkSystem ST250'],
		typeId: 92,
		connectWiseType: 'Server',
		oui: '08:94:EF',
		serialStyle: 'lenovo',
		os: 'linux',
		hostPrefix: 'SRV',
		subtypes: ['subnet', 'local'],
		weight: 1,
	},
	{
		kind: 'switch',
		vendor: 'Cisco Systems',
		manufacturer: 'Cisco',
		models: ['C9300-24P', 'CBS350-24P-4G', 'WS-C2960X-48FPD-L'],
		typeId: 81,
		detectedTypeId: 2001,
		connectWiseType: 'Network Switch',
		oui: '00:1E:F7',
		serialStyle: 'cisco',
		hostPrefix: 'SW',
		subtypes: ['local', 'subnet'],
		weight: 3,
	},
	{
		kind: 'switch',
		vendor: 'Ubiquiti Inc',
		manufacturer: 'Ubiquiti',
		models: ['USW-Pro-24-PoE', 'USW-Lite-16-PoE', 'USW-Enterprise-8-PoE'],
		typeId: 28,
		connectWiseType: 'Network Switch',
		oui: 'F0:9F:C2',
		serialStyle: 'macBare',
		hostPrefix: 'SW',
		subtypes: ['local'],
		weight: 3,
	},
	{
		kind: 'switch',
		vendor: 'Hewlett Packard Enterprise',
		manufacturer: 'HPE',
		models: ['Aruba 2930F-24G-PoE+', 'Aruba CX 6100 24G'],
		typeId: 81,
		connectWiseType: 'Network Switch',
		oui: '88:3A:30',
		serialStyle: 'hpe',
		hostPrefix: 'SW',
		subtypes: ['local', 'subnet'],
		weight: 2,
	},
	{
		kind: 'switch',
		vendor: 'NETGEAR',
		manufacturer: 'Netgear',
		models: ['GS728TP', 'GS752TPv2', 'MS510TXPP'],
		typeId: 28,
		connectWiseType: 'Network Switch',
		oui: '28:80:88',
		serialStyle: 'netgear',
		hostPrefix: 'SW',
		subtypes: ['local'],
		weight: 2,
	},
	{
		kind: 'switch',
		vendor: 'Luxul ',
		manufacturer: 'Luxul',
		models: ['SW-510-24P', 'AMS-1208P'],
		typeId: 28,
		connectWiseType: 'Network Switch',
		oui: 'A4:13:4E',
		serialStyle: 'macLabel',
		hostPrefix: 'SW',
		subtypes: ['local'],
		weight: 1,
	},
	{
		kind: 'accessPoint',
		vendor: 'Ubiquiti Inc',
		manufacturer: 'Ubiquiti',
		models: ['U6-Pro', 'U6-LR', 'UAP-AC-PRO'],
		typeId: 32,
		connectWiseType: 'Access Point',
		oui: '74:83:C2',
		serialStyle: 'macBare',
		hostPrefix: 'AP',
		subtypes: ['local'],
		weight: 4,
	},
	{
		kind: 'accessPoint',
		vendor: 'Cisco Meraki',
		manufacturer: 'Cisco',
		models: ['MR36', 'MR46', 'MR44'],
		typeId: 32,
		connectWiseType: 'Access Point',
		oui: '0C:8D:DB',
		serialStyle: 'meraki',
		hostPrefix: 'AP',
		subtypes: ['local'],
		weight: 2,
	},
	{
		kind: 'accessPoint',
		vendor: 'Hewlett Packard Enterprise',
		manufacturer: 'HPE',
		models: ['Aruba AP-515', 'Aruba Instant On AP22'],
		typeId: 32,
		connectWiseType: 'Access Point',
		oui: '20:4C:03',
		serialStyle: 'hpe',
		hostPrefix: 'AP',
		subtypes: ['local'],
		weight: 1,
	},
	{
		kind: 'firewall',
		vendor: 'Fortinet',
		manufacturer: 'Fortinet',
		models: ['FortiGate-60F', 'FortiGate-100F', 'FortiGate-40F'],
		typeId: 83,
		detectedTypeId: 2003,
		connectWiseType: 'Firewall',
		oui: '00:09:0F',
		serialStyle: 'fortinet',
		hostPrefix: 'FW',
		subtypes: ['local'],
		weight: 1,
	},
	{
		kind: 'firewall',
		vendor: 'SonicWall',
		manufacturer: 'SonicWall',
		models: ['TZ370', 'TZ470', 'NSa 2700'],
		typeId: 83,
		connectWiseType: 'Firewall',
		oui: '2C:B8:ED',
		serialStyle: 'macBare',
		hostPrefix: 'FW',
		subtypes: ['local'],
		weight: 1,
	},
	{
		kind: 'router',
		vendor: 'Cisco Systems',
		manufacturer: 'Cisco',
		models: ['ISR4331/K9', 'C1111-8P'],
		typeId: 78,
		connectWiseType: 'Router',
		oui: '00:2A:10',
		serialStyle: 'cisco',
		hostPrefix: 'RT',
		subtypes: ['local', 'subnet'],
		weight: 1,
	},
	{
		kind: 'router',
		vendor: 'Ubiquiti Inc',
		manufacturer: 'Ubiquiti',
		models: ['UDM-Pro', 'UXG-Pro'],
		typeId: 82,
		connectWiseType: 'Router',
		oui: '24:5A:4C',
		serialStyle: 'macBare',
		hostPrefix: 'GW',
		subtypes: ['local'],
		weight: 1,
	},
	{
		kind: 'nas',
		vendor: 'Synology Incorporated',
		manufacturer: 'Synology',
		models: ['DS920+', 'RS1221+', 'DS1522+'],
		typeId: 7,
		connectWiseType: 'NAS',
		oui: '00:11:32',
		serialStyle: 'synology',
		os: 'linux',
		hostPrefix: 'NAS',
		subtypes: ['local', 'subnet'],
		weight: 2,
	},
	{
		kind: 'ups',
		vendor: 'American Power Conversion Corp.',
		manufacturer: 'APC',
		models: ['Smart-UPS 1500', 'SMT1500RM2U', 'Back-UPS Pro 1500'],
		typeId: 88,
		connectWiseType: 'UPS',
		oui: '00:C0:B7',
		serialStyle: 'apc',
		hostPrefix: 'UPS',
		subtypes: ['local', 'subnet'],
		weight: 2,
		friendlyNames: ['Server room UPS', 'Rack UPS', 'Network closet UPS'],
	},
	{
		kind: 'printer',
		vendor: 'HP',
		manufacturer: 'HP',
		models: ['LaserJet Pro M404dn', 'Color LaserJet Pro MFP M479fdw', 'LaserJet Enterprise M507'],
		typeId: 8,
		detectedTypeId: 2002,
		connectWiseType: 'Printer',
		oui: '3C:52:82',
		serialStyle: 'hpPrinter',
		hostPrefix: 'PRN',
		subtypes: ['local', 'subnet'],
		weight: 4,
		friendlyNames: ['Reception printer', 'Accounting printer', 'Warehouse label printer'],
	},
	{
		kind: 'printer',
		vendor: 'Brother Industries',
		manufacturer: 'Brother',
		models: ['HL-L8360CDW', 'MFC-L8900CDW', 'HL-L6400DW'],
		typeId: 8,
		connectWiseType: 'Printer',
		oui: '00:80:77',
		serialStyle: 'brother',
		hostPrefix: 'PRN',
		subtypes: ['local'],
		weight: 2,
		friendlyNames: ['Front desk printer', 'Back office MFP'],
	},
	{
		kind: 'camera',
		vendor: 'Axis Communications AB',
		manufacturer: 'Axis',
		models: ['P3245-V', 'M3106-L Mk II', 'Q6135-LE'],
		typeId: 22,
		connectWiseType: 'Camera',
		oui: 'AC:CC:8E',
		serialStyle: 'macBare',
		hostPrefix: 'CAM',
		subtypes: ['local'],
		weight: 3,
		friendlyNames: ['Loading dock camera', 'Lobby camera', 'Parking lot camera'],
	},
	{
		kind: 'camera',
		vendor: 'Hangzhou Hikvision Digital Technology',
		manufacturer: 'Hikvision',
		models: ['DS-2CD2143G2-I', 'DS-2CD2387G2-LU'],
		typeId: 22,
		connectWiseType: 'Camera',
		oui: 'C0:56:E3',
		serialStyle: 'hikvision',
		hostPrefix: 'CAM',
		subtypes: ['local'],
		weight: 2,
		friendlyNames: ['Back door camera', 'Stockroom camera'],
	},
	{
		kind: 'virtualMachine',
		vendor: 'VMware, Inc.',
		manufacturer: 'VMware',
		models: ['VMware Virtual Platform', 'VMware7,1'],
		typeId: 89,
		connectWiseType: 'Virtual Machine',
		oui: '00:50:56',
		serialStyle: 'vmware',
		os: 'windowsServer',
		hostPrefix: 'VM',
		subtypes: ['local', 'subnet'],
		weight: 4,
	},
	{
		kind: 'virtualMachine',
		vendor: 'Proxmox Server Solutions GmbH',
		manufacturer: 'Proxmox',
		models: ['STANDARD PC (I440FX + PIIX, 1996)', 'Standard PC (Q35 + ICH9, 2009)'],
		typeId: 89,
		connectWiseType: 'Virtual Machine',
		oui: 'BC:24:11',
		serialStyle: 'none',
		os: 'linux',
		hostPrefix: 'VM',
		subtypes: ['local'],
		weight: 2,
	},
	{
		kind: 'virtualMachine',
		vendor: 'Microsoft Corporation',
		manufacturer: 'Microsoft',
		models: ['Virtual Machine'],
		typeId: 89,
		connectWiseType: 'Virtual Machine',
		oui: '00:15:5D',
		serialStyle: 'hyperV',
		os: 'windowsServer',
		hostPrefix: 'VM',
		subtypes: ['local', 'subnet'],
		weight: 2,
	},
	{
		kind: 'voipPhone',
		vendor: 'Yealink(Xiamen) Network Technology',
		manufacturer: 'Yealink',
		models: ['SIP-T54W', 'SIP-T46U', 'W60B'],
		typeId: 11,
		connectWiseType: 'VoIP Phone',
		oui: '80:5E:C0',
		serialStyle: 'yealink',
		hostPrefix: 'PH',
		subtypes: ['local'],
		weight: 6,
	},
	{
		kind: 'voipPhone',
		vendor: 'Polycom',
		manufacturer: 'Poly',
		models: ['VVX 450', 'CCX 400'],
		typeId: 11,
		connectWiseType: 'VoIP Phone',
		oui: '64:16:7F',
		serialStyle: 'macBare',
		hostPrefix: 'PH',
		subtypes: ['local'],
		weight: 3,
	},
	{
		kind: 'mobile',
		vendor: 'Apple',
		manufacturer: 'Apple',
		models: ['iPhone', 'iPad'],
		typeId: 9,
		connectWiseType: 'Mobile Device',
		oui: 'F0:18:98',
		serialStyle: 'none',
		os: 'ios',
		hostPrefix: 'MOB',
		subtypes: ['local'],
		weight: 4,
	},
	{
		kind: 'mobile',
		vendor: 'Samsung Electronics Co.,Ltd',
		manufacturer: 'Samsung',
		models: ['Galaxy S23', 'Galaxy Tab S8'],
		typeId: 9,
		connectWiseType: 'Mobile Device',
		oui: '8C:79:F5',
		serialStyle: 'none',
		os: 'android',
		hostPrefix: 'MOB',
		subtypes: ['local'],
		weight: 2,
	},
	{
		kind: 'smartTv',
		vendor: 'Samsung Electronics Co.,Ltd',
		manufacturer: 'Samsung',
		models: ['QN65Q60B', 'UN55TU7000'],
		typeId: 19,
		connectWiseType: 'Managed Device',
		oui: 'F4:7B:09',
		serialStyle: 'samsung',
		hostPrefix: 'TV',
		subtypes: ['local'],
		weight: 1,
		friendlyNames: ['Boardroom 65" TV', 'Lobby 55" display', 'Break room "Samsung" TV'],
	},
	{
		kind: 'thermostat',
		vendor: 'ecobee inc',
		models: ['ecobee3 lite', 'SmartThermostat'],
		typeId: 53,
		connectWiseType: 'IoT Device',
		oui: '44:61:32',
		serialStyle: 'none',
		hostPrefix: 'IOT',
		subtypes: ['local'],
		weight: 1,
		friendlyNames: ['Office thermostat', 'Server room thermostat'],
	},
	{
		kind: 'speaker',
		vendor: 'Sonos, Inc.',
		models: ['One SL', 'Era 100'],
		typeId: 20,
		connectWiseType: 'IoT Device',
		oui: '48:A6:B8',
		serialStyle: 'none',
		hostPrefix: 'IOT',
		subtypes: ['local'],
		weight: 1,
		friendlyNames: ['Lobby speaker', 'Break room speaker'],
	},
	{
		kind: 'raspberryPi',
		vendor: 'Raspberry Pi Trading Ltd',
		manufacturer: 'Raspberry Pi',
		models: ['Raspberry Pi 4 Model B', 'Raspberry Pi 5'],
		typeId: 98,
		connectWiseType: 'Managed Device',
		oui: 'DC:A6:32',
		serialStyle: 'raspberryPi',
		os: 'linux',
		hostPrefix: 'PI',
		subtypes: ['local'],
		weight: 1,
		friendlyNames: ['Lobby signage Pi', 'Door controller Pi'],
	},
	{
		kind: 'website',
		models: [],
		typeId: 94,
		connectWiseType: 'Managed Device',
		serialStyle: 'none',
		hostPrefix: 'WEB',
		subtypes: ['external'],
		weight: 1,
		friendlyNames: ['Public website', 'Customer portal', 'Webmail'],
	},
	{
		kind: 'pduOutlet',
		models: [],
		typeId: 14,
		connectWiseType: 'Managed Device',
		serialStyle: 'none',
		hostPrefix: 'PDU',
		subtypes: ['dummy'],
		weight: 1,
		friendlyNames: ['Rack PDU outlet 3', 'Rack PDU outlet 7', 'Modem power outlet'],
	},
];

/** Serial styles that produce a real, unique serial number (the others are junk or absent). */
export const USABLE_SERIAL_STYLES: ReadonlySet<SerialStyle> = new Set<SerialStyle>([
	'dell',
	'hp',
	'lenovo',
	'hpe',
	'cisco',
	'meraki',
	'netgear',
	'fortinet',
	'synology',
	'apc',
	'hpPrinter',
	'brother',
	'hikvision',
	'vmware',
	'hyperV',
	'yealink',
	'apple',
	'samsung',
	'raspberryPi',
]);

/** Hardware whose firmware reports a BIOS/DMI serial, and so sometimes a BIOS placeholder. */
export const BIOS_PROFILE_KINDS: ReadonlySet<ProfileKind> = new Set<ProfileKind>([
	'desktop',
	'notebook',
	'server',
	'virtualMachine',
]);

/** BIOS/DMI placeholders (reference §1.10: lf-edge/eve PR #6381, mondoohq/mql PR #8466). */
export const PLACEHOLDER_SERIALS: readonly string[] = [
	'To be filled by O.E.M.',
	'Default string',
	'System Serial Number',
	'0',
	'None',
	'N/A',
	'0123456789',
	'Not Specified',
];

/** One character repeated: typed in by installers or reported by cheap firmware. */
export const REPEATED_CHARACTER_SERIALS: readonly string[] = [
	'00000000',
	'XXXXXXXXXX',
	'1111111',
	'FFFFFFFF',
];

interface OsRelease {
	name: string;
	version: string;
	build: string;
	/** How PSA agents write it into `osType`. */
	connectWiseName: string;
}

export const OPERATING_SYSTEMS: Record<OsFamily, readonly OsRelease[]> = {
	windowsDesktop: [
		{ name: 'Windows', version: '11', build: '22631', connectWiseName: 'Windows 11 Pro' },
		{ name: 'Windows', version: '10', build: '19045', connectWiseName: 'Windows 10 Pro' },
		{ name: 'Windows', version: '11', build: '26100', connectWiseName: 'Windows 11 Enterprise' },
	],
	windowsServer: [
		{
			name: 'Windows Server',
			version: '2022',
			build: '20348',
			connectWiseName: 'Windows Server 2022 Standard',
		},
		{
			name: 'Windows Server',
			version: '2019',
			build: '17763',
			connectWiseName: 'Windows Server 2019 Standard',
		},
	],
	linux: [
		{ name: 'Ubuntu', version: '22.04', build: '5.15.0-105', connectWiseName: 'Ubuntu 22.04 LTS' },
		{ name: 'Debian', version: '12', build: '6.1.0-21', connectWiseName: 'Debian 12' },
	],
	ios: [{ name: 'iOS', version: '17.5', build: '21F79', connectWiseName: 'iOS 17' }],
	android: [{ name: 'Android', version: '14', build: 'UP1A', connectWiseName: 'Android 14' }],
};

/** Fictional customers; apostrophes and ampersands are kept on purpose (query quoting). */
export const COMPANY_NAMES: readonly string[] = [
	'Acme Corporation',
	'Globex Inc.',
	'Initech',
	'Umbrella Health Clinics',
	'Stark Logistics',
	'Wayne Architecture',
	'Cyberdyne Dental',
	'Soylent Foods',
	'Hooli Legal LLP',
	'Vandelay Industries',
	'Dunder Mifflin Paper Co.',
	'Wonka Confectionery',
	'Tyrell Engineering',
	'Oscorp Labs',
	'Pied Piper Accounting',
	'Massive Dynamic',
	'Bluth Homes',
	'Gringotts Credit Union',
	'Prestige Worldwide',
	'Monarch Veterinary',
	'Sterling Cooper Advertising',
	'Kramerica Industries',
	'Los Pollos Hermanos',
	'Nakatomi Trading',
	'Virtucon',
	'Weyland Freight',
	'Aperture Orthodontics',
	'Black Mesa School District',
	'Gekko & Co.',
	'Duff Brewing',
	'Paper Street Soap Co.',
	'Rekall Travel',
	'Spacely Sprockets',
	'Cogswell Cogs',
	"Ollivander's Wands",
	'Bubba Gump Seafood',
	'Zorg Industries',
	'Dharma Research',
	'Oceanic Air Cargo',
	"Mooby's Family Restaurants",
	'Benthic Petroleum',
	'InGen Biotech',
	'Nuka-Cola Bottling',
	'Stay Puft Marshmallow',
	'Omni Consumer Products',
	'Buy n Large Retail',
	'Gotham City Library',
	'Springfield Power',
	'Planet Express',
	'Brawndo Beverages',
	'Sirius Cybernetics',
	'Callahan Auto Parts',
	'Frobozz Magic Co.',
	'Yoyodyne Propulsion',
	'Ajax Plumbing',
	'Blue Sun Foods',
	'Praxis Medical Group',
	"Mom's Friendly Robots",
	'Sunnydale High School',
	'Bushwood Country Club',
];

/** Names of agents that belong to no ConnectWise company (trials, prospects, forgotten boxes). */
export const ORPHAN_AGENT_NAMES: readonly string[] = [
	'Smith Dental (trial)',
	'Northwind Traders - old office',
	'Prospect demo box',
	'Lab bench agent',
	'Contoso Pharmacy (pilot)',
];

/** Customer IDs typed into Domotz that match no ConnectWise identifier. */
export const UNKNOWN_CUSTOMER_IDS: readonly string[] = [
	'NWT-LEGACY',
	'CONTOSO01',
	'TBD',
	'CUST-0042',
];

export const AGENT_LOCATION_SUFFIXES: readonly string[] = [
	'HQ',
	'Main Office',
	'Head Office',
	'Main Site',
];

export const SITE_NAMES: readonly string[] = [
	'Main',
	'Warehouse',
	'Branch Office',
	'Data Center',
	'Remote Workers',
	'Annex',
];

export const CITIES: readonly string[] = [
	'Springfield',
	'Riverton',
	'Lakeside',
	'Fairview',
	'Georgetown',
	'Franklin',
	'Madison',
	'Clinton',
];

export const TIMEZONES: readonly string[] = [
	'America/New_York',
	'America/Chicago',
	'America/Denver',
	'America/Los_Angeles',
	'Europe/London',
	'Europe/Rome',
	'Australia/Sydney',
];

/** Names users give devices in Domotz (`user_data.name`). */
export const USER_DEVICE_NAMES: readonly string[] = [
	'CEO laptop',
	'Front desk "new" PC',
	'Spare - do not use',
	'Conference room PC',
	"Bob's workstation",
	'Old server (keep)',
];

export const ZONES: readonly string[] = [
	'Server room',
	'Network closet',
	'Office',
	'Warehouse',
	'Lobby',
];
export const ROOMS: readonly string[] = ['Rack A', 'Rack B', 'Reception', 'Room 101', 'Room 204'];
export const NOTES: readonly string[] = [
	'Replaced power supply 2024-11',
	'Do not reboot during business hours',
	'Leased, return at end of contract',
	'Owned by the landlord',
];

/** ConnectWise configuration types; `inactive` ones exist but are retired. */
export const CONFIGURATION_TYPES: ReadonlyArray<{ name: string; inactive?: true }> = [
	{ name: 'Workstation' },
	{ name: 'Server' },
	{ name: 'Network Switch' },
	{ name: 'Firewall' },
	{ name: 'Router' },
	{ name: 'Access Point' },
	{ name: 'Printer' },
	{ name: 'UPS' },
	{ name: 'Camera' },
	{ name: 'Virtual Machine' },
	{ name: 'NAS' },
	{ name: 'VoIP Phone' },
	{ name: 'Mobile Device' },
	{ name: 'IoT Device' },
	{ name: 'Managed Device' },
	{ name: 'Software License' },
	{ name: 'Legacy Terminal', inactive: true },
];

export type ConfigurationStatusName = 'Active' | 'Inactive' | 'Decommissioned';

/** Statuses; configurations in a closed status also carry `activeFlag: false`. */
export const CONFIGURATION_STATUSES: ReadonlyArray<{
	description: ConfigurationStatusName;
	closed: boolean;
	default?: true;
}> = [
	{ description: 'Active', closed: false, default: true },
	{ description: 'Inactive', closed: true },
	{ description: 'Decommissioned', closed: true },
];

/** Assets a PSA records that no network scan finds. */
export const OFF_NETWORK_ASSETS: ReadonlyArray<{
	name: string;
	type: string;
	manufacturer?: string;
}> = [
	{ name: 'Home office laptop', type: 'Workstation', manufacturer: 'Dell' },
	{ name: 'Spare switch (boxed)', type: 'Network Switch', manufacturer: 'Cisco' },
	{ name: 'Microsoft 365 Business Premium', type: 'Software License', manufacturer: 'Microsoft' },
	{ name: 'Conference room 27" monitor', type: 'Managed Device', manufacturer: 'Dell' },
	{ name: 'Sales rep laptop', type: 'Workstation', manufacturer: 'Lenovo' },
	{ name: 'Backup USB drive', type: 'Managed Device' },
	{ name: 'Loaner "spare" laptop', type: 'Workstation', manufacturer: 'HP' },
];

/** Records whose names carry double quotes, as people type them into a PSA. */
export const QUOTED_CONFIGURATION_NAMES: ReadonlyArray<{
	name: string;
	type: string;
	manufacturer?: string;
}> = [
	{ name: 'Reception PC "Front Desk"', type: 'Workstation', manufacturer: 'Dell' },
	{ name: '19" rack switch (spare)', type: 'Network Switch', manufacturer: 'Netgear' },
	{ name: '"Old" file server', type: 'Server', manufacturer: 'HPE' },
	{ name: 'Boardroom 75" display', type: 'Managed Device', manufacturer: 'Samsung' },
];

/** Other tools' ids that sit in `deviceIdentifier` (N-central writes its device id there). */
export const FOREIGN_DEVICE_IDENTIFIER_PREFIXES: readonly string[] = ['NC-', 'ATM-', 'RMM:'];

export const MSP = { name: 'Bright Harbor IT', identifier: 'BrightHarborIT' } as const;

export const DOMOTZ_USER = { id: 1001, name: 'noc@brightharbor.example' } as const;

/** Extra configuration custom fields that exist in every tenant. */
export const OTHER_CUSTOM_FIELDS: ReadonlyArray<{ caption: string; type: 'Text' | 'Date' }> = [
	{ caption: 'Asset Owner', type: 'Text' },
	{ caption: 'Warranty End', type: 'Date' },
];

export const LINK_FIELD_CAPTION = defaultLinkStore.caption;

export const ASSET_OWNERS: readonly string[] = ['Finance', 'Operations', 'Front office', 'IT'];
