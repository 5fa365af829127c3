/**
 * The rules the simulator takes from ConnectWise's own documents (ai-connor/connectwise models,
 * amp-labs/connectors recorded answers), each answered as ConnectWise answers a refusal, and the
 * options for what no document decides, each reading checked.
 */
import {
	type Configuration,
	ConnectWiseSimulator,
	type ConnectWiseSimulatorOptions,
	COMPANY_POD_ID,
} from './index';
import { call, idsOf, type Answer } from './test-support';

const simulators: ConnectWiseSimulator[] = [];

/** A simulator of the default seed with `options`, started before the tests and closed after. */
function tenant(options: ConnectWiseSimulatorOptions = {}): ConnectWiseSimulator {
	const simulator = new ConnectWiseSimulator({ requestsPerMinute: 0, ...options });
	simulators.push(simulator);
	return simulator;
}

const documented = tenant();
const lenient = tenant({ conditionGrammar: 'lenient' });
const notesApplied = tenant({ noteTextFilter: 'applied' });
const notesRefused = tenant({ noteTextFilter: 'refused' });
const notesStamped = tenant({ noteTimestamps: 'lastUpdated' });
const podElsewhere = tenant({ configurationPodId: 31, configurationPodDescription: 'Config Info' });
const clashAccepted = tenant({ sequenceNumberClash: 'accepted' });

beforeAll(async () => {
	await Promise.all(simulators.map((simulator) => simulator.start()));
});
afterAll(async () => {
	await Promise.all(simulators.map((simulator) => simulator.close()));
});
beforeEach(() => {
	for (const simulator of simulators) simulator.reset();
});

const FIELD = { caption: 'Asset Tag', podId: 24, sequenceNumber: 2, fieldTypeIdentifier: 'Text' };

/** Status and body: what a refusal is compared by. */
const shown = ({ status, body }: Answer) => ({ status, body });

const postField = (simulator: ConnectWiseSimulator, body: Record<string, unknown>) =>
	call(simulator, '/system/userDefinedFields', { method: 'POST', body });

function refusal(resource: string, errors: Array<[code: string, field: string, message: string]>) {
	return {
		status: 400,
		body: {
			code: 'InvalidObject',
			message: `${resource} object is invalid`,
			errors: errors.map(([code, field, message]) => ({ code, message, resource, field })),
		},
	};
}

const conditionRefusal = (parameter: string, message: string) =>
	refusal(parameter, [['InvalidCondition', parameter, message]]);

describe('POST /system/userDefinedFields (model_user_defined_field.go)', () => {
	it('requires podId, caption, sequenceNumber and fieldTypeIdentifier, naming each', async () => {
		expect(shown(await postField(documented, {}))).toEqual(
			refusal('userDefinedField', [
				['MissingRequiredField', 'podId', 'The podId field is required.'],
				['MissingRequiredField', 'caption', 'The caption field is required.'],
				['MissingRequiredField', 'sequenceNumber', 'The sequenceNumber field is required.'],
				[
					'MissingRequiredField',
					'fieldTypeIdentifier',
					'The fieldTypeIdentifier field is required.',
				],
			]),
		);
	});

	it.each<[string, Record<string, unknown>, [string, string, string]]>([
		[
			'a caption of 26 characters',
			{ caption: 'x'.repeat(26) },
			[
				'MaxLengthField',
				'caption',
				'The field caption must be a string with a maximum length of 25.',
			],
		],
		[
			'help text of 1,001 characters',
			{ helpText: 'x'.repeat(1001) },
			[
				'MaxLengthField',
				'helpText',
				'The field helpText must be a string with a maximum length of 1000.',
			],
		],
		[
			'a screenId of 26 characters',
			{ screenId: 'x'.repeat(26) },
			[
				'MaxLengthField',
				'screenId',
				'The field screenId must be a string with a maximum length of 25.',
			],
		],
		[
			'sequence number 0',
			{ sequenceNumber: 0 },
			['OutOfRange', 'sequenceNumber', 'The field sequenceNumber must be between 1 and 500.'],
		],
		[
			'sequence number 501',
			{ sequenceNumber: 501 },
			['OutOfRange', 'sequenceNumber', 'The field sequenceNumber must be between 1 and 500.'],
		],
		[
			'an unknown field type',
			{ fieldTypeIdentifier: 'Colour' },
			[
				'InvalidField',
				'fieldTypeIdentifier',
				'The field fieldTypeIdentifier must be one of TextArea, Button, Currency, Date, Hyperlink, IPAddress, Checkbox, Number, Percent, Text, Password.',
			],
		],
		[
			'an unknown entry type',
			{ entryTypeIdentifier: 'Slider' },
			[
				'InvalidField',
				'entryTypeIdentifier',
				'The field entryTypeIdentifier must be one of Date, EntryField, List, Option.',
			],
		],
		[
			'a Button field without its URL',
			{ fieldTypeIdentifier: 'Button' },
			['MissingRequiredField', 'buttonUrl', 'The buttonUrl field is required.'],
		],
		[
			'a pod id that is not a number',
			{ podId: '24' },
			['InvalidField', 'podId', 'The field podId must be a pod id.'],
		],
	])('refuses %s', async (_case, change, error) => {
		expect(shown(await postField(documented, { ...FIELD, ...change }))).toEqual(
			refusal('userDefinedField', [error]),
		);
	});

	it('takes every limit at its edge: 25, 1,000 and sequence number 500', async () => {
		const created = await postField(documented, {
			...FIELD,
			caption: 'x'.repeat(25),
			helpText: 'y'.repeat(1000),
			sequenceNumber: 500,
		});
		expect(created.status).toBe(201);
	});

	it('lists fields in the recorded shape (definitions.json), pods described, _info empty', async () => {
		const listed = await call(documented, '/system/userDefinedFields', {
			query: { orderBy: 'id asc' },
		});
		const [configurationField, companyField] = listed.body as Array<Record<string, unknown>>;
		expect(Object.keys(configurationField)).toEqual([
			'id',
			'podId',
			'podDescription',
			'caption',
			'sequenceNumber',
			'screenId',
			'screenDescription',
			'fieldTypeIdentifier',
			'numberDecimals',
			'entryTypeIdentifier',
			'requiredFlag',
			'displayOnScreenFlag',
			'readOnlyFlag',
			'listViewFlag',
			'businessUnitIds',
			'locationIds',
			'connectWiseID',
			'displayScreenInASIO',
			'dateCreated',
			'_info',
		]);
		expect(configurationField).toMatchObject({
			podId: 24,
			podDescription: 'Configurations',
			screenDescription: 'Configuration',
			_info: {},
		});
		expect(companyField).toMatchObject({ podId: COMPANY_POD_ID, screenDescription: 'Company' });
	});
});

describe('configuration customFields entries (one-contact.json)', () => {
	it('carry rowNum, userDefinedFieldRecId and the pod named as a string', async () => {
		const created = await call(documented, '/company/configurations', {
			method: 'POST',
			body: { name: 'Core', type: { id: 1 }, company: { id: 2 } },
		});
		const [entry] = (created.body as Configuration).customFields;
		expect(entry).toEqual({
			id: 1,
			caption: 'Domotz ID',
			type: 'Text',
			entryMethod: 'EntryField',
			numberOfDecimals: 0,
			value: null,
			connectWiseId: '00000002-0000-4000-8000-000000000001',
			rowNum: 1,
			userDefinedFieldRecId: 1,
			podId: 'configurations',
		});
		expect(Object.keys(entry)).toEqual([
			'id',
			'caption',
			'type',
			'entryMethod',
			'numberOfDecimals',
			'value',
			'connectWiseId',
			'rowNum',
			'userDefinedFieldRecId',
			'podId',
		]);
	});
});

describe('GET /company/configurations/statuses (model_configuration_status.go)', () => {
	it('answers statuses without inactiveFlag', async () => {
		const statuses = await call(documented, '/company/configurations/statuses');
		expect(statuses.status).toBe(200);
		for (const status of statuses.body as Array<Record<string, unknown>>) {
			expect(Object.keys(status).sort()).toEqual(
				['_info', 'closedFlag', 'defaultFlag', 'description', 'id'].sort(),
			);
		}
	});
});

describe('option conditionGrammar', () => {
	const configurations = (simulator: ConnectWiseSimulator, query: Record<string, string>) =>
		call(simulator, '/company/configurations', { query });

	beforeEach(() => {
		for (const simulator of [documented, lenient]) {
			simulator.state.addConfiguration({
				name: 'Camera "Lobby"',
				type: { id: 1 },
				company: { id: 2 },
				customFields: [{ id: 1, value: 'dz-1' }],
			});
		}
	});

	it.each<[string, Record<string, string>, string, string]>([
		[
			'grouping parentheses',
			{ conditions: 'company/id = 2 AND (id = 1 OR id = 2)' },
			'conditions',
			'Parentheses may only hold the list of an in at position 20',
		],
		[
			'a backslash in a string',
			{ conditions: 'name = "Camera \\"Lobby\\""' },
			'conditions',
			'A backslash inside a string value is not a documented form at position 16',
		],
		[
			'not in front of a comparison',
			{ conditions: 'not id = 2' },
			'conditions',
			"'not' belongs between a field and like, contains or in at position 1",
		],
		[
			'OR in customFieldConditions',
			{ customFieldConditions: 'caption = "Domotz ID" AND value = "dz-1" OR value = "dz-2"' },
			'customFieldConditions',
			'customFieldConditions take the documented form caption = "X" AND value <operator> "Y"',
		],
		[
			'customFieldConditions without the caption',
			{ customFieldConditions: 'value = "dz-1"' },
			'customFieldConditions',
			'customFieldConditions take the documented form caption = "X" AND value <operator> "Y"',
		],
	])(
		'documented (default) refuses %s; lenient reads it',
		async (_case, query, parameter, message) => {
			expect(shown(await configurations(documented, query))).toEqual(
				conditionRefusal(parameter, message),
			);
			const read = await configurations(lenient, query);
			expect(read.status).toBe(200);
			expect(idsOf(read)).toEqual([1]);
		},
	);

	it.each<Record<string, string>>([
		{ conditions: 'company/id in (2, 3) AND name like "Camera*" or id = 9' },
		{ conditions: 'name contains "Lobby" AND name not like "x*"' },
		{ customFieldConditions: 'caption = "Domotz ID" and value like "dz-*"' },
	])('documented reads %j', async (query) => {
		expect(idsOf(await configurations(documented, query))).toEqual([1]);
	});
});

describe('option noteTextFilter', () => {
	const leaseCondition = { conditions: 'text like "Domotz sync lease*"' };

	async function notes(simulator: ConnectWiseSimulator): Promise<Answer> {
		for (const text of ['Domotz sync lease aa', 'Called about the firewall']) {
			await call(simulator, '/company/companies/2/notes', { method: 'POST', body: { text } });
		}
		return await call(simulator, '/company/companies/2/notes', { query: leaseCondition });
	}

	it('ignored (default): the condition is accepted and every note comes back', async () => {
		expect(idsOf(await notes(documented))).toEqual([1, 2]);
	});

	it('applied: only the notes whose text matches', async () => {
		expect(idsOf(await notes(notesApplied))).toEqual([1]);
	});

	it('refused: 400, text being no field of a note to filter on', async () => {
		expect(shown(await notes(notesRefused))).toEqual(
			conditionRefusal('conditions', "Unknown field 'text' in conditions"),
		);
	});
});

describe('option noteTimestamps', () => {
	async function writtenAndRenewed(simulator: ConnectWiseSimulator): Promise<Answer[]> {
		const posted = await call(simulator, '/company/companies/2/notes', {
			method: 'POST',
			body: { text: 'a' },
		});
		const patched = await call(simulator, '/company/companies/2/notes/1', {
			method: 'PATCH',
			body: [{ op: 'replace', path: 'text', value: 'b' }],
		});
		const listed = await call(simulator, '/company/companies/2/notes');
		return [posted, patched, listed];
	}

	it('none (default, as the model documents): no lastUpdated or dateEntered anywhere', async () => {
		const [posted, patched, listed] = await writtenAndRenewed(documented);
		const info = { updatedBy: 'DomotzSync', enteredBy: 'DomotzSync' };
		expect((posted.body as { _info: unknown })._info).toEqual(info);
		expect((patched.body as { _info: unknown })._info).toEqual(info);
		expect((listed.body as Array<{ _info: unknown }>)[0]._info).toEqual(info);
	});

	it('lastUpdated: every answer carries the stamps', async () => {
		const answers = await writtenAndRenewed(notesStamped);
		for (const answer of answers) {
			const body = Array.isArray(answer.body) ? answer.body[0] : answer.body;
			expect(body).toMatchObject({
				_info: { lastUpdated: expect.any(String), dateEntered: expect.any(String) },
			});
		}
	});
});

describe('option configurationPodId', () => {
	const captions = (simulator: ConnectWiseSimulator) =>
		simulator.state
			.addConfiguration({ name: 'Probe', type: { id: 1 }, company: { id: 2 } })
			.customFields.map((field) => field.caption);

	it('24 by default: a field of another pod never shows on configurations, nor can be set there', async () => {
		const onCompanies = await postField(documented, { ...FIELD, podId: COMPANY_POD_ID });
		expect(onCompanies.status).toBe(201);
		expect(captions(documented)).toEqual(['Domotz ID']);
		const set = await call(documented, '/company/configurations', {
			method: 'POST',
			body: {
				name: 'Core',
				type: { id: 1 },
				company: { id: 2 },
				customFields: [{ id: (onCompanies.body as { id: number }).id, value: 'x' }],
			},
		});
		expect(shown(set)).toEqual(
			refusal('configuration', [['NotFound', 'customFields/id', 'Custom field 4 not found']]),
		);
	});

	it('elsewhere: a field created on pod 24 is not on configurations, one on the configured pod is', async () => {
		const on24 = await postField(podElsewhere, { ...FIELD, caption: 'On 24' });
		const onPod = await postField(podElsewhere, { ...FIELD, caption: 'On 31', podId: 31 });
		expect([on24.status, onPod.status]).toEqual([201, 201]);
		expect(onPod.body).toMatchObject({ podDescription: 'Config Info', screenId: 'cf100' });
		expect(captions(podElsewhere)).toEqual(['Domotz ID', 'On 31']);
	});
});

describe('option sequenceNumberClash', () => {
	it('refused (default): a sequence number another field of the pod has', async () => {
		expect(shown(await postField(documented, { ...FIELD, sequenceNumber: 1 }))).toEqual(
			refusal('userDefinedField', [
				['ObjectExists', 'sequenceNumber', 'The sequenceNumber 1 is taken on pod 24.'],
			]),
		);
		expect((await postField(documented, { ...FIELD, podId: 4, sequenceNumber: 2 })).status).toBe(
			201,
		);
	});

	it('accepted: created beside the other field', async () => {
		expect((await postField(clashAccepted, { ...FIELD, sequenceNumber: 1 })).status).toBe(201);
	});
});
