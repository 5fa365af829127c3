import {
	ConnectWiseSimulator,
	connectWiseApiBase,
	type Credentials,
	defaultSeed,
	SECURITY_ROLES,
} from './index';
import { call } from './test-support';

interface AdminState {
	counts: Record<string, number>;
	seedError?: string;
}

const START = Date.parse('2025-03-01T10:00:00Z');

const READ_ONLY: Credentials = {
	companyId: 'domotzlab',
	publicKey: 'readonly-public',
	privateKey: 'readonly-private',
	clientId: '1f0c3b9e-5d2a-4c8e-9f6b-7a1d2e3c4b5a',
};

const NO_COMPANIES: Credentials = {
	...READ_ONLY,
	publicKey: 'nocompany-public',
	privateKey: 'nocompany-private',
};

describe('ConnectWise simulator gate', () => {
	let now = START;
	const simulator = new ConnectWiseSimulator({
		clock: () => now,
		seed: {
			...defaultSeed(),
			members: [
				{
					identifier: 'ReadOnlyApi',
					publicKey: READ_ONLY.publicKey,
					privateKey: READ_ONLY.privateKey,
					securityRole: SECURITY_ROLES.readOnly,
				},
				{
					identifier: 'NoCompanies',
					publicKey: NO_COMPANIES.publicKey,
					privateKey: NO_COMPANIES.privateKey,
					securityRole: {
						name: 'Configurations only',
						permissions: { Configurations: ['inquire'] },
					},
				},
			],
		},
	});

	beforeAll(async () => {
		await simulator.start();
	});
	afterAll(async () => {
		await simulator.close();
	});
	beforeEach(() => {
		now = START;
		simulator.reset();
	});

	describe('companyinfo', () => {
		it('answers the codebase without authentication', async () => {
			const response = await fetch(`${simulator.baseUrl}/login/companyinfo/domotzlab`);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({
				CompanyName: 'Domotz Lab MSP',
				Codebase: 'v2025_1/',
				VersionCode: 'v2025.1',
				VersionNumber: 'v4.6.10542',
				CompanyID: 'domotzlab',
				IsCloud: true,
				SiteUrl: new URL(simulator.baseUrl).host,
			});
		});

		it.each(['nosuchcompany', 'DomotzLab'])(
			'answers JSON null for %s (company ids are case-sensitive)',
			async (companyId) => {
				const response = await fetch(`${simulator.baseUrl}/login/companyinfo/${companyId}`);
				expect(response.status).toBe(200);
				expect(await response.text()).toBe('null');
			},
		);
	});

	it.each([
		['tenant codebase', () => simulator.apiBaseUrl],
		['v4_6_release router', () => simulator.routerApiBaseUrl],
	])('serves the API under the %s', async (_label, base) => {
		const answer = await call(simulator, '/system/info', { base: base() });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ version: 'v2025.1.10542', isCloud: true });
		expect(answer.headers.get('api-current-version')).toBe('2025.1');
	});

	it('answers "endpoint does not exist" for another codebase and for unknown routes', async () => {
		const otherCodebase = await call(simulator, '/system/info', {
			base: connectWiseApiBase(simulator.baseUrl, 'v2019_1/'),
		});
		const unknownRoute = await call(simulator, '/company/nothing');
		for (const answer of [otherCodebase, unknownRoute]) {
			expect(answer.status).toBe(404);
			expect(answer.body).toEqual({
				code: 'ConnectWiseApi',
				message: 'The endpoint does not exist.',
			});
		}
	});

	describe('clientId', () => {
		it('rejects a request without clientId with 400 naming the header', async () => {
			const answer = await call(simulator, '/system/info', { omitHeaders: ['clientId'] });
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ code: 'ConnectWiseApi' });
			expect((answer.body as { message: string }).message).toContain('clientId');
		});

		it('rejects a clientId that is not a GUID', async () => {
			const answer = await call(simulator, '/system/info', {
				headers: { clientId: 'my-integration' },
			});
			expect(answer.status).toBe(400);
			expect((answer.body as { message: string }).message).toContain('clientId');
		});

		it('accepts the header in any case', async () => {
			const answer = await call(simulator, '/system/info', {
				omitHeaders: ['clientId'],
				headers: { ClientID: simulator.credentials.clientId },
			});
			expect(answer.status).toBe(200);
		});
	});

	describe('authentication', () => {
		const notAuthenticated = {
			code: 'ConnectWiseApi',
			message: 'An exception has been thrown.',
			errors: [{ code: 'ConnectWiseApi', message: 'UserNotAuthenticated' }],
		};

		it('answers 401 without an Authorization header', async () => {
			const answer = await call(simulator, '/system/info', { omitHeaders: ['Authorization'] });
			expect(answer).toMatchObject({ status: 401, body: notAuthenticated });
		});

		it('answers 401 for a wrong private key', async () => {
			const answer = await call(simulator, '/system/info', {
				credentials: { ...simulator.credentials, privateKey: 'wrong-private' },
			});
			expect(answer).toMatchObject({ status: 401, body: notAuthenticated });
		});

		it('answers 401 for a key without the companyId+ prefix', async () => {
			const answer = await call(simulator, '/system/info', {
				headers: {
					Authorization: `Basic ${Buffer.from('sim-dummy-public:sim-dummy-private').toString('base64')}`,
				},
			});
			expect(answer.status).toBe(401);
		});

		it.each(['othercompany', 'DOMOTZLAB'])(
			'answers 404 like a cloud router for company %s',
			async (companyId) => {
				const answer = await call(simulator, '/company/configurations', {
					credentials: { ...simulator.credentials, companyId },
				});
				expect(answer).toMatchObject({
					status: 404,
					body: { code: 'ConnectWiseApi', message: 'The endpoint does not exist.' },
				});
			},
		);

		it('answers 401 for an unknown company when configured so', async () => {
			const strict = new ConnectWiseSimulator({ unknownCompanyStatus: 401 });
			await strict.start();
			const answer = await call(strict, '/system/info', {
				credentials: { ...strict.credentials, companyId: 'othercompany' },
			});
			await strict.close();
			expect(answer).toMatchObject({ status: 401, body: notAuthenticated });
		});

		it('accepts only registered clientIds when a list is configured', async () => {
			const registered = new ConnectWiseSimulator({
				clientIds: ['aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'],
			});
			await registered.start();
			const unregistered = await call(registered, '/system/info');
			const known = await call(registered, '/system/info', {
				headers: { clientId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' },
			});
			await registered.close();
			expect([unregistered.status, known.status]).toEqual([400, 200]);
		});
	});

	describe('security roles', () => {
		const denied = {
			code: 'Security',
			message: 'You do not have security permission to perform this action.',
		};

		it('lets a read-only member read but not add a configuration', async () => {
			const read = await call(simulator, '/company/configurations', { credentials: READ_ONLY });
			const add = await call(simulator, '/company/configurations', {
				method: 'POST',
				credentials: READ_ONLY,
				body: { name: 'x', type: { id: 1 }, company: { id: 2 } },
			});
			expect(read.status).toBe(200);
			expect(add).toMatchObject({ status: 403, body: denied });
			expect(simulator.state.configurationCount).toBe(0);
		});

		it.each([
			['POST', '/company/configurations/types', { name: 'Sensor' }],
			['POST', '/procurement/manufacturers', { name: 'Netgear' }],
			['POST', '/system/userDefinedFields', { caption: 'Asset Tag' }],
		])('needs Table Setup add for %s %s', async (method, path, body) => {
			const answer = await call(simulator, path, { method, body, credentials: READ_ONLY });
			expect(answer).toMatchObject({ status: 403, body: denied });
		});

		it('needs Company Maintenance inquire to list companies, not to read setup tables', async () => {
			const companies = await call(simulator, '/company/companies', { credentials: NO_COMPANIES });
			const types = await call(simulator, '/company/configurations/types', {
				credentials: NO_COMPANIES,
			});
			expect([companies.status, types.status]).toEqual([403, 200]);
		});

		it('needs Configurations delete to delete', async () => {
			const created = simulator.state.addConfiguration({
				name: 'x',
				type: { id: 1 },
				company: { id: 2 },
			});
			const answer = await call(simulator, `/company/configurations/${created.id}`, {
				method: 'DELETE',
				credentials: READ_ONLY,
			});
			expect(answer).toMatchObject({ status: 403, body: denied });
		});
	});

	describe('API version', () => {
		it.each([
			['application/vnd.connectwise.com+json; version=2025.1'],
			['application/vnd.connectwise.com+json; version=2021.1, application/json'],
			['application/vnd.connectwise.com+json'],
			['application/json'],
		])('accepts %s', async (accept) => {
			const answer = await call(simulator, '/system/info', { headers: { Accept: accept } });
			expect(answer.status).toBe(200);
		});

		it.each([
			['application/vnd.connectwise.com+json; version=3.0.0', '0.0'],
			['application/vnd.connectwise.com+json; version=', '0.0'],
			['application/vnd.connectwise.com+json; version=2030.1', '2030.1'],
			['application/vnd.connectwise.com+json; version=2018.6', '2018.6'],
		])('rejects %s', async (accept, shown) => {
			const answer = await call(simulator, '/company/configurations', {
				headers: { Accept: accept },
				query: { pageSize: 5 },
			});
			expect(answer).toEqual({
				status: 400,
				headers: expect.anything(),
				body: {
					code: 'ConnectWiseApi',
					message: `The HTTP resource that matches the request URI '${simulator.apiBaseUrl}/company/configurations?pageSize=5' does not support the API version '${shown}'.`,
				},
			});
		});

		it('answers 404 for an unsupported version when configured so', async () => {
			const strict = new ConnectWiseSimulator({ unsupportedVersionStatus: 404 });
			await strict.start();
			const answer = await call(strict, '/system/info', {
				headers: { Accept: 'application/vnd.connectwise.com+json; version=3.0.0' },
			});
			await strict.close();
			expect(answer.status).toBe(404);
		});
	});

	describe('throttling', () => {
		const throttled = new ConnectWiseSimulator({ requestsPerMinute: 3, clock: () => now });

		beforeAll(async () => {
			await throttled.start();
		});
		afterAll(async () => {
			await throttled.close();
		});
		beforeEach(() => throttled.reset());

		it('answers 429 with Retry-After and the "error" key once the minute budget is spent', async () => {
			const statuses: number[] = [];
			for (let request = 0; request < 3; request += 1) {
				statuses.push((await call(throttled, '/system/info')).status);
				now += 10_000;
			}
			const refused = await call(throttled, '/system/info');
			expect(statuses).toEqual([200, 200, 200]);
			expect(refused.status).toBe(429);
			expect(refused.headers.get('retry-after')).toBe('30');
			expect(refused.body).toEqual({
				error: 'ConnectWiseAPI',
				message: 'Too many requests. Please try again in 30 seconds.',
			});
		});

		it('lets requests through again once the window has moved past the oldest one', async () => {
			for (let request = 0; request < 3; request += 1) await call(throttled, '/system/info');
			const refused = await call(throttled, '/system/info');
			now += 60_000;
			const allowed = await call(throttled, '/system/info');
			expect([refused.status, refused.headers.get('retry-after'), allowed.status]).toEqual([
				429,
				'60',
				200,
			]);
		});

		it('does not count companyinfo against the budget', async () => {
			for (let request = 0; request < 5; request += 1) {
				await fetch(`${throttled.baseUrl}/login/companyinfo/domotzlab`);
			}
			expect((await call(throttled, '/system/info')).status).toBe(200);
		});

		it('forgets the window on reset', async () => {
			for (let request = 0; request < 3; request += 1) await call(throttled, '/system/info');
			throttled.reset();
			expect((await call(throttled, '/system/info')).status).toBe(200);
		});
	});

	describe('faults and counts', () => {
		it('serves an injected 503 once, then answers normally and counts both', async () => {
			simulator.http.setFaults([
				{
					route: 'configurations.list',
					fault: {
						type: 'status',
						status: 503,
						body: { code: 'ServiceUnavailable', message: 'Maintenance' },
					},
					rate: 1,
					times: 1,
				},
			]);
			const failed = await call(simulator, '/company/configurations');
			const recovered = await call(simulator, '/company/configurations', {
				base: simulator.routerApiBaseUrl,
			});
			expect([failed.status, recovered.status]).toEqual([503, 200]);
			expect(simulator.http.count('GET', 'configurations.list')).toBe(2);
		});

		it('drops the connection on an injected reset', async () => {
			simulator.http.setFaults([
				{ route: 'system.info', fault: { type: 'reset' }, rate: 1, times: 1 },
			]);
			await expect(call(simulator, '/system/info')).rejects.toThrow();
			expect((await call(simulator, '/system/info')).status).toBe(200);
		});

		it('reset restores the seed, clears counts and faults', async () => {
			simulator.state.addConfiguration({ name: 'temp', type: { id: 1 }, company: { id: 2 } });
			simulator.http.setFaults([{ route: '*', fault: { type: 'status', status: 500 }, rate: 1 }]);
			await call(simulator, '/system/info');
			simulator.reset();
			expect(simulator.state.configurationCount).toBe(0);
			expect(simulator.http.counts()).toEqual({});
			expect((await call(simulator, '/system/info')).status).toBe(200);
		});
	});

	describe('admin interface', () => {
		it('loads a seed over HTTP and reports counts', async () => {
			const seed = {
				...defaultSeed(),
				configurations: [{ name: 'Seeded', type: { name: 'Switch' }, company: { id: 3 } }],
			};
			const loaded = await fetch(`${simulator.baseUrl}/__admin/seed`, {
				method: 'POST',
				body: JSON.stringify(seed),
			});
			const state = (await (
				await fetch(`${simulator.baseUrl}/__admin/state`)
			).json()) as AdminState;
			expect(loaded.status).toBe(204);
			expect(state).toMatchObject({ counts: { configurations: 1, companies: 3 } });
			expect(state.seedError).toBeUndefined();
		});

		it('keeps the previous data and reports the error for an invalid seed', async () => {
			simulator.state.addConfiguration({ name: 'kept', type: { id: 1 }, company: { id: 2 } });
			await fetch(`${simulator.baseUrl}/__admin/seed`, {
				method: 'POST',
				body: JSON.stringify({
					configurations: [{ name: 'orphan', type: { id: 1 }, company: { id: 99 } }],
				}),
			});
			const state = (await (
				await fetch(`${simulator.baseUrl}/__admin/state`)
			).json()) as AdminState;
			expect(state.counts.configurations).toBe(1);
			expect(state.seedError).toContain('Company 99 not found');
		});
	});
});
