import type { ConnectWiseSeed, Credentials, MemberSeed, SecurityRole } from './model';
import { COMPANY_POD_ID, CONTACT_POD_ID } from './user-defined-fields';

/** Security roles as data, so tests can take a permission away and expect the 403. */
export const SECURITY_ROLES = {
	admin: {
		name: 'Admin',
		permissions: {
			'Company Maintenance': ['add', 'edit', 'delete', 'inquire'],
			Configurations: ['add', 'edit', 'delete', 'inquire'],
			Notes: ['add', 'edit', 'delete', 'inquire'],
			'Table Setup': ['add', 'edit', 'delete', 'inquire'],
		},
	},
	/** What Domotz's own PSA integration asks for (reference §5): no delete anywhere. */
	domotzIntegration: {
		name: 'Domotz Integration',
		permissions: {
			'Company Maintenance': ['inquire'],
			Configurations: ['add', 'edit', 'inquire'],
			'Table Setup': ['add', 'edit', 'inquire'],
		},
	},
	readOnly: {
		name: 'Read Only',
		permissions: {
			'Company Maintenance': ['inquire'],
			Configurations: ['inquire'],
			'Table Setup': ['inquire'],
		},
	},
} satisfies Record<string, SecurityRole>;

/** Placeholder key pair of the built-in API member; not a secret anywhere. */
export const DEFAULT_CREDENTIALS: Credentials = {
	companyId: 'domotzlab',
	publicKey: 'sim-dummy-public',
	privateKey: 'sim-dummy-private',
	clientId: '1f0c3b9e-5d2a-4c8e-9f6b-7a1d2e3c4b5a',
};

export const DEFAULT_MEMBER_IDENTIFIER = 'DomotzSync';

/** The API member behind {@link DEFAULT_CREDENTIALS}; always present (see `ConnectWiseState.load`). */
export function defaultMember(credentials: Credentials): MemberSeed {
	return {
		id: 1,
		identifier: DEFAULT_MEMBER_IDENTIFIER,
		firstName: 'Domotz',
		lastName: 'Sync',
		publicKey: credentials.publicKey,
		privateKey: credentials.privateKey,
		securityRole: SECURITY_ROLES.admin,
	};
}

/** Configuration types most PSA tenants ship with. */
export const STANDARD_CONFIGURATION_TYPES = [
	'Managed Workstation',
	'Managed Server',
	'Network Device',
	'Firewall',
	'Switch',
	'Router',
	'Wireless Access Point',
	'Printer',
	'IP Camera',
	'VoIP Phone',
	'Storage',
	'Unknown Device',
];

/**
 * A small tenant that makes `new ConnectWiseSimulator()` usable at once: three companies with
 * sites, the usual types and statuses, a few manufacturers, one configuration custom field and a
 * field each on a company and a contact pod (which configurations do not show).
 * Returned fresh on every call so callers may spread and modify it.
 */
export function defaultSeed(): ConnectWiseSeed {
	return {
		companies: [
			{
				id: 2,
				identifier: 'AcmeCorp',
				name: 'Acme Corporation',
				status: { id: 1, name: 'Active' },
				types: [{ id: 1, name: 'Client' }],
				city: 'Springfield',
				deletedFlag: false,
			},
			{
				id: 3,
				identifier: 'GlobexInc',
				name: 'Globex Inc.',
				status: { id: 1, name: 'Active' },
				types: [{ id: 1, name: 'Client' }],
				city: 'Cypress Creek',
				deletedFlag: false,
			},
			{
				id: 4,
				identifier: 'Initech',
				name: 'Initech',
				status: { id: 1, name: 'Active' },
				types: [{ id: 1, name: 'Client' }],
				city: 'Austin',
				deletedFlag: false,
			},
		],
		sites: [
			{ id: 10, name: 'Main', company: { id: 2 }, primaryAddressFlag: true },
			{ id: 11, name: 'Warehouse', company: { id: 2 } },
			{ id: 12, name: 'Main', company: { id: 3 }, primaryAddressFlag: true },
			{ id: 13, name: 'Main', company: { id: 4 }, primaryAddressFlag: true },
		],
		types: STANDARD_CONFIGURATION_TYPES.map((name, index) => ({ id: index + 1, name })),
		statuses: [
			{ id: 1, description: 'Active', defaultFlag: true },
			{ id: 2, description: 'Inactive', closedFlag: true },
			{ id: 3, description: 'Retired', closedFlag: true },
		],
		manufacturers: [
			{ id: 1, name: 'Cisco' },
			{ id: 2, name: 'Ubiquiti' },
			{ id: 3, name: 'HP' },
			{ id: 4, name: 'Dell' },
			{ id: 5, name: 'Axis' },
		],
		userDefinedFields: [
			{ id: 1, caption: 'Domotz ID', fieldTypeIdentifier: 'Text', sequenceNumber: 1 },
			{
				id: 2,
				caption: 'Contract Ref',
				fieldTypeIdentifier: 'Text',
				podId: COMPANY_POD_ID,
				sequenceNumber: 1,
			},
			{
				id: 3,
				caption: 'Preferred Contact',
				fieldTypeIdentifier: 'Text',
				podId: CONTACT_POD_ID,
				sequenceNumber: 1,
			},
		],
		configurations: [],
	};
}
