/**
 * Save API Transcript: which item carries the file, what its lines hold (one per attempt, retries
 * and failures included), and that a failed run still hands it over under "continue on fail".
 * That no credential is in it is proven in test/reliability/secrets.test.ts (and the harness
 * checks every file of every run); that the simulators answer it alike in transcript-replay.test.ts.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { TranscriptEntry } from '../../lib/http/transcript';
import { defaultSeed as connectWiseDefaultSeed } from '../simulators/connectwise';
import { DEFAULT_IDS, defaultSeed as domotzDefaultSeed } from '../simulators/domotz';
import { byId, SimulatedTenant } from './support';
import { parseTranscript, simulatorSyncAgent, transcriptText } from './transcripts';

const tenant = new SimulatedTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});
beforeEach(() => {
	tenant.load(domotzDefaultSeed(), connectWiseDefaultSeed());
	tenant.domotz.http.setFaults([]);
	tenant.connectwise.http.setFaults([]);
});

const acme = { agent: DEFAULT_IDS.agents.acme, company: 2 };
const acmeDevices = [{ agentId: acme.agent, deviceId: DEFAULT_IDS.devices.coreSwitch }];
const withTranscript = { options: { saveApiTranscript: true } };

const operations: Array<[string, INodeParameters, number]> = [
	['Sync Agent, on the first agent', simulatorSyncAgent, 0],
	[
		'Sync Fields, on the summary',
		{ resource: 'device', operation: 'syncFields', ...withTranscript },
		1,
	],
	[
		'Create Configurations, on the first device',
		{
			resource: 'device',
			operation: 'createConfigurations',
			companyLink: 'company',
			company: byId(acme.company),
			defaultType: '1',
			...withTranscript,
		},
		0,
	],
	[
		'Check Setup, on the first check',
		{
			resource: 'setup',
			operation: 'checkSetup',
			companyLink: 'company',
			company: byId(acme.company),
			...withTranscript,
		},
		0,
	],
	[
		'Match to Configurations, on the first device',
		{
			resource: 'device',
			operation: 'matchConfigurations',
			companyLink: 'company',
			company: byId(acme.company),
			...withTranscript,
		},
		0,
	],
];

const fileName = (operation: string) =>
	new RegExp(
		`^api-transcript-${operation}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z\\.jsonl$`,
	);

/** Where files are, as [output, item] pairs. */
function filesIn(outputs: INodeExecutionData[][]): Array<[number, number]> {
	return outputs.flatMap((items, output) =>
		items.flatMap((item, index): Array<[number, number]> => (item.binary ? [[output, index]] : [])),
	);
}

const requestsTo = (entries: readonly TranscriptEntry[], path: string) =>
	entries.filter((entry) => entry.path.endsWith(path));

describe('Sync › Save API Transcript', () => {
	it.each(operations)('%s', async (_case, parameters, output) => {
		const result = await tenant.run('sync', parameters, acmeDevices);
		expect(result.error).toBeUndefined();
		const outputs = result.outputs('Node');
		expect(filesIn(outputs)).toEqual([[output, 0]]);
		const file = outputs[output][0].binary!.apiTranscript;
		expect(file.mimeType).toBe('application/x-ndjson');
		expect(file.fileName).toMatch(fileName(parameters.operation as string));

		const { entries, capNote } = parseTranscript(transcriptText(outputs[output][0]));
		expect(capNote).toBeUndefined();
		const requests = [...tenant.domotz.http.requests(), ...tenant.connectwise.http.requests()];
		expect(entries).toHaveLength(requests.length);
		for (const entry of entries) {
			expect(entry).toEqual(
				expect.objectContaining({
					offsetMs: expect.any(Number),
					api: expect.stringMatching(/^(Domotz|ConnectWise)$/),
					method: expect.any(String),
					path: expect.stringMatching(/^\//),
					status: expect.any(Number),
					durationMs: expect.any(Number),
				}),
			);
		}
	});

	it('adds no file when the option is off', async () => {
		const result = await tenant.run('sync', { ...simulatorSyncAgent, options: {} }, [{}]);
		expect(result.error).toBeUndefined();
		expect(filesIn(result.outputs('Node'))).toEqual([]);
	});

	it('writes one line per attempt: a request refused twice shows three times', async () => {
		tenant.domotz.http.setFaults([
			{
				route: 'agent.list',
				fault: { type: 'status', status: 503, headers: { 'Retry-After': '0' } },
				rate: 1,
				times: 2,
			},
		]);
		tenant.connectwise.http.setFaults([
			{ route: 'companies.list', fault: { type: 'reset' }, rate: 1, times: 1 },
		]);
		const result = await tenant.run('sync', simulatorSyncAgent, [{}]);
		expect(result.error).toBeUndefined();
		const { entries } = parseTranscript(transcriptText(result.output('Node')[0]));
		const agentList = requestsTo(entries, '/agent');
		expect(agentList.map((entry) => entry.status)).toEqual([503, 503, 200]);
		expect(agentList[0].headers).toMatchObject({ 'retry-after': '0' });
		expect(
			requestsTo(entries, '/company/companies').map((entry) => entry.status ?? entry.failure),
		).toEqual(['connectionReset', 200]);
	});

	it('hands the file over with the error item of a run that fails under "continue on fail"', async () => {
		tenant.connectwise.http.setFaults([
			{ route: '*', fault: { type: 'status', status: 403, body: { message: 'no' } }, rate: 1 },
		]);
		const result = await tenant.run('sync', simulatorSyncAgent, [{}], 'continueRegularOutput');
		const [item] = result.output('Node');
		expect(item.json).toEqual({
			error: expect.stringMatching(/403|permission/i),
			details: expect.any(String),
		});
		const { entries } = parseTranscript(transcriptText(item));
		expect(entries.some((entry) => entry.status === 403)).toBe(true);
	});

	it('fails a failed run as before without "continue on fail"', async () => {
		tenant.connectwise.http.setFaults([
			{ route: '*', fault: { type: 'status', status: 403, body: { message: 'no' } }, rate: 1 },
		]);
		const result = await tenant.run('sync', simulatorSyncAgent, [{}]);
		expect(result.error?.message).toMatch(/403|permission/i);
	});
});
