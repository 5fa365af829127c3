import nock from 'nock';

import { ConnectWiseClient } from '../../../lib/connectwise/client';
import { DomotzClient } from '../../../lib/domotz/client';
import { excerpt } from '../../../lib/http/error-body';
import { IntegrationError } from '../../../lib/http/errors';
import type { HttpPort } from '../../../lib/http/port';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { recordingSleep, rejectionOf, useNock } from './helpers';

const domotzHost = 'https://api-eu-west-1-cell-1.domotz.com';
const cwOrigin = 'https://api-eu.myconnectwise.net';
const cwApi = '/v4_6_release/apis/3.0';

const domotzKey = 'dummy-domotz-key-9f8e7d6c5b4a3928';
const cwCredentials = {
	companyId: 'acme',
	publicKey: 'dummyPublicKey01',
	privateKey: 'dummyPrivateKey02',
	clientId: '00000000-0000-0000-0000-000000000000',
};
const basicToken = Buffer.from(
	`${cwCredentials.companyId}+${cwCredentials.publicKey}:${cwCredentials.privateKey}`,
).toString('base64');
const secrets = [domotzKey, cwCredentials.publicKey, cwCredentials.privateKey, basicToken];

useNock();

/** Every way an error can be shown or logged. */
function renderings(error: unknown): string[] {
	const failure = error as Error;
	return [JSON.stringify(error), failure.message, String(error), failure.stack ?? ''];
}

function expectNoSecret(error: unknown): void {
	expect(error).toBeInstanceOf(IntegrationError);
	for (const rendering of renderings(error)) {
		for (const secret of secrets) expect(rendering).not.toContain(secret);
	}
}

/** An n8n/axios-style rejection: the request config, headers and all, rides along. */
function leakyRejection(code: string): Error {
	const headers = { 'X-Api-Key': domotzKey, Authorization: `Basic ${basicToken}` };
	return Object.assign(
		new Error(`connect ${code}: X-Api-Key: ${domotzKey} Authorization: Basic ${basicToken}`),
		{
			code,
			config: { headers },
			request: { _header: `GET / HTTP/1.1\r\nAuthorization: Basic ${basicToken}` },
			cause: Object.assign(new Error(`private key ${cwCredentials.privateKey}`), { code }),
		},
	);
}

function rejectingPort(code: string): HttpPort {
	return async () => {
		throw leakyRejection(code);
	};
}

const echoedBodies: Array<[string, unknown]> = [
	['a JSON message', { message: `Invalid API key ${domotzKey}` }],
	['a JSON code', { code: domotzKey, message: 'bad key' }],
	['an error key', { error: `Invalid API Key: ${domotzKey}` }],
	['plain text', `Unauthorized. X-Api-Key: ${domotzKey}; Authorization: Basic ${basicToken}`],
	['HTML', `<html><body>key=${domotzKey} private ${cwCredentials.privateKey}</body></html>`],
	[
		'CW field errors',
		{
			code: 'InvalidObject',
			message: `login ${cwCredentials.companyId}+${cwCredentials.publicKey} failed`,
			errors: [{ code: 'Auth', message: `Basic ${basicToken}`, field: cwCredentials.privateKey }],
		},
	],
	['a bare token', basicToken],
];

describe('no secret in any error', () => {
	const sleep = recordingSleep().sleep;
	const domotz = (http: HttpPort) =>
		new DomotzClient({ http, sleep, baseUrl: domotzHost, retry: { maxAttempts: 2 } });
	const connectwise = (http: HttpPort) =>
		new ConnectWiseClient({
			http,
			sleep,
			site: cwOrigin,
			companyId: 'acme',
			codebase: 'v4_6_release/',
			retry: { maxAttempts: 2 },
		});

	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EWHATEVER'])(
		'keeps a %s rejection that carries the headers out of NetworkError and UncertainWriteError',
		async (code) => {
			const port = rejectingPort(code);
			expectNoSecret(await rejectionOf(domotz(port).getUser()));
			expectNoSecret(await rejectionOf(domotz(port).createInventoryField('k', 'K')));
			expectNoSecret(await rejectionOf(connectwise(port).getSystemInfo()));
			expectNoSecret(await rejectionOf(connectwise(port).createManufacturer('x')));
		},
	);

	it.each(echoedBodies)('redacts %s echoed by Domotz', async (_, body) => {
		nock(domotzHost)
			.get('/public-api/v1/agent/1/device')
			.reply(401, body as nock.Body);
		const port = createFetchPort({ authenticate: domotzApiKey(domotzKey) });
		expectNoSecret(await rejectionOf(domotz(port).listDevices(1)));
	});

	it.each(echoedBodies)('redacts %s echoed by ConnectWise', async (_, body) => {
		nock(cwOrigin)
			.get(`${cwApi}/company/configurations/1`)
			.reply(400, body as nock.Body);
		const port = createFetchPort({ authenticate: connectWiseBasicAuth(cwCredentials) });
		expectNoSecret(await rejectionOf(connectwise(port).getConfiguration(1)));
	});

	it('redacts a key echoed on every retried 429', async () => {
		nock(cwOrigin)
			.post(`${cwApi}/procurement/manufacturers`)
			.times(2)
			.reply(429, { error: cwCredentials.privateKey, message: `slow down ${basicToken}` });
		const port = createFetchPort({ authenticate: connectWiseBasicAuth(cwCredentials) });
		expectNoSecret(await rejectionOf(connectwise(port).createManufacturer('x')));
	});

	it('keeps a key out of a shape error about the field holding it', async () => {
		nock(domotzHost).get('/public-api/v1/user').reply(200, { id: domotzKey, name: domotzKey });
		const port = createFetchPort({ authenticate: domotzApiKey(domotzKey) });
		expectNoSecret(await rejectionOf(domotz(port).getUser()));
	});
});

describe('excerpt', () => {
	it.each([
		[
			'keeps ordinary API messages',
			'The field tagNumber must be a string with a maximum length of 50.',
			'The field tagNumber must be a string with a maximum length of 50.',
		],
		[
			'keeps long words without digits',
			'manufacturerPartNumber deviceIdentifier',
			'manufacturerPartNumber deviceIdentifier',
		],
		['collapses whitespace', 'a\n\n  b\tc', 'a b c'],
		['redacts a token', `key ${domotzKey} rejected`, 'key [redacted] rejected'],
	])('%s', (_, text, expected) => {
		expect(excerpt(text)).toBe(expected);
	});

	it('cuts long bodies short', () => {
		expect(excerpt('word '.repeat(100))).toHaveLength(200);
	});
});
