import {
	type Configuration,
	ConnectWiseSimulator,
	type ConnectWiseSeed,
	CONTACT_POD_ID,
	defaultSeed,
	SECURITY_ROLES,
} from './index';
import { call } from './test-support';

const START = Date.parse('2025-03-01T10:00:00Z');

function tenant(): ConnectWiseSeed {
	return {
		...defaultSeed(),
		userDefinedFields: [
			{ id: 1, caption: 'Domotz ID', fieldTypeIdentifier: 'Text', sequenceNumber: 1 },
			{ id: 2, caption: 'Monitored', fieldTypeIdentifier: 'Checkbox', sequenceNumber: 2 },
			{ id: 3, caption: 'Contact Tag', fieldTypeIdentifier: 'Text', podId: CONTACT_POD_ID },
		],
		members: [
			{
				identifier: 'jsmith',
				publicKey: 'jsmith-public',
				privateKey: 'jsmith-private',
				securityRole: SECURITY_ROLES.domotzIntegration,
			},
		],
	};
}

const MINIMAL = { name: 'Core Switch', type: { id: 5 }, company: { id: 2 } };

describe('ConnectWise simulator configurations', () => {
	let now = START;
	const simulator = new ConnectWiseSimulator({ clock: () => now, seed: tenant() });
	const mergeSimulator = new ConnectWiseSimulator({
		clock: () => now,
		seed: tenant(),
		customFieldsPatchMode: 'merge',
	});

	beforeAll(async () => {
		await simulator.start();
		await mergeSimulator.start();
	});
	afterAll(async () => {
		await simulator.close();
		await mergeSimulator.close();
	});
	beforeEach(() => {
		now = START;
		simulator.reset();
		mergeSimulator.reset();
	});

	async function create(body: Record<string, unknown>, target = simulator): Promise<Configuration> {
		const answer = await call(target, '/company/configurations', { method: 'POST', body });
		if (answer.status !== 201)
			throw new Error(`POST answered ${answer.status}: ${JSON.stringify(answer.body)}`);
		return answer.body as Configuration;
	}

	async function patch(id: number, operations: unknown, target = simulator) {
		return call(target, `/company/configurations/${id}`, { method: 'PATCH', body: operations });
	}

	describe('POST', () => {
		it('answers 201 with the full record, references by name or identifier and every custom field', async () => {
			const answer = await call(simulator, '/company/configurations', {
				method: 'POST',
				body: {
					name: 'Lobby Camera',
					type: { name: 'ip camera' },
					company: { identifier: 'acmecorp' },
					site: { name: 'Warehouse' },
					manufacturer: { name: 'Axis' },
					serialNumber: 'ACCC8E000001',
					macAddress: '00:40:8c:00:00:01',
					ipAddress: '10.0.0.20',
					purchaseDate: '2024-05-01T08:30:00.000Z',
					customFields: [{ id: 1, value: 'dz-42' }],
				},
			});
			const base = simulator.apiBaseUrl;
			expect(answer.status).toBe(201);
			expect(answer.body).toEqual({
				id: 1,
				name: 'Lobby Camera',
				type: {
					id: 9,
					name: 'IP Camera',
					_info: { type_href: `${base}/company/configurations/types/9` },
				},
				status: {
					id: 1,
					name: 'Active',
					_info: { status_href: `${base}/company/configurations/statuses/1` },
				},
				company: {
					id: 2,
					identifier: 'AcmeCorp',
					name: 'Acme Corporation',
					_info: { company_href: `${base}/company/companies/2` },
				},
				site: {
					id: 11,
					name: 'Warehouse',
					_info: { site_href: `${base}/company/companies/2/sites/11` },
				},
				serialNumber: 'ACCC8E000001',
				purchaseDate: '2024-05-01T08:30:00Z',
				macAddress: '00:40:8c:00:00:01',
				billFlag: false,
				ipAddress: '10.0.0.20',
				manufacturer: {
					id: 5,
					name: 'Axis',
					_info: { manufacturer_href: `${base}/procurement/manufacturers/5` },
				},
				questions: [],
				activeFlag: true,
				mobileGuid: '00000001-0000-4000-8000-000000000001',
				displayVendorFlag: false,
				showRemoteFlag: false,
				showAutomateFlag: false,
				needsRenewalFlag: false,
				customFields: [
					{
						id: 1,
						caption: 'Domotz ID',
						type: 'Text',
						entryMethod: 'EntryField',
						numberOfDecimals: 0,
						value: 'dz-42',
						connectWiseId: '00000002-0000-4000-8000-000000000001',
						rowNum: 1,
						userDefinedFieldRecId: 1,
						podId: 'configurations',
					},
					{
						id: 2,
						caption: 'Monitored',
						type: 'Checkbox',
						entryMethod: 'EntryField',
						numberOfDecimals: 0,
						value: null,
						connectWiseId: '00000002-0000-4000-8000-000000000002',
						rowNum: 2,
						userDefinedFieldRecId: 2,
						podId: 'configurations',
					},
				],
				_info: {
					lastUpdated: '2025-03-01T10:00:00Z',
					updatedBy: 'DomotzSync',
					dateEntered: '2025-03-01T10:00:00Z',
					enteredBy: 'DomotzSync',
				},
			});
			expect(simulator.state.configuration(1)).toEqual(answer.body);
		});

		it('applies fields projection to the created record', async () => {
			const answer = await call(simulator, '/company/configurations', {
				method: 'POST',
				body: MINIMAL,
				query: { fields: 'id,name,type/name' },
			});
			expect(answer).toMatchObject({
				status: 201,
				body: { id: 1, name: 'Core Switch', type: { name: 'Switch' } },
			});
			expect(Object.keys(answer.body as object)).toEqual(['id', 'name', 'type']);
		});

		it('lists every missing required field', async () => {
			const answer = await call(simulator, '/company/configurations', {
				method: 'POST',
				body: { serialNumber: 'x' },
			});
			expect(answer).toMatchObject({
				status: 400,
				body: {
					code: 'InvalidObject',
					message: 'configuration object is invalid',
					errors: [
						{
							code: 'MissingRequiredField',
							message: 'The name field is required.',
							resource: 'configuration',
							field: 'name',
						},
						{
							code: 'MissingRequiredField',
							message: 'The type field is required.',
							resource: 'configuration',
							field: 'type',
						},
						{
							code: 'MissingRequiredField',
							message: 'The company field is required.',
							resource: 'configuration',
							field: 'company',
						},
					],
				},
			});
		});

		it.each<[string, number]>([
			['name', 100],
			['deviceIdentifier', 100],
			['serialNumber', 250],
			['modelNumber', 50],
			['tagNumber', 50],
			['macAddress', 25],
			['lastLoginName', 100],
			['backupServerName', 50],
			['ipAddress', 50],
			['defaultGateway', 50],
			['osType', 250],
			['osInfo', 250],
			['cpuSpeed', 100],
			['ram', 25],
			['managementLink', 1000],
			['remoteLink', 1000],
			['manufacturerPartNumber', 50],
		])('limits %s to %i characters', async (field, limit) => {
			const tooLong = await call(simulator, '/company/configurations', {
				method: 'POST',
				body: { ...MINIMAL, [field]: 'x'.repeat(limit + 1) },
			});
			const atLimit = await call(simulator, '/company/configurations', {
				method: 'POST',
				body: { ...MINIMAL, [field]: 'x'.repeat(limit) },
			});
			expect(tooLong).toMatchObject({
				status: 400,
				body: {
					code: 'InvalidObject',
					message: 'configuration object is invalid',
					errors: [
						{
							code: 'MaxLengthField',
							message: `The field ${field} must be a string with a maximum length of ${limit}.`,
							resource: 'configuration',
							field,
						},
					],
				},
			});
			expect(atLimit.status).toBe(201);
		});

		it.each<[string, Record<string, unknown>, { code: string; message: string; field: string }]>([
			[
				'type id',
				{ type: { id: 999 } },
				{ code: 'NotFound', message: 'Configuration Type 999 not found', field: 'type/id' },
			],
			[
				'type name',
				{ type: { name: 'Toaster' } },
				{ code: 'NotFound', message: 'Configuration Type "Toaster" not found', field: 'type/name' },
			],
			[
				'status',
				{ status: { id: 9 } },
				{ code: 'NotFound', message: 'Configuration Status 9 not found', field: 'status/id' },
			],
			[
				'company identifier',
				{ company: { identifier: 'Nope' } },
				{ code: 'NotFound', message: 'Company "Nope" not found', field: 'company/identifier' },
			],
			[
				'site of another company',
				{ site: { id: 12 } },
				{ code: 'NotFound', message: 'Site 12 not found for Company 2', field: 'site/id' },
			],
			[
				'manufacturer',
				{ manufacturer: { id: 77 } },
				{ code: 'NotFound', message: 'Manufacturer 77 not found', field: 'manufacturer/id' },
			],
			[
				'empty reference',
				{ type: {} },
				{
					code: 'MissingRequiredField',
					message: 'The type/id field is required.',
					field: 'type/id',
				},
			],
			[
				'custom field',
				{ customFields: [{ id: 3, value: 'x' }] },
				{ code: 'NotFound', message: 'Custom field 3 not found', field: 'customFields/id' },
			],
			[
				'boolean',
				{ billFlag: 'yes' },
				{
					code: 'InvalidField',
					message: 'The field billFlag must be a boolean.',
					field: 'billFlag',
				},
			],
			[
				'integer',
				{ backupYear: 'soon' },
				{
					code: 'InvalidField',
					message: 'The field backupYear must be an integer.',
					field: 'backupYear',
				},
			],
			[
				'datetime',
				{ purchaseDate: 'yesterday' },
				{
					code: 'InvalidField',
					message: 'The field purchaseDate must be a datetime (yyyy-MM-ddTHH:mm:ssZ).',
					field: 'purchaseDate',
				},
			],
			[
				'reference shape',
				{ manufacturer: 'Cisco' },
				{
					code: 'InvalidField',
					message: 'The field manufacturer must be a reference object such as {"id": 1}.',
					field: 'manufacturer',
				},
			],
		])('rejects an invalid %s', async (_label, change, error) => {
			const answer = await call(simulator, '/company/configurations', {
				method: 'POST',
				body: { ...MINIMAL, ...change },
			});
			expect(answer).toMatchObject({
				status: 400,
				body: { code: 'InvalidObject', errors: [{ ...error, resource: 'configuration' }] },
			});
		});

		it('reads numbers and booleans sent as strings and treats "" as empty', async () => {
			const created = await create({
				...MINIMAL,
				billFlag: 'True',
				backupYear: '2024',
				ram: '',
				customFields: [{ id: 2, value: 'true' }],
			});
			expect(created).toMatchObject({ billFlag: true, backupYear: 2024 });
			expect(created).not.toHaveProperty('ram');
			expect(created.customFields[1].value).toBe(true);
		});

		it('collapses line breaks to a single space', async () => {
			const created = await create({ ...MINIMAL, notes: 'line one\r\nline two\nthree' });
			expect(created.notes).toBe('line one line two three');
		});

		it('keeps line breaks when configured so', async () => {
			const verbatim = new ConnectWiseSimulator({ collapseNewlines: false });
			await verbatim.start();
			const answer = await call(verbatim, '/company/configurations', {
				method: 'POST',
				body: { ...MINIMAL, notes: 'a\nb' },
			});
			await verbatim.close();
			expect((answer.body as Configuration).notes).toBe('a\nb');
		});

		it('rejects a body that is not JSON', async () => {
			const response = await fetch(`${simulator.apiBaseUrl}/company/configurations`, {
				method: 'POST',
				headers: { ...simulator.requestHeaders(), 'Content-Type': 'application/json' },
				body: '{"name":',
			});
			expect(response.status).toBe(400);
			expect(await response.json()).toEqual({
				code: 'InvalidObject',
				message: 'The request body is not valid JSON.',
			});
		});
	});

	describe('GET one', () => {
		it('answers the NotFound body for a missing id and no route for a non-numeric one', async () => {
			const missing = await call(simulator, '/company/configurations/4242');
			const notNumeric = await call(simulator, '/company/configurations/abc');
			expect(missing).toMatchObject({
				status: 404,
				body: { code: 'NotFound', message: 'Configuration 4242 not found' },
			});
			expect(notNumeric).toMatchObject({
				status: 404,
				body: { code: 'ConnectWiseApi', message: 'The endpoint does not exist.' },
			});
		});
	});

	describe('PATCH', () => {
		it('replaces fields, accepts a leading slash, bumps lastUpdated and records who wrote', async () => {
			const created = await create({ ...MINIMAL, serialNumber: 'OLD' });
			now += 90_000;
			const answer = await call(simulator, `/company/configurations/${created.id}`, {
				method: 'PATCH',
				credentials: {
					...simulator.credentials,
					publicKey: 'jsmith-public',
					privateKey: 'jsmith-private',
				},
				body: [
					{ op: 'replace', path: 'name', value: 'Core Switch 2' },
					{ op: 'replace', path: '/serialNumber', value: 'NEW' },
				],
			});
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({
				name: 'Core Switch 2',
				serialNumber: 'NEW',
				_info: {
					lastUpdated: '2025-03-01T10:01:30Z',
					updatedBy: 'jsmith',
					dateEntered: '2025-03-01T10:00:00Z',
					enteredBy: 'DomotzSync',
				},
			});
		});

		it('replaces a reference as a whole object', async () => {
			const created = await create(MINIMAL);
			const answer = await patch(created.id, [{ op: 'replace', path: 'type', value: { id: 3 } }]);
			expect((answer.body as Configuration).type).toMatchObject({ id: 3, name: 'Network Device' });
		});

		it('answers a false 200 for a reference sub-path and changes nothing', async () => {
			const created = await create(MINIMAL);
			const answer = await patch(created.id, [
				{ op: 'replace', path: 'company/identifier', value: 'GlobexInc' },
			]);
			expect(answer.status).toBe(200);
			expect((answer.body as Configuration).company).toMatchObject({
				id: 2,
				identifier: 'AcmeCorp',
			});
			expect(simulator.state.configuration(created.id)?.company.id).toBe(2);
		});

		it('removes a field, which then disappears from the answer', async () => {
			const created = await create({ ...MINIMAL, serialNumber: 'SN1' });
			const answer = await patch(created.id, [{ op: 'remove', path: 'serialNumber' }]);
			expect(answer.status).toBe(200);
			expect(answer.body).not.toHaveProperty('serialNumber');
		});

		it.each<[string, unknown, { code: string; field: string; message: string }]>([
			[
				'removing a required field',
				[{ op: 'remove', path: 'name' }],
				{ code: 'MissingRequiredField', field: 'name', message: 'The name field is required.' },
			],
			[
				'a path in the wrong case',
				[{ op: 'replace', path: 'SerialNumber', value: 'x' }],
				{
					code: 'InvalidField',
					field: 'SerialNumber',
					message: "The target location specified by path 'SerialNumber' was not found.",
				},
			],
			[
				'a value over the maximum length',
				[{ op: 'replace', path: 'macAddress', value: '00:11:22:33:44:55,66:77:88:99' }],
				{
					code: 'MaxLengthField',
					field: 'macAddress',
					message: 'The field macAddress must be a string with a maximum length of 25.',
				},
			],
			[
				'an unsupported op',
				[{ op: 'move', path: 'name', from: 'notes' }],
				{
					code: 'InvalidField',
					field: 'op',
					message: expect.stringContaining('use add, replace or remove') as unknown as string,
				},
			],
			[
				'a body that is not an array',
				{ op: 'replace', path: 'name', value: 'x' },
				{
					code: 'InvalidField',
					field: 'patch',
					message: 'The request body must be an array of patch operations.',
				},
			],
		])('rejects %s', async (_label, body, error) => {
			const created = await create(MINIMAL);
			const answer = await patch(created.id, body);
			expect(answer).toMatchObject({
				status: 400,
				body: {
					code: 'InvalidObject',
					message: 'configuration object is invalid',
					errors: [{ ...error, resource: 'configuration' }],
				},
			});
			expect(simulator.state.configuration(created.id)?.name).toBe('Core Switch');
		});

		it('replaces customFields as a whole array: omitted fields are cleared', async () => {
			const created = await create({
				...MINIMAL,
				customFields: [
					{ id: 1, value: 'dz-1' },
					{ id: 2, value: true },
				],
			});
			const answer = await patch(created.id, [
				{ op: 'replace', path: 'customFields', value: [{ id: 2, value: false }] },
			]);
			expect((answer.body as Configuration).customFields.map((field) => field.value)).toEqual([
				null,
				false,
			]);
		});

		it('merges customFields by id when configured so', async () => {
			const created = await create(
				{
					...MINIMAL,
					customFields: [
						{ id: 1, value: 'dz-1' },
						{ id: 2, value: true },
					],
				},
				mergeSimulator,
			);
			const answer = await patch(
				created.id,
				[{ op: 'replace', path: 'customFields', value: [{ id: 2, value: false }] }],
				mergeSimulator,
			);
			expect((answer.body as Configuration).customFields.map((field) => field.value)).toEqual([
				'dz-1',
				false,
			]);
		});

		it('ignores a customFields element path (false 200)', async () => {
			const created = await create({ ...MINIMAL, customFields: [{ id: 1, value: 'dz-1' }] });
			const answer = await patch(created.id, [
				{ op: 'replace', path: '/customFields/0/value', value: 'dz-2' },
			]);
			expect(answer.status).toBe(200);
			expect(simulator.state.customFieldValue(created.id, 'Domotz ID')).toBe('dz-1');
		});

		it('answers 404 for a missing configuration', async () => {
			const answer = await patch(777, [{ op: 'replace', path: 'name', value: 'x' }]);
			expect(answer).toMatchObject({
				status: 404,
				body: { code: 'NotFound', message: 'Configuration 777 not found' },
			});
		});
	});

	describe('PUT', () => {
		it('replaces the whole record: omitted fields fall back to defaults or disappear', async () => {
			const created = await create({
				...MINIMAL,
				serialNumber: 'SN1',
				activeFlag: false,
				status: { id: 2 },
				customFields: [{ id: 1, value: 'dz-1' }],
			});
			now += 5_000;
			const answer = await call(simulator, `/company/configurations/${created.id}`, {
				method: 'PUT',
				body: { name: 'Renamed', type: { id: 5 }, company: { id: 2 } },
			});
			expect(answer.status).toBe(200);
			const replaced = answer.body as Configuration;
			expect(replaced).toMatchObject({
				id: created.id,
				name: 'Renamed',
				activeFlag: true,
				status: { id: 1 },
				mobileGuid: created.mobileGuid,
				_info: { dateEntered: '2025-03-01T10:00:00Z', lastUpdated: '2025-03-01T10:00:05Z' },
			});
			expect(replaced).not.toHaveProperty('serialNumber');
			expect(replaced.customFields.every((field) => field.value === null)).toBe(true);
		});
	});

	describe('DELETE', () => {
		it('answers 204, then 404', async () => {
			const created = await create(MINIMAL);
			const deleted = await call(simulator, `/company/configurations/${created.id}`, {
				method: 'DELETE',
			});
			const again = await call(simulator, `/company/configurations/${created.id}`, {
				method: 'DELETE',
			});
			expect([deleted.status, deleted.body]).toEqual([204, undefined]);
			expect(again).toMatchObject({ status: 404, body: { code: 'NotFound' } });
		});

		it("answers 409 for a configuration that is another one's parent", async () => {
			const parent = await create(MINIMAL);
			await create({ ...MINIMAL, name: 'Module', parentConfigurationId: parent.id });
			const answer = await call(simulator, `/company/configurations/${parent.id}`, {
				method: 'DELETE',
			});
			expect(answer.status).toBe(409);
			expect(simulator.state.configuration(parent.id)).toBeDefined();
		});
	});

	describe('setup tables', () => {
		it.each([
			[
				'/company/configurations/types',
				{ name: 'Sensor' },
				{ name: 'Sensor', inactiveFlag: false, systemFlag: false },
			],
			[
				'/company/configurations/statuses',
				{ description: 'Spare' },
				{ description: 'Spare', closedFlag: false, defaultFlag: false },
			],
			['/procurement/manufacturers', { name: 'Netgear' }, { name: 'Netgear', inactiveFlag: false }],
		])('creates in %s and rejects a duplicate name', async (path, body, expected) => {
			const created = await call(simulator, path, { method: 'POST', body });
			const duplicate = await call(simulator, path, { method: 'POST', body });
			const fetched = await call(simulator, `${path}/${(created.body as { id: number }).id}`);
			expect(created).toMatchObject({ status: 201, body: expected });
			expect(fetched.body).toEqual(created.body);
			expect(duplicate).toMatchObject({
				status: 400,
				body: { code: 'InvalidObject', errors: [{ code: 'ObjectExists' }] },
			});
		});

		it('shows a new configuration custom field on every configuration with a null value', async () => {
			const existing = await create(MINIMAL);
			const created = await call(simulator, '/system/userDefinedFields', {
				method: 'POST',
				body: { caption: 'Asset Tag', fieldTypeIdentifier: 'Text', podId: 24, sequenceNumber: 3 },
			});
			expect(created).toMatchObject({
				status: 201,
				body: { id: 4, caption: 'Asset Tag', screenId: 'cf100', podDescription: 'Configurations' },
			});
			const fields = simulator.state.configuration(existing.id)?.customFields ?? [];
			expect(fields.map((field) => [field.caption, field.value])).toEqual([
				['Domotz ID', null],
				['Monitored', null],
				['Asset Tag', null],
			]);
		});

		it('makes a new default status the only default and uses it for new configurations', async () => {
			await call(simulator, '/company/configurations/statuses', {
				method: 'POST',
				body: { description: 'Discovered', defaultFlag: true },
			});
			const created = await create(MINIMAL);
			const defaults = simulator.state.statuses().filter((status) => status.defaultFlag === true);
			expect(created.status).toMatchObject({ name: 'Discovered' });
			expect(defaults.map((status) => status.description)).toEqual(['Discovered']);
		});
	});

	describe('in-process helpers', () => {
		it('edits like a PSA user: merges custom fields, bumps lastUpdated, names the editor', async () => {
			const created = await create({ ...MINIMAL, customFields: [{ id: 1, value: 'dz-1' }] });
			now += 60_000;
			const edited = simulator.state.editConfiguration(created.id, {
				ipAddress: '10.1.1.1',
				customFields: [{ id: 2, value: true }],
			});
			expect(edited).toMatchObject({
				ipAddress: '10.1.1.1',
				_info: { lastUpdated: '2025-03-01T10:01:00Z', updatedBy: 'jdoe' },
			});
			expect(edited.customFields.map((field) => field.value)).toEqual(['dz-1', true]);
		});

		it('throws on an edit ConnectWise would reject', () => {
			const created = simulator.state.addConfiguration(MINIMAL);
			expect(() =>
				simulator.state.editConfiguration(created.id, { macAddress: 'x'.repeat(26) }),
			).toThrow('MaxLengthField');
		});

		it('round-trips a snapshot through load', () => {
			simulator.state.addConfiguration({
				...MINIMAL,
				serialNumber: 'SN-9',
				customFields: [{ id: 1, value: 'dz-9' }],
			});
			const snapshot = simulator.state.snapshot();
			const copy = new ConnectWiseSimulator({ seed: snapshot });
			// The copy is not listening, so its hrefs have no host.
			const withoutHost = (data: unknown) =>
				JSON.parse(JSON.stringify(data).replaceAll(simulator.baseUrl, ''));
			expect(copy.state.snapshot()).toEqual(withoutHost(snapshot));
		});

		it('rejects a seed with a duplicate id and keeps the previous data', () => {
			const seed = {
				...tenant(),
				configurations: [
					{ id: 5, ...MINIMAL },
					{ id: 5, ...MINIMAL },
				],
			};
			expect(() => simulator.load(seed)).toThrow('Duplicate configuration id 5');
			expect(simulator.state.types()).toHaveLength(12);
		});
	});
});
