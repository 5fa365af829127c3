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

import { runWorkflow, testCredential } from '../harness/n8n-runner';
import { byId, nodeTypes, SimulatedTenant } from '../nodes/support';
import { seededRandom } from '../simulators/common/random';
import { ConnectWiseSimulator } from '../simulators/connectwise';
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
	agentSelection: 'all',
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
		description: 'Puts its text in an output, an error or a log line',
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

	it.each(['output', 'errorMessage', 'errorDescription', 'logLine', 'consoleLine'])(
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
				expect(new Set(leaks.map((leak) => leak.secret))).toEqual(new Set([label]));
				// The report names the credential, never its value.
				expect((leaked as Error).message).not.toContain(value);
			}
		},
	);

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
