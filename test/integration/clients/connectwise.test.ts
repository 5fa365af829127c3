import { ConnectWiseClient, type ConnectWiseClientOptions } from '../../../lib/connectwise/client';
import { eq, UnquotableValueError } from '../../../lib/connectwise/conditions';
import {
	ApiError,
	IntegrationError,
	ResponseShapeError,
	SetupError,
	UncertainWriteError,
} from '../../../lib/http/errors';
import type { FaultKind } from '../../simulators/common/http-simulator';
import {
	ConnectWiseSimulator,
	defaultSeed,
	type ConfigurationInput,
	type Credentials,
	type MemberSeed,
} from '../../simulators/connectwise';
import { connectWiseBasicAuth, createFetchPort } from '../../support/fetch-port';
import { ErrorCollector, basicToken, manualClock, recordingSleep } from './support';

const credentials: Credentials = {
	companyId: 'domotzlab',
	publicKey: 'dummyPublicA1b2C3d4',
	privateKey: 'dummyPrivateZ9y8X7w6',
	clientId: '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};

const wrongPrivateKey: Credentials = { ...credentials, privateKey: 'dummyWrongQ1w2E3r4T5' };

/** A valid API member whose role leaves out the Configurations module entirely. */
const companiesOnlyMember: MemberSeed = {
	identifier: 'CompaniesOnly',
	publicKey: 'dummyPublicNoConfigs7',
	privateKey: 'dummyPrivateNoConfigs8',
	securityRole: {
		name: 'Companies only',
		permissions: { 'Company Maintenance': ['inquire'], 'Table Setup': ['inquire'] },
	},
};

const companiesOnlyLogin: Credentials = {
	...credentials,
	publicKey: companiesOnlyMember.publicKey,
	privateKey: companiesOnlyMember.privateKey,
};

const secrets = [
	credentials.privateKey,
	wrongPrivateKey.privateKey,
	companiesOnlyLogin.privateKey,
	basicToken(credentials),
	basicToken(wrongPrivateKey),
	basicToken(companiesOnlyLogin),
];

const acme = { id: 2 };
const globex = { id: 3 };
const switchType = { id: 5 };

const clock = manualClock();
const simulator = new ConnectWiseSimulator({
	credentials,
	clock: clock.now,
	seed: { ...defaultSeed(), members: [companiesOnlyMember] },
});
const collected = new ErrorCollector();

beforeAll(async () => {
	await simulator.start();
});

afterAll(async () => {
	await simulator.close();
});

beforeEach(() => {
	simulator.reset();
});

function connectWiseClient(
	overrides: Partial<ConnectWiseClientOptions> = {},
	login: Credentials = credentials,
) {
	const { sleep, delays } = recordingSleep();
	const client = new ConnectWiseClient({
		http: createFetchPort({ authenticate: connectWiseBasicAuth(login) }),
		sleep,
		random: () => 0.5,
		site: simulator.baseUrl,
		companyId: login.companyId,
		codebase: simulator.codebase,
		...overrides,
	});
	return { client, delays };
}

function addConfiguration(fields: Partial<ConfigurationInput> = {}) {
	return simulator.state.addConfiguration({
		name: 'core-switch',
		type: switchType,
		company: acme,
		...fields,
	});
}

function seedConfigurations(count: number, company: { id: number }): number[] {
	return Array.from(
		{ length: count },
		(_, index) =>
			addConfiguration({
				name: `device-${company.id}-${index}`,
				company,
				serialNumber: `SN-${company.id}-${index}`,
			}).id,
	);
}

function statusFault(
	status: number,
	extra: Omit<Extract<FaultKind, { type: 'status' }>, 'type' | 'status'> = {},
): FaultKind {
	return { type: 'status', status, ...extra };
}

describe('ConnectWise listing', () => {
	it('reads more than 2,500 configurations of one company through the Link pages', async () => {
		const acmeIds = seedConfigurations(2_600, acme);
		seedConfigurations(40, globex);
		const { client } = connectWiseClient();

		const listed = await client.listConfigurations({ conditions: eq('company/id', acme.id) });

		const ids = listed.map((configuration) => configuration.id);
		expect(ids).toHaveLength(2_600);
		expect(new Set(ids).size).toBe(2_600);
		expect(ids).toEqual(acmeIds);
		expect(simulator.http.count('GET', 'configurations.list')).toBe(3);
	});
});

describe('ConnectWise codebase discovery', () => {
	it('asks companyinfo once and then calls the API under the tenant codebase', async () => {
		const { client } = connectWiseClient({ codebase: undefined });

		await client.getSystemInfo();
		await client.listConfigurationTypes();

		expect(await client.apiBase()).toBe(simulator.apiBaseUrl);
		expect(simulator.http.requests().map((request) => request.path)).toEqual([
			`/login/companyinfo/${credentials.companyId}`,
			`/${simulator.codebase}apis/3.0/system/info`,
			`/${simulator.codebase}apis/3.0/company/configurations/types`,
		]);
	});

	it.each(['NoSuchCompany', 'DOMOTZLAB'])(
		'raises a SetupError for the company ID %s and calls no API',
		async (companyId) => {
			const { client } = connectWiseClient({ codebase: undefined, companyId });

			const error = await collected.rejectionOf(client.getSystemInfo());

			expect(error).toBeInstanceOf(SetupError);
			expect((error as SetupError).message).toContain(`"${companyId}"`);
			expect((error as SetupError).hint).toMatch(/company ID/);
			expect(simulator.http.requests().map((request) => request.route)).toEqual([
				'login.companyInfo',
			]);
		},
	);
});

describe('ConnectWise retries', () => {
	it('waits exactly as long as Retry-After says after an injected 429', async () => {
		simulator.http.setFaults([
			{
				route: 'configurations.get',
				fault: statusFault(429, {
					headers: { 'Retry-After': '7' },
					body: { error: 'ConnectWiseAPI', message: 'Too many requests.' },
				}),
				rate: 1,
				times: 1,
			},
		]);
		const { id } = addConfiguration();
		const { client, delays } = connectWiseClient();

		const configuration = await client.getConfiguration(id);

		expect(configuration.id).toBe(id);
		expect(delays).toEqual([7_000]);
		expect(simulator.http.count('GET', 'configurations.get')).toBe(2);
	});

	it('gets through the request budget by following its Retry-After', async () => {
		const budgetClock = manualClock();
		const throttled = new ConnectWiseSimulator({
			credentials,
			clock: budgetClock.now,
			requestsPerMinute: 2,
		});
		await throttled.start();
		const { sleep, delays } = recordingSleep(budgetClock.advance);
		const client = new ConnectWiseClient({
			http: createFetchPort({ authenticate: connectWiseBasicAuth(credentials) }),
			sleep,
			site: throttled.baseUrl,
			companyId: credentials.companyId,
			codebase: throttled.codebase,
		});
		try {
			await client.getSystemInfo();
			await client.getSystemInfo();
			budgetClock.advance(20_000);

			const info = await client.getSystemInfo();

			expect(info.version).toMatch(/^v2025\.1/);
			expect(delays).toEqual([40_000]);
			expect(throttled.http.requests().map((request) => request.status)).toEqual([
				200, 200, 429, 200,
			]);
		} finally {
			await throttled.close();
		}
	});

	it.each([500, 502, 503, 504])(
		'repeats a GET after two %i answers with growing backoff',
		async (status) => {
			simulator.http.setFaults([
				{ route: 'configurations.get', fault: statusFault(status), rate: 1, times: 2 },
			]);
			const { id } = addConfiguration();
			const { client, delays } = connectWiseClient();

			const configuration = await client.getConfiguration(id);

			expect(configuration.id).toBe(id);
			expect(delays).toEqual([250, 500]);
			expect(simulator.http.count('GET', 'configurations.get')).toBe(3);
		},
	);

	it('gives up on a GET after five 503 answers with an ApiError', async () => {
		simulator.http.setFaults([{ route: 'configurations.get', fault: statusFault(503), rate: 1 }]);
		const { id } = addConfiguration();
		const { client, delays } = connectWiseClient();

		const error = await collected.rejectionOf(client.getConfiguration(id));

		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 503, reason: 'server' });
		expect((error as ApiError).message).toContain('after 5 attempts');
		expect(delays).toEqual([250, 500, 1_000, 2_000]);
		expect(simulator.http.count('GET', 'configurations.get')).toBe(5);
	});

	it.each<[string, FaultKind]>([
		['a 503', statusFault(503)],
		['a connection reset', { type: 'reset' }],
		['a timeout', { type: 'timeout' }],
	])('never repeats a create hit by %s: UncertainWriteError', async (_label, fault) => {
		simulator.http.setFaults([{ route: 'configurations.create', fault, rate: 1, times: 1 }]);
		const before = simulator.state.configurations().length;
		const { client, delays } = connectWiseClient({ timeoutMs: 300 });

		const error = await collected.rejectionOf(
			client.createConfiguration({ name: 'new-ap', type: switchType, company: acme }),
		);

		expect(error).toBeInstanceOf(UncertainWriteError);
		expect((error as UncertainWriteError).message).toContain(
			'POST /v2025_1/apis/3.0/company/configurations may or may not have been applied',
		);
		expect(simulator.http.count('POST', 'configurations.create')).toBe(1);
		expect(delays).toEqual([]);
		expect(simulator.state.configurations()).toHaveLength(before);
	});
});

describe('ConnectWise authentication and permissions', () => {
	it.each<[string, Partial<ConnectWiseClientOptions>, Credentials, number, string, RegExp]>([
		[
			'a wrong private key',
			{},
			wrongPrivateKey,
			401,
			'authentication',
			/with 401 \(authentication failed\)/,
		],
		[
			'a missing clientId header',
			{
				http: createFetchPort({
					authenticate: () => ({ Authorization: `Basic ${basicToken(credentials)}` }),
				}),
			},
			credentials,
			400,
			'invalidRequest',
			/The clientId header is required/,
		],
		[
			'a member without the Configurations role',
			{},
			companiesOnlyLogin,
			403,
			'permission',
			/with 403 \(permission denied\): You do not have security permission/,
		],
	])('reports %s clearly', async (_label, overrides, login, status, reason, message) => {
		const { client, delays } = connectWiseClient(overrides, login);

		const error = await collected.rejectionOf(client.listConfigurations());

		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status, reason });
		expect((error as ApiError).message).toMatch(message);
		expect(delays).toEqual([]);
	});

	it('lets the member without the Configurations role read companies', async () => {
		const { client } = connectWiseClient({}, companiesOnlyLogin);

		const companies = await client.listCompanies();

		expect(companies.map((company) => company.id)).toEqual([2, 3, 4]);
	});
});

describe('ConnectWise conditions with hostile serial numbers', () => {
	const hostileSerials = ["O'Brien 7", 'AT&T-0042', 'SN+123', 'SN*', '[SN]', '50%', 'a=b;c'];
	/** Each would match one of the hostile values if that value were mis-encoded or mis-escaped. */
	const decoys = ['X', 'AT', 'AT&T', 'SN 123', 'SN123', 'SN', 'SNX', 'S', 'N', '50', '500', 'back'];

	it.each(hostileSerials)('eq(serialNumber, %s) finds that configuration only', async (serial) => {
		for (const value of [...hostileSerials, ...decoys]) {
			addConfiguration({ name: `device ${value}`, serialNumber: value });
		}
		const { client } = connectWiseClient();

		const found = await client.listConfigurations({ conditions: eq('serialNumber', serial) });

		expect(found.map((configuration) => configuration.serialNumber)).toEqual([serial]);
	});

	it.each(['X" OR name like "*', 'back\\slash"quote', 'C:\\temp'])(
		'refuses to build a condition for %s: no documented condition can hold it',
		(serial) => {
			expect(() => eq('serialNumber', serial)).toThrow(UnquotableValueError);
		},
	);
});

describe('ConnectWise writes and response shapes', () => {
	it('applies a JSON Patch and moves _info.lastUpdated forward', async () => {
		const seeded = addConfiguration({ serialNumber: 'OLD-1', notes: 'seeded' });
		clock.advance(90_000);
		const { client } = connectWiseClient();

		const patched = await client.patchConfiguration(seeded.id, [
			{ op: 'replace', path: 'serialNumber', value: 'NEW-1' },
			{ op: 'replace', path: 'notes', value: 'from Domotz' },
		]);

		expect(patched).toMatchObject({
			id: seeded.id,
			name: seeded.name,
			serialNumber: 'NEW-1',
			notes: 'from Domotz',
		});
		expect(Date.parse(patched._info?.lastUpdated ?? '')).toBe(
			Date.parse(seeded._info.lastUpdated) + 90_000,
		);
		expect(simulator.state.configuration(seeded.id)).toMatchObject({ serialNumber: 'NEW-1' });
	});

	it.each<[string, string, unknown, (client: ConnectWiseClient) => Promise<unknown>, string]>([
		[
			'a configuration with a text id',
			'configurations.get',
			{ id: 'seven', name: 'core-switch' },
			async (client) => await client.getConfiguration(7),
			'id',
		],
		[
			'a list with a numeric serial',
			'configurations.list',
			[
				{ id: 1, name: 'ok' },
				{ id: 2, name: 'bad', serialNumber: 42 },
			],
			async (client) => await client.listConfigurations(),
			'[1].serialNumber',
		],
	])(
		'rejects %s with a ResponseShapeError naming the path',
		async (_label, route, body, call, path) => {
			simulator.http.setFaults([{ route, fault: statusFault(200, { body }), rate: 1 }]);
			const { client } = connectWiseClient();

			const error = await collected.rejectionOf(call(client));

			expect(error).toBeInstanceOf(ResponseShapeError);
			expect((error as ResponseShapeError).issues.map((issue) => issue.path)).toEqual([path]);
			expect((error as ResponseShapeError).message).toContain(`${path}: `);
		},
	);
});

describe('ConnectWise errors and credentials', () => {
	it('shows no private key nor Basic token in any error raised above', () => {
		expect(collected.errors).toHaveLength(11);
		expect(collected.errors.every((error) => error instanceof IntegrationError)).toBe(true);
		expect(collected.leaks(secrets)).toEqual([]);
	});
});
