import { type ConfigurationSeed, ConnectWiseSimulator, defaultSeed } from './index';
import { type Answer, call, idsOf, linkRels } from './test-support';

/** 60 configurations: ids 1–60, companies 2/3/4 in turn, Domotz ID `dz-<id>` on every fifth. */
function configurations(): ConfigurationSeed[] {
	return Array.from({ length: 60 }, (_unused, index) => {
		const id = index + 1;
		return {
			id,
			name: `Device ${String(id).padStart(2, '0')}`,
			type: { id: (id % 3) + 1 },
			company: { id: 2 + (index % 3) },
			serialNumber: `SN${id}`,
			customFields: id % 5 === 0 ? [{ id: 1, value: `dz-${id}` }] : [],
			_info: { lastUpdated: `2025-01-${String((id % 28) + 1).padStart(2, '0')}T00:00:00Z` },
		};
	});
}

const awkwardNames = ['A&B', 'A+B', 'A*B', 'A[1]', '100%', 'AxB', 'A B'];

describe('ConnectWise simulator lists', () => {
	const simulator = new ConnectWiseSimulator({
		seed: { ...defaultSeed(), configurations: configurations() },
		requestsPerMinute: 0,
	});

	beforeAll(async () => {
		await simulator.start();
	});
	afterAll(async () => {
		await simulator.close();
	});
	beforeEach(() => simulator.reset());

	const list = (query: Record<string, string | number> = {}, headers?: Record<string, string>) =>
		call(simulator, '/company/configurations', { query, headers });

	describe('navigable paging', () => {
		it('defaults to 25 records and links next and last from the first page', async () => {
			const answer = await list();
			expect(idsOf(answer)).toEqual(Array.from({ length: 25 }, (_unused, index) => index + 1));
			expect(Object.keys(linkRels(answer))).toEqual(['next', 'last']);
		});

		it('links all four rels from a middle page, keeping every other parameter', async () => {
			const answer = await list({ conditions: 'company/id != 4', pageSize: 10, page: 2 });
			const rels = linkRels(answer);
			expect(Object.keys(rels)).toEqual(['first', 'prev', 'next', 'last']);
			const pages = Object.fromEntries(
				Object.entries(rels).map(([rel, url]) => {
					const parsed = new URL(url);
					expect(`${parsed.origin}${parsed.pathname}`).toBe(
						`${simulator.apiBaseUrl}/company/configurations`,
					);
					expect(parsed.searchParams.get('conditions')).toBe('company/id != 4');
					expect(parsed.searchParams.get('pageSize')).toBe('10');
					return [rel, parsed.searchParams.get('page')];
				}),
			);
			expect(pages).toEqual({ first: '1', prev: '1', next: '3', last: '4' });
		});

		it('links only first and prev from the last page', async () => {
			const answer = await list({ pageSize: 25, page: 3 });
			expect(idsOf(answer)).toHaveLength(10);
			expect(Object.keys(linkRels(answer))).toEqual(['first', 'prev']);
		});

		it('sends no Link header when everything fits on one page', async () => {
			const answer = await list({ pageSize: 1000 });
			expect(idsOf(answer)).toHaveLength(60);
			expect(answer.headers.get('link')).toBeNull();
		});

		it('reaches every record exactly once by following next links', async () => {
			const seen: number[] = [];
			let answer: Answer = await list({ conditions: 'company/id = 3', pageSize: 7 });
			for (;;) {
				seen.push(...idsOf(answer));
				const next = linkRels(answer).next;
				if (!next) break;
				answer = await call(simulator, '', { base: next });
			}
			expect(seen).toEqual(Array.from({ length: 20 }, (_unused, index) => 3 * index + 2));
		});

		it.each([
			['pageSize', '1001', 'The field pageSize must be between 1 and 1000.'],
			['pageSize', '0', 'The field pageSize must be between 1 and 1000.'],
			['pageSize', 'ten', 'The field pageSize must be between 1 and 1000.'],
			['page', '0', 'The field page must be greater than 0.'],
		])('rejects %s=%s', async (parameter, value, message) => {
			const answer = await list({ [parameter]: value });
			expect(answer).toMatchObject({
				status: 400,
				body: {
					code: 'InvalidObject',
					message: `${parameter} object is invalid`,
					errors: [{ code: 'OutOfRange', message, resource: parameter, field: parameter }],
				},
			});
		});
		it('answers each page from the records as they are, whatever was written since the first', async () => {
			const page = (number: number) =>
				list({ conditions: 'company/id = 2', pageSize: 10, page: number });
			expect(idsOf(await page(1))).toContain(4);
			expect(linkRels(await page(1)).last).toContain('page=2');
			simulator.state.addConfiguration({ name: 'Added', type: { id: 1 }, company: { id: 2 } });
			simulator.state.patchConfiguration(
				4,
				[{ op: 'replace', path: 'company', value: { id: 3 } }],
				'test',
			);
			expect(idsOf(await page(1))).not.toContain(4);
			expect(idsOf(await page(2)).at(-1)).toBe(61);
		});
	});

	describe('forward-only paging', () => {
		const forwardOnly = { 'pagination-type': 'forward-only' };

		it('pages by id with pageId, ignores page, and ends with an empty Link', async () => {
			const seen: number[] = [];
			const links: string[] = [];
			let pageId = 0;
			for (;;) {
				const answer = await list({ pageSize: 25, pageId, page: 3 }, forwardOnly);
				seen.push(...idsOf(answer));
				links.push(answer.headers.get('link') ?? 'absent');
				const next = linkRels(answer).next;
				if (!next) break;
				pageId = Number(new URL(next).searchParams.get('pageId'));
			}
			expect(seen).toEqual(Array.from({ length: 60 }, (_unused, index) => index + 1));
			expect(links.at(-1)).toBe('');
			expect(links).toHaveLength(3);
		});

		it('needs one more request when the total is a multiple of the page size', async () => {
			const first = await list({ pageSize: 30 }, forwardOnly);
			const second = await call(simulator, '', {
				base: linkRels(first).next,
				headers: forwardOnly,
			});
			const third = await call(simulator, '', {
				base: linkRels(second).next,
				headers: forwardOnly,
			});
			expect([idsOf(first).length, idsOf(second).length, idsOf(third).length]).toEqual([30, 30, 0]);
			expect(third.headers.get('link')).toBe('');
		});

		it('applies conditions while paging', async () => {
			const answer = await list(
				{ pageSize: 5, pageId: 30, conditions: 'company/id = 2' },
				forwardOnly,
			);
			expect(idsOf(answer)).toEqual([31, 34, 37, 40, 43]);
			expect(new URL(linkRels(answer).next).searchParams.get('pageId')).toBe('43');
		});

		it('rejects orderBy', async () => {
			const answer = await list({ orderBy: 'name desc' }, forwardOnly);
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ code: 'InvalidObject' });
		});
	});

	describe('fields, orderBy and count', () => {
		it('projects nested fields', async () => {
			const answer = await list({
				fields: 'id,Name,type/name,company/identifier,_info/lastUpdated',
				pageSize: 1,
			});
			expect(answer.body).toEqual([
				{
					id: 1,
					name: 'Device 01',
					type: { name: 'Managed Server' },
					company: { identifier: 'AcmeCorp' },
					_info: { lastUpdated: '2025-01-02T00:00:00Z' },
				},
			]);
		});

		it('orders by several fields in both directions', async () => {
			const answer = await list({
				orderBy: 'company/id desc, name asc',
				pageSize: 3,
				fields: 'id',
			});
			expect(idsOf(answer)).toEqual([3, 6, 9]);
		});

		it('rejects an unknown orderBy field', async () => {
			const answer = await list({ orderBy: 'colour asc' });
			expect(answer).toMatchObject({
				status: 400,
				body: { errors: [{ code: 'InvalidField', field: 'orderBy' }] },
			});
		});

		it('counts with conditions', async () => {
			const all = await call(simulator, '/company/configurations/count');
			const filtered = await call(simulator, '/company/configurations/count', {
				query: { conditions: 'company/id = 2 and lastUpdated >= [2025-01-15T00:00:00Z]' },
			});
			expect([all.body, filtered.body]).toEqual([{ count: 60 }, { count: 9 }]);
		});
	});

	describe('conditions over HTTP', () => {
		it('answers 400 with the parser message', async () => {
			const answer = await list({ conditions: 'name = "open' });
			expect(answer).toEqual({
				status: 400,
				headers: expect.anything(),
				body: {
					code: 'InvalidObject',
					message: 'conditions object is invalid',
					errors: [
						{
							code: 'InvalidCondition',
							message: 'Unterminated string literal at position 8',
							resource: 'conditions',
							field: 'conditions',
						},
					],
				},
			});
		});

		it('answers 400 for an unknown field', async () => {
			const answer = await list({ conditions: 'colour = "red"' });
			expect(answer).toMatchObject({
				status: 400,
				body: { errors: [{ message: "Unknown field 'colour' in conditions" }] },
			});
		});

		it('finds by custom field with customFieldConditions', async () => {
			const exact = await list({
				customFieldConditions: 'caption = "Domotz ID" AND value = "dz-35"',
			});
			const any = await list({
				customFieldConditions: 'caption="Domotz ID" and value != null',
				pageSize: 100,
			});
			expect(idsOf(exact)).toEqual([35]);
			expect(idsOf(any)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
		});

		it('searches arrays with childConditions on one element', async () => {
			const answer = await list({
				childConditions: 'customFields/caption = "Domotz ID" AND customFields/value like "dz-1*"',
			});
			expect(idsOf(answer)).toEqual([10, 15]);
		});

		it('refuses a hostile serial escaped with backslashes, and widens to every record on the naive one', async () => {
			const hostile = 'X" OR name like "*';
			simulator.state.addConfiguration({
				name: 'Hostile',
				type: { id: 1 },
				company: { id: 2 },
				serialNumber: hostile,
			});
			const escaped = hostile.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
			const refused = await list({ conditions: `serialNumber = "${escaped}"` });
			const naive = await list({ conditions: `serialNumber = "${hostile}"`, pageSize: 1000 });
			expect(refused).toMatchObject({
				status: 400,
				body: {
					code: 'InvalidObject',
					errors: [
						{
							code: 'InvalidCondition',
							message: 'A backslash inside a string value is not a documented form at position 18',
							field: 'conditions',
						},
					],
				},
			});
			expect(idsOf(naive)).toHaveLength(61);
		});

		describe('characters that need URL encoding', () => {
			beforeEach(() => {
				for (const name of awkwardNames) {
					simulator.state.addConfiguration({ name, type: { id: 1 }, company: { id: 2 } });
				}
			});

			const idOf = (name: string) => 61 + awkwardNames.indexOf(name);

			it.each(awkwardNames)('finds %s through URLSearchParams encoding', async (name) => {
				const answer = await list({ conditions: `name = "${name}"` });
				expect(idsOf(answer)).toEqual([idOf(name)]);
			});

			it.each(awkwardNames)('finds %s through encodeURIComponent with * as %%2A', async (name) => {
				const encoded = encodeURIComponent(`name = "${name}"`).replace(/\*/g, '%2A');
				const answer = await call(simulator, '/company/configurations', {
					rawQuery: `conditions=${encoded}`,
				});
				expect(idsOf(answer)).toEqual([idOf(name)]);
			});

			it('reads an unencoded + as a space, as the DG warns', async () => {
				const answer = await call(simulator, '/company/configurations', {
					rawQuery: `conditions=${encodeURIComponent('name = "A').replace(/%20/g, '+')}+B%22`,
				});
				expect(idsOf(answer)).toEqual([idOf('A B')]);
			});

			it.each<[string, string[]]>([
				['name like "A[*]B"', ['A*B']],
				['name like "A*B"', ['A&B', 'A+B', 'A*B', 'AxB', 'A B']],
				['name like "A[[]1]"', ['A[1]']],
				['name like "100[%]"', ['100%']],
				['name contains "&"', ['A&B']],
			])('%s', async (conditions, names) => {
				const answer = await list({ conditions, pageSize: 1000 });
				expect(idsOf(answer)).toEqual(names.map(idOf));
			});
		});
	});

	describe('companies and sites', () => {
		it('lists, counts and gets companies with hrefs', async () => {
			const listed = await call(simulator, '/company/companies', {
				query: { conditions: 'identifier like "*corp"' },
			});
			const counted = await call(simulator, '/company/companies/count');
			const one = await call(simulator, '/company/companies/3');
			expect(idsOf(listed)).toEqual([2]);
			expect(counted.body).toEqual({ count: 3 });
			expect(one.body).toMatchObject({
				id: 3,
				identifier: 'GlobexInc',
				name: 'Globex Inc.',
				deletedFlag: false,
				_info: { sites_href: `${simulator.apiBaseUrl}/company/companies/3/sites` },
			});
		});

		it('lists and gets sites of a company only', async () => {
			const listed = await call(simulator, '/company/companies/2/sites');
			const other = await call(simulator, '/company/companies/2/sites/12');
			const missingCompany = await call(simulator, '/company/companies/99/sites');
			expect(idsOf(listed)).toEqual([10, 11]);
			expect((listed.body as Array<{ company: unknown }>)[0].company).toEqual({
				id: 2,
				identifier: 'AcmeCorp',
				name: 'Acme Corporation',
				_info: { company_href: `${simulator.apiBaseUrl}/company/companies/2` },
			});
			expect(other).toMatchObject({
				status: 404,
				body: { code: 'NotFound', message: 'Site 12 not found' },
			});
			expect(missingCompany).toMatchObject({
				status: 404,
				body: { message: 'Company 99 not found' },
			});
		});

		it('lists types, statuses, manufacturers and user-defined fields', async () => {
			const answers = await Promise.all(
				[
					'/company/configurations/types',
					'/company/configurations/statuses',
					'/procurement/manufacturers',
					'/system/userDefinedFields',
				].map((path) => call(simulator, path, { query: { pageSize: 100 } })),
			);
			expect(answers.map((answer) => idsOf(answer).length)).toEqual([12, 3, 5, 3]);
			expect(answers[1].body).toContainEqual(
				expect.objectContaining({ description: 'Active', defaultFlag: true, closedFlag: false }),
			);
		});
	});
});

describe('ConnectWise simulator with a large tenant', () => {
	const companies = Array.from({ length: 50 }, (_unused, index) => ({
		id: index + 1,
		identifier: `C${index + 1}`,
		name: `Company ${index + 1}`,
	}));
	const simulator = new ConnectWiseSimulator({
		seed: {
			...defaultSeed(),
			companies,
			sites: [],
			configurations: Array.from({ length: 50_000 }, (_unused, index) => ({
				name: `Device ${index + 1}`,
				type: { id: 1 },
				company: { id: (index % 50) + 1 },
			})),
		},
		requestsPerMinute: 0,
	});

	beforeAll(async () => {
		await simulator.start();
	});
	afterAll(async () => {
		await simulator.close();
	});

	it('pages one company out of 50,000 configurations in pages of 1000', async () => {
		const seen = new Set<number>();
		for (let page = 1; ; page += 1) {
			const answer = await call(simulator, '/company/configurations', {
				query: { conditions: 'company/id = 7', pageSize: 1000, page, fields: 'id,company/id' },
			});
			for (const record of answer.body as Array<{ id: number; company: { id: number } }>) {
				expect(record.company.id).toBe(7);
				seen.add(record.id);
			}
			if (!linkRels(answer).next) break;
		}
		expect(seen.size).toBe(1000);
	});
});
