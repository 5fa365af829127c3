/* eslint-disable no-console -- test-only: a credential planted on the console proves the check reads it */
/**
 * The secrets rule. Every run of the node suite goes through the harness, which fails the test
 * that ran it when a credential value shows in any output item, error message, error
 * description, n8n log line or console line of the run (see secret-scan.ts). Here: proof that the
 * check finds each kind of leak, and runs that fail in the ways most likely to echo a credential.
 */
import {
	LoggerProxy,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeType,
} from 'n8n-workflow';

import { REDACTED } from '../../lib/http/secrets';
import { runWorkflow, testCredential } from '../harness/n8n-runner';
import { byId, nodeTypes, SimulatedTenant } from '../nodes/support';
import { parseTranscript, simulatorSyncAgent, transcriptText } from '../nodes/transcripts';
import { seededRandom } from '../simulators/common/random';
import { ConnectWiseSimulator } from '../simulators/connectwise';
import {
	DEFAULT_IDS,
	DomotzSimulator,
	defaultSeed as domotzDefaultSeed,
} from '../simulators/domotz';
import { basicToken } from '../support/fetch-port';
import { SecretLeakError } from './secret-scan';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LETTERS_AND_DIGITS = `${LETTERS}0123456789`;

/** Sixteen characters drawn from `alphabet`, shaped like a ConnectWise key; the same every run. */
function keyShaped(alphabet: string, seed: number): string {
	const random = seededRandom(seed);
	return Array.from({ length: 16 }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
		'',
	);
}

/** ConnectWise keys shaped as real ones: 16 letters and digits. */
class RealisticTenant extends SimulatedTenant {
	override readonly connectwise: ConnectWiseSimulator;

	constructor(secret = keyShaped(LETTERS_AND_DIGITS, 2)) {
		super();
		this.connectwise = new ConnectWiseSimulator({
			credentials: { publicKey: keyShaped(LETTERS_AND_DIGITS, 1), privateKey: secret },
		});
	}
}

const tenant = new RealisticTenant();

const syncAgent = {
	resource: 'agent',
	operation: 'syncAgent',
	agentSelection: 'chosen',
	agents: [String(DEFAULT_IDS.agents.acme)],
	companyLink: 'company',
	company: byId(1),
};

/** A Sync Agent run on which every ConnectWise request fails with a body that echoes `text`. */
async function runEchoing(on: SimulatedTenant, text: string) {
	on.connectwise.http.setFaults([
		{
			route: '*',
			fault: {
				type: 'status',
				status: 400,
				body: { code: 'InvalidObject', message: `Unknown member key ${text}` },
			},
			rate: 1,
		},
	]);
	const result = await on.run('sync', syncAgent, [{}]);
	expect(result.error?.message).toMatch(/400/);
}

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

/** A node that puts the text it is given where a real node could leak it. */
const leakyNode: INodeType = {
	description: {
		displayName: 'Leaky',
		name: 'leaky',
		group: ['transform'],
		version: 1,
		description: 'Puts its text in an output, a file, an error or a log line',
		defaults: { name: 'Leaky' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Where', name: 'where', type: 'string', default: '' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
		],
	},
	async execute(this: IExecuteFunctions) {
		const where = this.getNodeParameter('where', 0) as string;
		const text = this.getNodeParameter('text', 0) as string;
		const leaks: Record<string, () => void> = {
			errorMessage: () => {
				throw new NodeOperationError(this.getNode(), `Failed with ${text}`);
			},
			errorDescription: () => {
				throw new NodeOperationError(this.getNode(), 'Failed', { description: `Sent ${text}` });
			},
			logLine: () => LoggerProxy.warn(`Request headers: ${text}`),
			consoleLine: () => console.error(`Request failed: ${text}`),
		};
		leaks[where]?.();
		if (where === 'file') {
			const file = await this.helpers.prepareBinaryData(Buffer.from(text), 'leak.txt');
			return [[{ json: { fine: true }, binary: { data: file } }]];
		}
		return [[{ json: where === 'output' ? { echoed: text } : { fine: true } }]];
	},
};

async function runLeaky(where: string, text: string) {
	return await runWorkflow({
		nodes: [{ name: 'Leaky', type: 'leaky', parameters: { where, text } }],
		nodeTypes: { leaky: leakyNode },
		credentials: tenant.credentials(),
	});
}

describe('Secrets: the harness check', () => {
	const credentials = () => tenant.credentials();
	const secretValues = () => {
		const { domotzApi, connectWisePsaApi } = credentials();
		return {
			'domotzApi.apiKey': domotzApi.apiKey,
			'connectWisePsaApi.privateKey': connectWisePsaApi.privateKey,
			'connectWisePsaApi clientId header': connectWisePsaApi.clientId,
			'connectWisePsaApi Authorization header': basicToken(connectWisePsaApi),
		};
	};

	it.each(['output', 'file', 'errorMessage', 'errorDescription', 'logLine', 'consoleLine'])(
		'fails a run that puts a credential in its %s',
		async (where) => {
			for (const [label, value] of Object.entries(secretValues())) {
				const leaked = await runLeaky(where, value).then(
					() => undefined,
					(error: unknown) => error,
				);
				expect(leaked).toBeInstanceOf(SecretLeakError);
				const leaks = (leaked as SecretLeakError).leaks;
				expect(leaks.length).toBeGreaterThan(0);
				// An Authorization value can hold a key's own Base64 form too: then both are named.
				expect(leaks.map((leak) => leak.secret)).toContain(label);
				// The report names the credential, never its value.
				expect((leaked as Error).message).not.toContain(value);
			}
		},
	);

	it.each([
		['URL-encoded', encodeURIComponent],
		['in Base64', (value: string) => Buffer.from(value).toString('base64')],
	])('fails a run that puts a credential %s in its output', async (_form, encode) => {
		const privateKey = 'Pr1v+Key/9=zQ&x';
		const leaked = await runWorkflow({
			nodes: [
				{
					name: 'Leaky',
					type: 'leaky',
					parameters: { where: 'output', text: `key=${encode(privateKey)}` },
				},
			],
			nodeTypes: { leaky: leakyNode },
			credentials: {
				...credentials(),
				connectWisePsaApi: { ...credentials().connectWisePsaApi, privateKey },
			},
		}).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(leaked).toBeInstanceOf(SecretLeakError);
		expect((leaked as SecretLeakError).leaks.map((leak) => leak.secret)).toEqual([
			'connectWisePsaApi.privateKey',
		]);
	});

	it('passes a run that says nothing secret, and counts what it looked at', async () => {
		const result = await runLeaky('output', 'nothing to see');
		expect(result.secretsChecked.secrets).toBeGreaterThanOrEqual(4);
		expect(result.secretsChecked.sources).toBeGreaterThan(0);
	});
});

describe('Secrets: runs that fail where a credential could be echoed', () => {
	afterEach(() => {
		tenant.domotz.http.setFaults([]);
		tenant.connectwise.http.setFaults([]);
	});

	it.each([
		['a wrong Domotz key', 'domotzApi', { apiKey: 'wrong-dummy-domotz-key' }],
		['a wrong ConnectWise private key', 'connectWisePsaApi', { privateKey: 'wrong-dummy-private' }],
		['a wrong ConnectWise client ID', 'connectWisePsaApi', { clientId: 'not-a-guid-client' }],
	] as const)('a credential test with %s', async (_case, type, overrides) => {
		const outcome = await testCredential(type, { ...tenant.credentials()[type], ...overrides });
		expect(outcome.status).toBe('Error');
	});

	it('a Sync Agent run whose ConnectWise login is refused', async () => {
		const result = await runWorkflow({
			nodes: [
				{
					name: 'Node',
					type: 'sync',
					parameters: syncAgent,
					credentials: ['domotzApi', 'connectWisePsaApi'],
				},
			],
			nodeTypes,
			credentials: {
				...tenant.credentials(),
				connectWisePsaApi: {
					...tenant.credentials().connectWisePsaApi,
					privateKey: 'refused-private-key',
				},
			},
		});
		expect(result.error?.message).toMatch(/401|authentication/i);
	});

	it.each([
		[
			'ConnectWise echoes the Authorization header',
			'connectwise',
			() => ({
				code: 'InvalidObject',
				message: `Rejected request with Authorization: Basic ${basicToken(tenant.credentials().connectWisePsaApi)}`,
			}),
		],
		[
			'Domotz echoes the X-Api-Key header',
			'domotz',
			() => ({ message: `Invalid X-Api-Key: ${tenant.domotz.apiKey}` }),
		],
		[
			'ConnectWise echoes the key pair in a field error',
			'connectwise',
			() => ({
				code: 'InvalidObject',
				message: 'Bad request',
				errors: [
					{
						field: 'auth',
						message: `private_key=${tenant.credentials().connectWisePsaApi.privateKey}`,
					},
				],
			}),
		],
	] as const)('a run whose API error %s, labelled', async (_case, api, body) => {
		tenant[api].http.setFaults([
			{ route: '*', fault: { type: 'status', status: 400, body: body() }, rate: 1 },
		]);
		const result = await tenant.run('sync', syncAgent, [{}]);
		expect(result.error?.message).toMatch(/400/);
	});

	it('uses a private key shaped as a real one, with letters and digits', () => {
		expect(tenant.credentials().connectWisePsaApi.privateKey).toMatch(
			/^(?=.*\d)(?=.*[A-Za-z]).{16}$/,
		);
	});

	it.each([
		['the private key', () => tenant.credentials().connectWisePsaApi.privateKey],
		['the client ID', () => tenant.credentials().connectWisePsaApi.clientId],
	])('a run whose ConnectWise error echoes %s bare', async (_case, value) => {
		await runEchoing(tenant, value());
	});

	// Shape rules alone (16 or more characters with a digit and a letter) miss the 6 % of random
	// 16-character keys that have no digit: the clients redact the credential values themselves.
	it('a run whose ConnectWise error echoes bare a private key without digits', async () => {
		const lettersOnly = new RealisticTenant(keyShaped(LETTERS, 3));
		await lettersOnly.start();
		try {
			await runEchoing(lettersOnly, lettersOnly.credentials().connectWisePsaApi.privateKey);
		} finally {
			await lettersOnly.close();
		}
	});
});

/** Credentials no ordinary text holds, with characters that URL-encoding and Base64 change. */
const distinctive = {
	domotzKey: 'Dmz+Key/With=Chars&4417',
	publicKey: 'PubDummyUnique8842',
	privateKey: 'Pr1v+Key/9=zQ&x',
	clientId: '0b9d6c1e-4f3a-4e2b-9c8d-7a6b5c4d3e2f',
};

class DistinctiveTenant extends SimulatedTenant {
	override readonly domotz = new DomotzSimulator({
		seed: {
			...domotzDefaultSeed(),
			apiKeys: [{ key: distinctive.domotzKey, role: 'fullAccess', id: 1, name: 'n8n sync' }],
		},
	});

	override readonly connectwise = new ConnectWiseSimulator({
		credentials: {
			publicKey: distinctive.publicKey,
			privateKey: distinctive.privateKey,
			clientId: distinctive.clientId,
		},
	});
}

describe('Secrets: the API transcript', () => {
	const echoing = new DistinctiveTenant();
	const authorization = () => basicToken(echoing.credentials().connectWisePsaApi);
	/** Each credential value as sent, URL-encoded and in Base64. */
	const forms = () =>
		[...Object.values(distinctive), authorization()].flatMap((value) => [
			value,
			encodeURIComponent(value),
			Buffer.from(value).toString('base64'),
		]);
	/** An answer that repeats every form of every credential, and asks to be tried again. */
	const echoFault = (times: number) => ({
		route: '*',
		fault: {
			type: 'status' as const,
			status: 503,
			headers: { 'Retry-After': '0' },
			body: { message: `Busy. You sent ${forms().join(' ')} with Basic ${authorization()}` },
		},
		rate: 1,
		times,
	});

	beforeAll(async () => {
		await echoing.start();
	});
	afterAll(async () => {
		await echoing.close();
	});

	it('holds no credential in any form, even from APIs that echo them all', async () => {
		echoing.domotz.http.setFaults([echoFault(2)]);
		echoing.connectwise.http.setFaults([echoFault(3)]);
		const result = await echoing.run('sync', simulatorSyncAgent, [{}]);
		expect(result.error).toBeUndefined();
		const text = transcriptText(result.output('Node')[0]);
		const { entries } = parseTranscript(text);
		// The echoing answers are in it, redacted: five of them, each retried.
		expect(entries.filter((entry) => entry.status === 503)).toHaveLength(5);
		expect(text).toContain(REDACTED);
		for (const form of forms()) expect(text).not.toContain(form);
		expect(text).not.toMatch(/authorization|x-api-key|clientid/i);
	});
});
