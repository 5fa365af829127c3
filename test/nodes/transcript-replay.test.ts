/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: reads transcript fixtures */
/**
 * Replays API transcripts against the simulators: every attempt of a recorded run is sent again,
 * in its order, to fresh simulators, and each answer must have the recorded status, header names
 * and body shape (field names and JSON types, not values; see test/support/json-shape.ts).
 *
 * The example fixture, test/fixtures/transcripts/sync-agent-simulators.jsonl, is the Sync Agent
 * run `simulatorSyncAgent` (transcripts.ts) recorded from simulators with the default seeds.
 * Regenerate it after a change to that run or to what the simulators answer:
 *
 *   npx ts-node --transpile-only --prefer-ts-exts test/nodes/record-transcript.ts
 *
 * A real tenant's transcript (the sync node's Save API Transcript option) can be dropped into
 * test/fixtures/transcripts/ and added to `fixtures` with simulators seeded like that tenant:
 * each difference then names an answer the simulators give otherwise than the real API.
 */
import { readFileSync } from 'node:fs';

import { SimulatedTenant } from './support';
import { exampleTranscriptPath, parseTranscript, replayTranscript } from './transcripts';

const fixtures = [
	{
		name: 'Sync Agent recorded from the simulators',
		path: exampleTranscriptPath,
		tenant: () => new SimulatedTenant(),
	},
];

describe.each(fixtures)('Replay of $name', ({ path, tenant: createTenant }) => {
	let tenant: SimulatedTenant;
	const transcript = () => parseTranscript(readFileSync(path, 'utf8'));

	beforeEach(async () => {
		tenant = createTenant();
		await tenant.start();
	});
	afterEach(async () => {
		await tenant.close();
	});

	it('holds one JSON document a line, none left out by the cap', () => {
		const { entries, capNote } = transcript();
		expect(entries.length).toBeGreaterThan(0);
		expect(capNote).toBeUndefined();
	});

	it('is answered by the simulators with the same statuses, headers and shapes', async () => {
		const { entries } = transcript();
		const report = await replayTranscript(entries, tenant);
		expect(report.differences).toEqual([]);
		expect(report.replayed + report.skipped.length).toBe(entries.length);
	});
});

describe('Replay of the example transcript', () => {
	let tenant: SimulatedTenant;
	const { entries } = parseTranscript(readFileSync(exampleTranscriptPath, 'utf8'));

	beforeEach(async () => {
		tenant = new SimulatedTenant();
		await tenant.start();
	});
	afterEach(async () => {
		await tenant.close();
	});

	it('covers reads and writes of both APIs, recorded without faults', async () => {
		const kinds = new Set(entries.map((entry) => `${entry.api} ${entry.method}`));
		for (const kind of ['Domotz GET', 'Domotz POST', 'ConnectWise GET', 'ConnectWise POST']) {
			expect(kinds.has(kind)).toBe(true);
		}
		expect((await replayTranscript(entries, tenant)).skipped).toEqual([]);
	});

	it('names each answer that differs: another status, a renamed field, another type', async () => {
		const agentList = entries.findIndex((entry) => entry.path.endsWith('/agent'));
		const altered = structuredClone(entries.slice(0, agentList + 1));
		const recorded = altered[agentList];
		const [firstAgent] = recorded.responseBody as Array<Record<string, unknown>>;
		firstAgent.displayName = firstAgent.display_name;
		delete firstAgent.display_name;
		firstAgent.id = String(firstAgent.id);
		recorded.status = 201;
		const report = await replayTranscript(altered, tenant);
		expect(report.differences).toEqual([
			expect.stringMatching(
				/GET \/public-api\/v1\/agent: status 200, recorded 201; .*\$\[\]\.displayName: expected string, got absent; .*\$\[\]\.id: expected number\|string, got number/,
			),
		]);
	});
});
