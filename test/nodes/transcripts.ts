/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only: names the fixture file next to the tests */
/**
 * API transcripts in tests: reading the file a run attached, recording one from the simulators,
 * and replaying one against them to compare each answer's status and shape with the recorded one.
 */
import { join } from 'node:path';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { shortenedBody } from '../../lib/http/transcript-body';
import {
	defaultMaxTranscriptBodyChars,
	recordedResponseHeaders,
	type TranscriptCapNote,
	type TranscriptEntry,
} from '../../lib/http/transcript';
import type { HttpPort } from '../../lib/http/port';
import { API_TRANSCRIPT_PROPERTY } from '../../nodes/DomotzConnectWiseSync/helpers/transcript';
import { DEFAULT_IDS } from '../simulators/domotz';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../support/fetch-port';
import { shapeDifferences } from '../support/json-shape';
import { byId, SimulatedTenant } from './support';

/** The transcript recorded from the simulators, committed as the example fixture. */
export const exampleTranscriptPath = join(
	__dirname,
	'..',
	'fixtures',
	'transcripts',
	'sync-agent-simulators.jsonl',
);

export interface ParsedTranscript {
	entries: TranscriptEntry[];
	capNote?: TranscriptCapNote;
}

/** The transcript file an output item carries, as text. */
export function transcriptText(item: INodeExecutionData | undefined): string {
	const file = item?.binary?.[API_TRANSCRIPT_PROPERTY];
	if (!file) throw new Error(`The item carries no ${API_TRANSCRIPT_PROPERTY} file`);
	return Buffer.from(file.data, 'base64').toString('utf8');
}

/** Every line parsed; a line that is not JSON fails, naming its number. */
export function parseTranscript(text: string): ParsedTranscript {
	const lines = text.split('\n').filter((line) => line !== '');
	const notJson = lines.findIndex((line) => !isJson(line));
	if (notJson >= 0) throw new Error(`Line ${notJson + 1} of the transcript is not JSON`);
	const parsed = lines.map((line) => JSON.parse(line) as unknown);
	const last = parsed.at(-1) as Partial<TranscriptCapNote> | undefined;
	return last?.droppedAttempts === undefined
		? { entries: parsed as TranscriptEntry[] }
		: { entries: parsed.slice(0, -1) as TranscriptEntry[], capNote: last as TranscriptCapNote };
}

function isJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/**
 * The Sync Agent run of the example transcript: the default seeds' agents linked to their
 * companies (Umbrella to none), unmatched devices created, so that the run reads and writes.
 */
export const simulatorSyncAgent: INodeParameters = {
	resource: 'agent',
	operation: 'syncAgent',
	agentSelection: 'all',
	companyLink: 'mapping',
	agentLinks: {
		links: [
			[DEFAULT_IDS.agents.acme, 2],
			[DEFAULT_IDS.agents.globex, 3],
			[DEFAULT_IDS.agents.initech, 4],
		].map(([agent, company]) => ({ agent: byId(agent), company: byId(company), siteId: '' })),
	},
	createUnmatched: true,
	defaultType: '1',
	options: { saveApiTranscript: true },
};

/** The transcript of {@link simulatorSyncAgent} on fresh simulators with the default seeds. */
export async function recordSimulatorTranscript(): Promise<string> {
	const tenant = new SimulatedTenant();
	await tenant.start();
	try {
		const result = await tenant.run('sync', simulatorSyncAgent, [{}]);
		if (result.error) throw result.error;
		return transcriptText(result.output('Node')[0]);
	} finally {
		await tenant.close();
	}
}

export interface ReplayReport {
	replayed: number;
	/** Attempts a simulator cannot answer alike, with why. */
	skipped: string[];
	/** Attempts answered with another status or shape, with how. */
	differences: string[];
}

/**
 * Sends every attempt of a transcript, in its order, to the tenant's simulators and compares the
 * status, the names of the recorded headers and the body's shape with the recorded ones (the
 * answer shortened as the transcript shortens it). Attempts that met a throttle, a server error or
 * no answer are skipped: the simulators produce those only when told to.
 */
export async function replayTranscript(
	entries: readonly TranscriptEntry[],
	tenant: SimulatedTenant,
): Promise<ReplayReport> {
	const report: ReplayReport = { replayed: 0, skipped: [], differences: [] };
	const ports = replayPorts(tenant);
	for (const [index, entry] of entries.entries()) {
		const label = `#${index + 1} ${entry.api} ${entry.method} ${entry.path}`;
		const skip = whyNotReplayable(entry);
		if (skip) {
			report.skipped.push(`${label}: ${skip}`);
			continue;
		}
		const origin = entry.api === 'Domotz' ? tenant.domotz.baseUrl : tenant.connectwise.baseUrl;
		const answer = await ports[entry.api]({
			method: entry.method,
			url: `${origin}${entry.path}`,
			query: entry.query,
			headers: entry.requestHeaders,
			body: entry.requestBody,
		});
		report.replayed += 1;
		const problems = [
			...(answer.status === entry.status
				? []
				: [`status ${answer.status}, recorded ${entry.status}`]),
			...headerDifferences(entry, answer.headers),
			...bodyDifferences(entry, answer.body),
		];
		if (problems.length > 0) report.differences.push(`${label}: ${problems.join('; ')}`);
	}
	return report;
}

function replayPorts(tenant: SimulatedTenant): Record<TranscriptEntry['api'], HttpPort> {
	const { connectWisePsaApi, domotzApi } = tenant.credentials();
	return {
		Domotz: createFetchPort({ authenticate: domotzApiKey(domotzApi.apiKey) }),
		ConnectWise: createFetchPort({ authenticate: connectWiseBasicAuth(connectWisePsaApi) }),
	};
}

function whyNotReplayable(entry: TranscriptEntry): string | undefined {
	if (entry.status === undefined) return `no answer (${entry.failure ?? 'pending'})`;
	if (entry.status === 429 || entry.status >= 500) return `recorded status ${entry.status}`;
	if (entry.requestBodyTruncated) return 'request body shortened in the transcript';
	return undefined;
}

function headerDifferences(
	entry: TranscriptEntry,
	headers: Record<string, string | undefined>,
): string[] {
	const recorded = Object.keys(entry.headers ?? {});
	const replayed = recordedResponseHeaders.filter((name) => headers[name] !== undefined);
	return recorded.sort().join() === replayed.sort().join()
		? []
		: [`headers ${replayed.join(', ') || 'none'}, recorded ${recorded.join(', ') || 'none'}`];
}

function bodyDifferences(entry: TranscriptEntry, body: unknown): string[] {
	if ((entry.responseBody === undefined) !== (body === undefined)) {
		return [`body ${body === undefined ? 'absent' : 'present'}, recorded the opposite`];
	}
	if (body === undefined) return [];
	const shortened = shortenedBody(body, defaultMaxTranscriptBodyChars).body;
	return shapeDifferences(entry.responseBody, shortened).map((line) => `body ${line}`);
}
