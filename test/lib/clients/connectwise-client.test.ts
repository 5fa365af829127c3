import nock from 'nock';

import { ConnectWiseClient } from '../../../lib/connectwise/client';
import { fallbackCodebase } from '../../../lib/connectwise/codebase';
import { and, eq, like, startsWith } from '../../../lib/connectwise/conditions';
import {
	ApiError,
	ResponseShapeError,
	SetupError,
	UncertainWriteError,
} from '../../../lib/http/errors';
import { MAX_PACED_WAITS } from '../../../lib/http/executor';
import { connectWiseBasicAuth } from '../../support/fetch-port';
import { portAndSleep, rejectionOf, sequenceRandom, transportError, useNock } from './helpers';

const origin = 'https://api-na.myconnectwise.net';
const api = '/v2025_1/apis/3.0';
const accept = 'application/vnd.connectwise.com+json; version=2025.1';
const credentials = {
	companyId: 'acme',
	publicKey: 'dummyPublicKey01',
	privateKey: 'dummyPrivateKey02',
	clientId: '00000000-0000-0000-0000-000000000000',
};

useNock();

const tooManyRequests = { error: 'ConnectWiseAPI', message: 'Too many requests.' };

type Options = Partial<ConstructorParameters<typeof ConnectWiseClient>[0]>;

function client(overrides: Options = {}) {
	const ports = portAndSleep({ authenticate: connectWiseBasicAuth(credentials) });
	const connectwise = new ConnectWiseClient({
		...ports,
		site: 'api-na.myconnectwise.net',
		companyId: 'acme',
		codebase: 'v2025_1/',
		...overrides,
	});
	return { connectwise, delays: ports.delays };
}

function configuration(id: number, fields: Record<string, unknown> = {}) {
	return { id, name: `config-${id}`, ...fields };
}

const configurations = (from: number, count: number) =>
	Array.from({ length: count }, (_, index) => configuration(from + index));

function link(path: string, query: string, rels: Record<string, number>): string {
	return Object.entries(rels)
		.map(([rel, page]) => `<${origin}${path}?${query}&page=${page}>; rel="${rel}"`)
		.join(', ');
}

describe('ConnectWiseClient codebase discovery', () => {
	it('reads the codebase once and then calls the versioned API', async () => {
		nock(origin)
			.get('/login/companyinfo/acme')
			.reply(200, { CompanyName: 'Acme', Codebase: 'v2025_1/', IsCloud: true })
			.get(`${api}/system/info`)
			.reply(200, { version: 'v2025.1.12345', isCloud: true })
			.get(`${api}/company/companies/4`)
			.reply(200, { id: 4, identifier: 'Acme', name: 'Acme Ltd' });
		const { connectwise } = client({ codebase: undefined });
		await Promise.all([connectwise.getSystemInfo(), connectwise.getCompany(4)]);
	});

	it('raises a SetupError naming the company ID and site when CW answers null', async () => {
		nock(origin)
			.get('/login/companyinfo/unknown%20co')
			.reply(200, 'null', { 'Content-Type': 'application/json' });
		const { connectwise } = client({ codebase: undefined, companyId: 'unknown co' });
		const error = await rejectionOf(connectwise.getSystemInfo());
		expect(error).toBeInstanceOf(SetupError);
		expect((error as SetupError).message).toBe(
			`ConnectWise PSA does not know the company ID "unknown co" on ${origin}`,
		);
	});

	it.each([
		['a 500', (scope: nock.Interceptor) => scope.reply(500)],
		['a 404', (scope: nock.Interceptor) => scope.reply(404, 'Not Found')],
		[
			'a body without Codebase',
			(scope: nock.Interceptor) => scope.reply(200, { CompanyName: 'x' }),
		],
		[
			'a codebase with odd characters',
			(scope: nock.Interceptor) => scope.reply(200, { Codebase: '../x y/' }),
		],
		['a reset', (scope: nock.Interceptor) => scope.replyWithError(transportError('ECONNRESET'))],
	])('falls back to v4_6_release/ after %s, without retrying discovery', async (_, answer) => {
		answer(nock(origin).get('/login/companyinfo/acme'));
		nock(origin).get(`/${fallbackCodebase}apis/3.0/system/info`).reply(200, { version: 'v2025.1' });
		const { connectwise, delays } = client({ codebase: undefined });
		await expect(connectwise.getSystemInfo()).resolves.toEqual({ version: 'v2025.1' });
		expect(delays).toEqual([]);
	});

	describe('with a codebase remembered from an earlier run', () => {
		const remembering = (rememberedCodebase: string) => {
			const told: string[] = [];
			const { connectwise } = client({
				codebase: undefined,
				rememberedCodebase,
				onCodebase: (codebase) => told.push(codebase),
			});
			return { connectwise, told };
		};
		const endpointMissing = { code: 'ConnectWiseApi', message: 'The endpoint does not exist.' };

		it('calls under it without discovery', async () => {
			nock(origin).get(`${api}/system/info`).reply(200, { version: 'v2025.1' });
			const { connectwise, told } = remembering('v2025_1/');
			await expect(connectwise.getSystemInfo()).resolves.toEqual({ version: 'v2025.1' });
			expect(told).toEqual([]);
		});

		it('discovers it again once when requests under it answer 404, and repeats each under the new one', async () => {
			nock(origin)
				.get('/v2024_2/apis/3.0/system/info')
				.reply(404, endpointMissing)
				.post('/v2024_2/apis/3.0/company/companies/4/notes')
				.reply(404, endpointMissing)
				.get('/login/companyinfo/acme')
				.reply(200, { Codebase: 'v2025_1/' })
				.get(`${api}/system/info`)
				.reply(200, { version: 'v2025.1' })
				.post(`${api}/company/companies/4/notes`)
				.reply(201, { id: 7, text: 'x' });
			const { connectwise, told } = remembering('v2024_2/');
			await expect(
				Promise.all([
					connectwise.getSystemInfo(),
					connectwise.createCompanyNote(4, { text: 'x', flagged: false }),
				]),
			).resolves.toEqual([{ version: 'v2025.1' }, { id: 7, text: 'x' }]);
			expect(told).toEqual(['v2025_1/']);
			await expect(connectwise.apiBase()).resolves.toBe(`${origin}${api}`);
		});

		it('leaves a 404 as it is when the codebase is still the same', async () => {
			nock(origin)
				.get(`${api}/company/configurations/9`)
				.reply(404, { code: 'NotFound', message: 'Configuration 9 not found' })
				.get('/login/companyinfo/acme')
				.reply(200, { Codebase: 'v2025_1/' });
			const { connectwise } = remembering('v2025_1/');
			const error = await rejectionOf(connectwise.getConfiguration(9));
			expect(error).toMatchObject({ status: 404 });
		});

		it('discovers nothing at a 404 once a request under it has succeeded', async () => {
			nock(origin)
				.get(`${api}/system/info`)
				.reply(200, { version: 'v2025.1' })
				.get(`${api}/company/configurations/9`)
				.reply(404, { code: 'NotFound', message: 'Configuration 9 not found' });
			const { connectwise } = remembering('v2025_1/');
			await connectwise.getSystemInfo();
			const error = await rejectionOf(connectwise.getConfiguration(9));
			expect(error).toMatchObject({ status: 404 });
		});

		it('discovers it when what was kept is not a codebase', async () => {
			nock(origin)
				.get('/login/companyinfo/acme')
				.reply(200, { Codebase: 'v2025_1/' })
				.get(`${api}/system/info`)
				.reply(200, { version: 'v2025.1' });
			const { connectwise, told } = remembering('../etc/');
			await connectwise.getSystemInfo();
			expect(told).toEqual(['v2025_1/']);
		});
	});

	it('sends the pinned Accept version header on every API call', async () => {
		nock(origin)
			.get(`${api}/system/info`)
			.matchHeader('accept', 'application/vnd.connectwise.com+json; version=2024.3')
			.reply(200, {});
		await client({ apiVersion: '2024.3' }).connectwise.getSystemInfo();
	});

	it.each([
		['site', { site: 'not a host/' }],
		['site', { site: 'ftp://psa.example.com' }],
		['API version', { apiVersion: '2025.1, text/html' }],
		['company ID', { companyId: '  ' }],
		['codebase', { codebase: '../etc/' }],
	])('rejects a bad %s with a SetupError', (_, overrides) => {
		expect(() => client(overrides)).toThrow(SetupError);
	});
});

describe('ConnectWiseClient configurations', () => {
	const path = `${api}/company/configurations`;

	it('reads every page of 1000 by following Link rel="next", keeping the conditions', async () => {
		const conditions = and(eq('company/id', 12), like('name', 'core*'));
		const query = {
			conditions: 'company/id = 12 AND name like "core*"',
			orderBy: 'id asc',
			pageSize: '1000',
		};
		const linkQuery = 'pageSize=1000';
		nock(origin)
			.get(path)
			.query({ ...query, page: '1' })
			.matchHeader('accept', accept)
			.reply(200, configurations(1, 1000), { Link: link(path, linkQuery, { next: 2, last: 3 }) })
			.get(path)
			.query({ ...query, page: '2' })
			.reply(200, configurations(1001, 1000), {
				Link: link(path, linkQuery, { first: 1, prev: 1, next: 3, last: 3 }),
			})
			.get(path)
			.query({ ...query, page: '3' })
			.reply(200, configurations(2001, 7), { Link: link(path, linkQuery, { first: 1, prev: 2 }) });
		const listed = await client().connectwise.listConfigurations({ conditions });
		expect(listed).toHaveLength(2007);
		expect(listed[2006].id).toBe(2007);
	});

	it.each([
		["O'Brien AP", "O'Brien AP"],
		['a&b+c%d', 'a&b+c%d'],
		['[x]*_', '[x]*_'],
	])('sends the serial %j as one quoted value, encoded once', async (serial, escaped) => {
		nock(origin)
			.get(path)
			.query({
				conditions: `company/id = 12 AND serialNumber = "${escaped}"`,
				orderBy: 'id asc',
				pageSize: '1000',
				page: '1',
			})
			.reply(200, []);
		await expect(
			client().connectwise.listConfigurations({
				conditions: and(eq('company/id', 12), eq('serialNumber', serial)),
			}),
		).resolves.toEqual([]);
	});

	it('asks for the listed fields plus id, and for custom field conditions', async () => {
		nock(origin)
			.get(path)
			.query({
				customFieldConditions: 'caption = "Domotz Device" AND value = "domotz:1/2"',
				fields: 'id,serialNumber,customFields',
				orderBy: 'name desc',
				pageSize: '1000',
				page: '1',
			})
			.reply(200, [{ id: 5, serialNumber: 'SN5' }]);
		await expect(
			client().connectwise.listConfigurations({
				customFieldConditions: 'caption = "Domotz Device" AND value = "domotz:1/2"',
				fields: ['serialNumber', 'customFields'],
				orderBy: 'name desc',
			}),
		).resolves.toEqual([{ id: 5, serialNumber: 'SN5' }]);
	});

	it('keeps reading full pages when the server sends no Link header at all', async () => {
		nock(origin)
			.get(path)
			.query((query) => query.page === '1')
			.reply(200, configurations(1, 1000))
			.get(path)
			.query((query) => query.page === '2')
			.reply(200, []);
		await expect(client().connectwise.listConfigurations()).resolves.toHaveLength(1000);
	});

	it('never follows a Link to another host, only its page number', async () => {
		nock(origin)
			.get(path)
			.query((query) => query.page === '1')
			.reply(200, configurations(1, 2), {
				Link: '<https://attacker.example/steal?page=2&conditions=id%3E0>; rel="next"',
			})
			.get(path)
			.query((query) => query.page === '2' && query.conditions === 'id = 1')
			.reply(200, []);
		await expect(
			client().connectwise.listConfigurations({ conditions: eq('id', 1) }),
		).resolves.toHaveLength(2);
	});

	it('counts with a separate call', async () => {
		nock(origin)
			.get(`${path}/count`)
			.query({ conditions: 'company/id = 12' })
			.reply(200, { count: 2007 });
		await expect(client().connectwise.countConfigurations(eq('company/id', 12))).resolves.toBe(
			2007,
		);
	});

	it('reads one configuration with references, custom fields and _info', async () => {
		nock(origin)
			.get(`${path}/5`)
			.reply(200, {
				id: 5,
				name: 'core-switch',
				type: { id: 3, name: 'Switch', _info: { type_href: 'x' } },
				company: { id: 12, identifier: 'Acme', name: 'Acme Ltd' },
				site: null,
				customFields: [
					{ id: 9, caption: 'Domotz Device', type: 'Text', entryMethod: 'EntryField', value: null },
				],
				_info: { lastUpdated: '2025-01-02T03:04:05Z', updatedBy: 'api' },
				unknownFutureField: { nested: true },
			});
		await expect(client().connectwise.getConfiguration(5)).resolves.toMatchObject({
			id: 5,
			type: { id: 3, name: 'Switch' },
			customFields: [{ id: 9, value: null }],
			_info: { lastUpdated: '2025-01-02T03:04:05Z' },
			unknownFutureField: { nested: true },
		});
	});

	it('names the path of a malformed configuration', async () => {
		nock(origin)
			.get(`${path}/5`)
			.reply(200, { id: 5, company: { name: 'no id' }, customFields: [{ id: 1, value: {} }] });
		const error = await rejectionOf(client().connectwise.getConfiguration(5));
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect((error as ResponseShapeError).issues.map((issue) => issue.path)).toEqual([
			'company.id',
			'customFields[0].value',
		]);
	});

	it('creates with a POST and reads the 201 answer', async () => {
		const body = {
			name: 'core-switch',
			type: { id: 3 },
			company: { id: 12 },
			serialNumber: 'SN1',
			customFields: [{ id: 9, value: 'domotz:1/2' }],
		};
		nock(origin)
			.post(path, body)
			.reply(201, { ...body, id: 77 });
		await expect(client().connectwise.createConfiguration(body)).resolves.toMatchObject({ id: 77 });
	});

	it.each([
		['a timeout', (scope: nock.Interceptor) => scope.replyWithError(transportError('ETIMEDOUT'))],
		['a reset', (scope: nock.Interceptor) => scope.replyWithError(transportError('ECONNRESET'))],
		['a 500', (scope: nock.Interceptor) => scope.reply(500, { code: 'x', message: 'boom' })],
		['a 503', (scope: nock.Interceptor) => scope.reply(503)],
	])(
		'raises UncertainWriteError after %s on a create and sends it only once',
		async (_, answer) => {
			answer(nock(origin).post(path));
			const { connectwise, delays } = client();
			const error = await rejectionOf(
				connectwise.createConfiguration({ name: 'x', type: { id: 1 }, company: { id: 2 } }),
			);
			expect(error).toBeInstanceOf(UncertainWriteError);
			expect((error as UncertainWriteError).message).toContain(`POST ${path}`);
			expect(delays).toEqual([]);
		},
	);

	it('raises UncertainWriteError when a create outlives its timeout, sending it once', async () => {
		nock(origin).post(path).delay(500).reply(201, { id: 80 });
		const { connectwise, delays } = client({ timeoutMs: 20 });
		const error = await rejectionOf(
			connectwise.createConfiguration({ name: 'x', type: { id: 1 }, company: { id: 2 } }),
		);
		expect(error).toBeInstanceOf(UncertainWriteError);
		expect((error as UncertainWriteError).message).toContain('timed out');
		expect(delays).toEqual([]);
	});

	it('retries a create refused with 429, which CW rejects before doing anything', async () => {
		nock(origin)
			.post(path)
			.reply(429, tooManyRequests, { 'Retry-After': '2' })
			.post(path)
			.reply(201, { id: 78 });
		const { connectwise, delays } = client();
		await expect(
			connectwise.createConfiguration({ name: 'x', type: { id: 1 }, company: { id: 2 } }),
		).resolves.toMatchObject({ id: 78 });
		expect(delays).toEqual([2000]);
	});

	it('retries a create whose connection was refused, which never reached CW', async () => {
		nock(origin)
			.post(path)
			.replyWithError(transportError('ECONNREFUSED'))
			.post(path)
			.reply(201, { id: 79 });
		await expect(
			client().connectwise.createConfiguration({ name: 'x', type: { id: 1 }, company: { id: 2 } }),
		).resolves.toMatchObject({ id: 79 });
	});

	it('PATCHes a JSON Patch array', async () => {
		const operations = [
			{ op: 'replace', path: 'serialNumber', value: 'SN2' },
			{ op: 'replace', path: 'site', value: { id: 4 } },
			{ op: 'remove', path: 'tagNumber' },
		] as const;
		nock(origin)
			.patch(`${path}/5`, [...operations])
			.matchHeader('accept', accept)
			.reply(200, configuration(5, { serialNumber: 'SN2' }));
		await expect(client().connectwise.patchConfiguration(5, operations)).resolves.toMatchObject({
			serialNumber: 'SN2',
		});
	});

	it('retries a PATCH after a timeout, since it is idempotent', async () => {
		nock(origin)
			.patch(`${path}/5`)
			.replyWithError(transportError('ETIMEDOUT'))
			.patch(`${path}/5`)
			.reply(200, configuration(5));
		const { connectwise, delays } = client({ random: sequenceRandom(0.5) });
		await expect(
			connectwise.patchConfiguration(5, [{ op: 'replace', path: 'name', value: 'x' }]),
		).resolves.toMatchObject({ id: 5 });
		expect(delays).toEqual([250]);
	});

	it('has no way to PUT a configuration', () => {
		const methods = Object.getOwnPropertyNames(ConnectWiseClient.prototype);
		expect(methods).toContain('patchConfiguration');
		expect(methods.filter((name) => /^(put|replace|update)/i.test(name))).toEqual([]);
	});
});

describe('ConnectWiseClient errors and retries', () => {
	const infoPath = `${api}/system/info`;

	it('follows Retry-After on 429 and the CW `error` key', async () => {
		nock(origin)
			.get(infoPath)
			.reply(429, tooManyRequests, { 'Retry-After': '30' })
			.get(infoPath)
			.reply(429, tooManyRequests, { 'Retry-After': '1' })
			.get(infoPath)
			.reply(200, { version: 'v2025.1' });
		const { connectwise, delays } = client();
		await expect(connectwise.getSystemInfo()).resolves.toEqual({ version: 'v2025.1' });
		expect(delays).toEqual([30_000, 1000]);
	});

	it('waits out 429s with Retry-After beyond the attempts: the server is pacing, nothing failed', async () => {
		nock(origin)
			.get(infoPath)
			.times(8)
			.reply(429, tooManyRequests, { 'Retry-After': '1' })
			.get(infoPath)
			.reply(200, { version: 'v2025.1' });
		const { connectwise, delays } = client({ retry: { maxAttempts: 2 } });
		await expect(connectwise.getSystemInfo()).resolves.toEqual({ version: 'v2025.1' });
		expect(delays).toEqual(Array<number>(8).fill(1000));
	});

	it('reports an exhausted 429 with the API code, Retry-After and every request sent', async () => {
		nock(origin)
			.get(infoPath)
			.times(MAX_PACED_WAITS + 2)
			.reply(429, tooManyRequests, { 'Retry-After': '5' });
		const error = await rejectionOf(
			client({ retry: { maxAttempts: 2 } }).connectwise.getSystemInfo(),
		);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({
			status: 429,
			reason: 'rateLimited',
			apiCode: 'ConnectWiseAPI',
			apiMessage: 'Too many requests.',
			retryAfterSeconds: 5,
		});
		expect((error as ApiError).message).toContain(`after ${MAX_PACED_WAITS + 2} attempts`);
	});

	it('backs off 5xx with jitter and succeeds', async () => {
		nock(origin).get(infoPath).reply(500).get(infoPath).reply(502).get(infoPath).reply(200, {});
		const { connectwise, delays } = client({ random: sequenceRandom(0.1, 0.9) });
		await connectwise.getSystemInfo();
		// Ceilings 500 ms then 1000 ms.
		expect(delays).toEqual([50, 900]);
	});

	it('gives up on 5xx after maxAttempts', async () => {
		nock(origin).get(infoPath).times(5).reply(503, { code: 'Unavailable', message: 'Down' });
		const { connectwise, delays } = client();
		await expect(connectwise.getSystemInfo()).rejects.toMatchObject({
			status: 503,
			reason: 'server',
			apiCode: 'Unavailable',
		});
		expect(delays).toHaveLength(4);
	});

	it.each([
		[401, 'authentication', 'authentication failed', 'ConnectWiseApi', 'UserNotAuthenticated'],
		[
			403,
			'permission',
			'permission denied',
			'Security',
			'You do not have security permission to perform this action.',
		],
		[404, 'notFound', 'not found', 'NotFound', 'Configuration 5 not found'],
		[409, 'conflict', 'conflict', 'Conflict', 'Record possibly in use'],
	] as const)(
		'turns %i into an ApiError with reason %s and the API message',
		async (status, reason, label, code, message) => {
			nock(origin).get(`${api}/company/configurations/5`).reply(status, { code, message });
			const { connectwise, delays } = client();
			const error = await rejectionOf(connectwise.getConfiguration(5));
			expect(error).toBeInstanceOf(ApiError);
			expect(error).toMatchObject({ status, reason, apiCode: code, apiMessage: message });
			expect((error as ApiError).message).toBe(
				`ConnectWise PSA answered GET ${api}/company/configurations/5 with ${status} (${label}): ${message} [${code}]`,
			);
			expect(delays).toEqual([]);
		},
	);

	it('carries CW field errors', async () => {
		nock(origin)
			.post(`${api}/company/configurations`)
			.reply(400, {
				code: 'InvalidObject',
				message: 'configuration object is invalid',
				errors: [
					{
						code: 'MissingRequiredField',
						message: 'The type field is required.',
						resource: 'configuration',
						field: 'type',
					},
				],
			});
		const error = await rejectionOf(
			client().connectwise.createConfiguration({ name: 'x', type: { id: 0 }, company: { id: 2 } }),
		);
		expect(error).toMatchObject({
			reason: 'invalidRequest',
			fieldErrors: [
				{ field: 'type', code: 'MissingRequiredField', message: 'The type field is required.' },
			],
		});
	});

	it('reads a proxy HTML page as a short text excerpt', async () => {
		nock(origin)
			.get(infoPath)
			.reply(
				400,
				'<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1></body></html>',
			);
		await expect(client().connectwise.getSystemInfo()).rejects.toMatchObject({
			apiMessage: '400 Bad Request Bad Request',
		});
	});
});

describe('ConnectWiseClient companies, sites and setup tables', () => {
	it('lists companies up to a limit, asking no more than needed', async () => {
		nock(origin)
			.get(`${api}/company/companies`)
			.query({ conditions: 'name like "Acme[*]*"', orderBy: 'name asc', pageSize: '2', page: '1' })
			.reply(
				200,
				[
					{ id: 1, identifier: 'A', name: 'Acme* One' },
					{ id: 2, identifier: 'B', name: 'Acme* Two' },
				],
				{ Link: `<${origin}${api}/company/companies?page=2>; rel="next"` },
			);
		const companies = await client().connectwise.listCompanies({
			conditions: startsWith('name', 'Acme*'),
			orderBy: 'name asc',
			limit: 2,
		});
		expect(companies.map((company) => company.id)).toEqual([1, 2]);
	});

	it('reads sites, types, statuses and user-defined fields in full', async () => {
		nock(origin)
			.get(`${api}/company/companies/12/sites`)
			.query({ orderBy: 'id asc', pageSize: '1000', page: '1' })
			.reply(200, [{ id: 4, name: 'Main', company: { id: 12 } }])
			.get(`${api}/company/configurations/types`)
			.query(true)
			.reply(200, [{ id: 3, name: 'Switch', inactiveFlag: false }])
			.get(`${api}/company/configurations/statuses`)
			.query(true)
			.reply(200, [{ id: 1, description: 'Active', closedFlag: false, defaultFlag: true }])
			.get(`${api}/system/userDefinedFields`)
			.query(true)
			.reply(200, [{ id: 9, caption: 'Domotz Device', podId: 24, options: [] }]);
		const { connectwise } = client();
		await expect(connectwise.listSites(12)).resolves.toMatchObject([{ id: 4, name: 'Main' }]);
		await expect(connectwise.listConfigurationTypes()).resolves.toMatchObject([{ name: 'Switch' }]);
		await expect(connectwise.listConfigurationStatuses()).resolves.toMatchObject([
			{ description: 'Active' },
		]);
		await expect(connectwise.listUserDefinedFields()).resolves.toMatchObject([
			{ caption: 'Domotz Device' },
		]);
	});

	it('looks a manufacturer up by its name and keeps only exact matches', async () => {
		nock(origin)
			.get(`${api}/procurement/manufacturers`)
			.query({ conditions: 'name = "Netgear Pro"', orderBy: 'id asc', pageSize: '1000', page: '1' })
			.reply(200, [
				{ id: 1, name: 'NETGEAR PRO' },
				{ id: 2, name: 'Netgear Pro Plus' },
			]);
		await expect(client().connectwise.listManufacturers({ name: 'Netgear Pro' })).resolves.toEqual([
			{ id: 1, name: 'NETGEAR PRO' },
		]);
	});

	it('finds a manufacturer whose name no condition can hold among all of them', async () => {
		nock(origin)
			.get(`${api}/procurement/manufacturers`)
			.query({ orderBy: 'id asc', pageSize: '1000', page: '1' })
			.reply(200, [
				{ id: 1, name: 'NETGEAR "Pro"' },
				{ id: 2, name: 'Netgear "Pro" Plus' },
				{ id: 3, name: 'Cisco' },
			]);
		await expect(
			client().connectwise.listManufacturers({ name: 'Netgear "Pro"' }),
		).resolves.toEqual([{ id: 1, name: 'NETGEAR "Pro"' }]);
	});

	it('creates manufacturers and user-defined fields', async () => {
		const definition = {
			caption: 'Domotz Device',
			podId: 24,
			sequenceNumber: 2,
			fieldTypeIdentifier: 'Text',
			entryTypeIdentifier: 'EntryField',
		};
		nock(origin)
			.post(`${api}/procurement/manufacturers`, { name: 'Ubiquiti' })
			.reply(201, { id: 5, name: 'Ubiquiti' })
			.post(`${api}/system/userDefinedFields`, definition)
			.reply(201, { ...definition, id: 9 });
		const { connectwise } = client();
		await expect(connectwise.createManufacturer('Ubiquiti')).resolves.toEqual({
			id: 5,
			name: 'Ubiquiti',
		});
		await expect(connectwise.createUserDefinedField(definition)).resolves.toMatchObject({ id: 9 });
	});
});
