import { DomotzClient } from '../../../lib/domotz/client';
import type { HttpPort, HttpRequest, HttpResponse } from '../../../lib/http/port';
import { REDACTED } from '../../../lib/http/secrets';
import { ApiTranscript, type TranscriptEntry } from '../../../lib/http/transcript';
import { shortenedBody } from '../../../lib/http/transcript-body';
import { basicToken } from '../../support/fetch-port';
import { jsonShape } from '../../support/json-shape';
import { manualClock, recordingSleep } from '../../support/time';
import { transportError } from '../clients/helpers';

const privateKey = 'Pr1v+Key/9=zQ&x';
const publicKey = 'PubDummyUnique8842';
const clientId = '0b9d6c1e-4f3a-4e2b-9c8d-7a6b5c4d3e2f';
const companyId = 'acme';
const basicPair = `${companyId}+${publicKey}:${privateKey}`;
const authorization = basicToken({ companyId, publicKey, privateKey });
const connectWiseSecrets = [publicKey, privateKey, clientId, basicPair];

/** Every form in which a credential value could be echoed. */
const echoedForms = [publicKey, privateKey, clientId, basicPair].flatMap((value) => [
	value,
	encodeURIComponent(value),
	Buffer.from(value).toString('base64'),
]);

function answering(...responses: Array<HttpResponse | Error>): HttpPort & { sent: HttpRequest[] } {
	const sent: HttpRequest[] = [];
	const port = async (request: HttpRequest) => {
		sent.push(request);
		const next = responses.shift();
		if (next === undefined) throw new Error('no answer scripted');
		if (next instanceof Error) throw next;
		return next;
	};
	return Object.assign(port, { sent });
}

const json = (
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): HttpResponse => ({
	status,
	headers: { 'content-type': 'application/json', ...headers },
	body,
});

function lineOf(transcript: ApiTranscript, index = 0): TranscriptEntry {
	return JSON.parse(transcript.toJsonLines().split('\n')[index]) as TranscriptEntry;
}

describe('ApiTranscript', () => {
	it('records the request and the answer of each attempt, with offsets from its start', async () => {
		const clock = manualClock();
		const transcript = new ApiTranscript({ now: clock.now });
		clock.advance(1_500);
		const port = transcript.record(
			async () => {
				clock.advance(40);
				return json(200, [{ id: 1 }], { 'x-entities-count': '1', 'x-server': 'iis' });
			},
			{ api: 'ConnectWise' },
		);
		await port({
			method: 'GET',
			url: 'https://api-na.example.net/v2025_1/apis/3.0/company/configurations',
			query: { pageSize: 1000, conditions: 'company/id=2', page: undefined },
			headers: { Accept: 'application/vnd.connectwise.com+json; version=2025.1' },
		});
		expect(transcript.entries()).toEqual([
			{
				offsetMs: 1_500,
				api: 'ConnectWise',
				method: 'GET',
				path: '/v2025_1/apis/3.0/company/configurations',
				query: { pageSize: 1000, conditions: 'company/id=2' },
				requestHeaders: { accept: 'application/vnd.connectwise.com+json; version=2025.1' },
				status: 200,
				durationMs: 40,
				headers: { 'content-type': 'application/json', 'x-entities-count': '1' },
				responseBody: [{ id: 1 }],
			},
		]);
	});

	it('keeps no request header but Accept: the credentials travel in the others', async () => {
		const transcript = new ApiTranscript({ now: Date.now });
		const port = transcript.record(answering(json(200, {})), { api: 'ConnectWise' });
		await port({
			method: 'GET',
			url: 'https://example.net/x',
			headers: { Authorization: `Basic ${authorization}`, clientId, 'X-Api-Key': 'k-123456' },
		});
		const text = transcript.toJsonLines();
		expect(text).not.toMatch(/authorization|clientid|x-api-key/i);
		expect(text).not.toContain(authorization);
	});

	it('removes every credential value, in every form, from paths, queries, headers and bodies', async () => {
		const transcript = new ApiTranscript({ now: Date.now });
		const echo = `key ${privateKey}, ${encodeURIComponent(privateKey)}, Basic ${authorization}, client ${clientId}`;
		const port = transcript.record(
			answering(
				json(400, { message: echo, errors: [{ [publicKey]: basicPair }] }, { link: `<${echo}>` }),
			),
			{ api: 'ConnectWise', secrets: connectWiseSecrets },
		);
		await port({
			method: 'POST',
			url: `https://example.net/login/${encodeURIComponent(privateKey)}`,
			query: { filter: echo },
			body: { note: echo, list: [clientId] },
		});
		const text = transcript.toJsonLines();
		for (const form of echoedForms) expect(text).not.toContain(form);
		expect(text).toContain(REDACTED);
		// Redacted, the body is still the JSON it was.
		expect(lineOf(transcript).responseBody).toEqual({
			message: expect.any(String),
			errors: [{ [REDACTED]: REDACTED }],
		});
	});

	it("removes the other API's credential values too", async () => {
		const transcript = new ApiTranscript({ now: Date.now });
		const domotz = transcript.record(answering(json(200, { notes: `cw key ${privateKey}` })), {
			api: 'Domotz',
			secrets: ['DomotzKey-5521'],
		});
		transcript.record(answering(), { api: 'ConnectWise', secrets: connectWiseSecrets });
		await domotz({ method: 'GET', url: 'https://example.net/device' });
		expect(transcript.toJsonLines()).not.toContain(privateKey);
	});

	it('removes a credential before shortening, so that no cut leaves part of one', async () => {
		const transcript = new ApiTranscript({ now: Date.now, maxBodyChars: 50 });
		const port = transcript.record(answering(json(500, `${'x'.repeat(45)}${privateKey}`)), {
			api: 'ConnectWise',
			secrets: connectWiseSecrets,
		});
		await port({ method: 'GET', url: 'https://example.net/x' });
		expect(transcript.toJsonLines()).not.toContain(privateKey.slice(0, 5));
	});

	it('records an attempt that got no answer by the kind of failure, and passes the rejection on', async () => {
		const transcript = new ApiTranscript({ now: Date.now });
		const failure = transportError('ECONNRESET', `socket hang up, sent ${privateKey}`);
		const port = transcript.record(answering(failure), {
			api: 'Domotz',
			secrets: connectWiseSecrets,
		});
		await expect(port({ method: 'GET', url: 'https://example.net/agent' })).rejects.toBe(failure);
		expect(lineOf(transcript)).toMatchObject({ path: '/agent', failure: 'connectionReset' });
		expect(lineOf(transcript)).not.toHaveProperty('status');
		expect(transcript.toJsonLines()).not.toContain('socket hang up');
	});

	it('writes one line per attempt: the retries of a client show', async () => {
		const transcript = new ApiTranscript({ now: Date.now });
		const port = answering(
			json(503, { message: 'busy' }, { 'retry-after': '0' }),
			transportError('ETIMEDOUT'),
			json(200, { id: 1001, name: 'msp-admin@example.com' }),
		);
		const client = new DomotzClient({
			http: transcript.record(port, { api: 'Domotz' }),
			sleep: recordingSleep().sleep,
			baseUrl: 'https://api-eu-west-1-cell-1.domotz.com/public-api/v1',
		});
		await client.getUser();
		expect(
			transcript.entries().map((entry) => [entry.path, entry.status ?? entry.failure]),
		).toEqual([
			['/public-api/v1/user', 503],
			['/public-api/v1/user', 'timeout'],
			['/public-api/v1/user', 200],
		]);
		expect(transcript.entries()[0].headers).toEqual({
			'content-type': 'application/json',
			'retry-after': '0',
		});
	});

	it('keeps the attempts in the order they were sent, the unanswered ones without an outcome', async () => {
		const transcript = new ApiTranscript({ now: Date.now });
		let answerFirst: (response: HttpResponse) => void = () => {};
		const port = transcript.record(
			async (request) =>
				request.url.endsWith('/slow')
					? await new Promise<HttpResponse>((resolve) => (answerFirst = resolve))
					: json(200, {}),
			{ api: 'Domotz' },
		);
		const slow = port({ method: 'GET', url: 'https://example.net/slow' });
		await port({ method: 'GET', url: 'https://example.net/fast' });
		expect(transcript.entries().map((entry) => [entry.path, entry.status])).toEqual([
			['/slow', undefined],
			['/fast', 200],
		]);
		answerFirst(json(204, undefined));
		await slow;
		expect(transcript.entries()[0].status).toBe(204);
		expect(transcript.entries()[0]).not.toHaveProperty('responseBody');
	});

	it('stops at its cap, counts the attempts left out and says so in a last line', async () => {
		const transcript = new ApiTranscript({ now: Date.now, maxEntries: 2 });
		const port = transcript.record(answering(...Array.from({ length: 5 }, () => json(200, {}))), {
			api: 'Domotz',
		});
		for (let index = 0; index < 5; index += 1) {
			await port({ method: 'GET', url: `https://example.net/${index}` });
		}
		const lines = transcript
			.toJsonLines()
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines).toHaveLength(3);
		expect(lines.slice(0, 2).map((line) => line.path)).toEqual(['/0', '/1']);
		expect(lines[2]).toEqual({ droppedAttempts: 3, note: expect.stringContaining('first 2') });
		expect(transcript.droppedCount()).toBe(3);
	});
});

describe('shortenedBody', () => {
	const configuration = (id: number) => ({
		id,
		name: `Configuration ${id}`,
		customFields: [{ id: 1, caption: 'Domotz Link', value: `domotz:1/${id}` }],
	});

	it('keeps a body that fits as it is', () => {
		expect(shortenedBody({ id: 1 }, 100)).toEqual({ body: { id: 1 } });
	});

	it('keeps the leading items of a long list that fit, and says how many there were', () => {
		const page = Array.from({ length: 100 }, (_, index) => configuration(index));
		const kept = shortenedBody(page, 400);
		expect(JSON.stringify(kept.body).length).toBeLessThanOrEqual(400);
		expect(kept.body).toEqual(page.slice(0, kept.truncated?.keptItems));
		expect(kept.truncated).toEqual({
			originalChars: JSON.stringify(page).length,
			keptItems: expect.any(Number),
			originalItems: 100,
		});
	});

	it('cuts a record too long for the size to a skeleton of the same shape', () => {
		const record = { ...configuration(1), notes: 'n'.repeat(5_000), tags: ['a', 'b', 'c'] };
		const kept = shortenedBody([record], 600);
		expect(JSON.stringify(kept.body).length).toBeLessThanOrEqual(600);
		expect(jsonShape(kept.body)).toEqual(jsonShape([record]));
		expect(kept.truncated?.originalChars).toBe(JSON.stringify([record]).length);
	});

	it('cuts text, and JSON too large even as a skeleton, to its start', () => {
		expect(shortenedBody('<html>'.repeat(100), 10)).toEqual({
			body: '<html><htm',
			truncated: { originalChars: 600 },
		});
		const wide = Object.fromEntries(
			Array.from({ length: 50 }, (_, index) => [`field${index}`, index]),
		);
		expect(typeof shortenedBody(wide, 100).body).toBe('string');
	});
});
