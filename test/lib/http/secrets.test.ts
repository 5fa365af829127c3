import nock from 'nock';

import { ConnectWiseClient } from '../../../lib/connectwise/client';
import { DomotzClient } from '../../../lib/domotz/client';
import { REDACTED, redactBody, secretRedactor } from '../../../lib/http/secrets';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { recordingSleep, rejectionOf, useNock } from '../clients/helpers';

/** Keys of letters only: nothing in their shape tells them from ordinary words. */
const privateKey = 'qTxvBnWcLpRzKsHd';
const publicKey = 'mYpUbLiCkEyAbCdE';
const clientId = 'f1e2d3c4-b5a6-4978-8899-aabbccddeeff';
const companyId = 'acme';
const basicPair = `${companyId}+${publicKey}:${privateKey}`;
const authorization = Buffer.from(basicPair).toString('base64');
const domotzKey = 'OnlyLettersInThisDomotzKey';

describe('secretRedactor', () => {
	const redact = secretRedactor([privateKey, publicKey, clientId, basicPair, domotzKey]);

	it.each([
		['a key as sent', `bad key ${privateKey}`],
		['a key inside a word', `key=${privateKey}&x=1`],
		['the Basic pair URL-encoded', `auth ${encodeURIComponent(basicPair)}`],
		['the Authorization value', `Authorization: Basic ${authorization}`],
		['a key twice', `${domotzKey} and again ${domotzKey}`],
		['the client id', `client ${clientId} unknown`],
	])('removes %s', (_case, text) => {
		const redacted = redact(text);
		expect(redacted).toContain(REDACTED);
		for (const secret of [privateKey, publicKey, clientId, authorization, domotzKey]) {
			expect(redacted).not.toContain(secret);
		}
	});

	it('removes a key with quotes and backslashes as JSON text carries it', () => {
		const awkward = 'pa"ss\\word-42';
		const echoed = `{"message":"bad key ${JSON.stringify(awkward).slice(1, -1)}"}`;
		expect(secretRedactor([awkward])(echoed)).toBe(`{"message":"bad key ${REDACTED}"}`);
	});

	it('removes the longest form first, so no part of a longer secret is left', () => {
		expect(redact(`pair ${basicPair} end`)).toBe(`pair ${REDACTED} end`);
	});

	it('leaves text without secrets as it is', () => {
		const text = 'The field tagNumber must be a string with a maximum length of 50.';
		expect(redact(text)).toBe(text);
	});

	it.each<[string, Array<string | null | undefined>]>([
		['empty and missing values', ['', null, undefined]],
		['values too short to be keys', ['abc', 'field']],
	])('ignores %s, which would blank ordinary words', (_case, secrets) => {
		const text = 'abc field null undefined';
		expect(secretRedactor(secrets)(text)).toBe(text);
	});

	it('redacts every string of a body, keys included, and keeps its structure', () => {
		const body = {
			code: 'InvalidObject',
			message: `Unknown member ${privateKey}`,
			errors: [{ field: privateKey, message: 'bad', count: 2 }],
			[domotzKey]: true,
		};
		expect(redactBody(body, redact)).toEqual({
			code: 'InvalidObject',
			message: `Unknown member ${REDACTED}`,
			errors: [{ field: REDACTED, message: 'bad', count: 2 }],
			[REDACTED]: true,
		});
	});
});

describe('clients given the credential values', () => {
	useNock();
	const domotzHost = 'https://api-eu-west-1-cell-1.domotz.com';
	const cwOrigin = 'https://api-eu.myconnectwise.net';
	const sleep = recordingSleep().sleep;

	const connectwise = (secrets?: string[]) =>
		new ConnectWiseClient({
			http: createFetchPort({
				authenticate: connectWiseBasicAuth({ companyId, publicKey, privateKey, clientId }),
			}),
			sleep,
			site: cwOrigin,
			companyId,
			codebase: 'v4_6_release/',
			secrets,
		});
	const domotz = new DomotzClient({
		http: createFetchPort({ authenticate: domotzApiKey(domotzKey) }),
		sleep,
		baseUrl: domotzHost,
		secrets: [domotzKey],
	});

	const echo = (text: string) => {
		nock(cwOrigin)
			.get('/v4_6_release/apis/3.0/company/configurations/1')
			.reply(400, { code: 'InvalidObject', message: `Unknown member key ${text}` });
	};

	it('shows why they need them: shape rules alone let a key of letters through', async () => {
		echo(privateKey);
		const error = await rejectionOf(connectwise().getConfiguration(1));
		expect((error as Error).message).toContain(privateKey);
	});

	it.each([
		['bare', privateKey],
		['URL-encoded', encodeURIComponent(basicPair)],
		['as the Authorization value', `Basic ${authorization}`],
		['the client id', clientId],
	])('keeps a ConnectWise key echoed %s out of the error', async (_case, text) => {
		echo(text);
		const error = await rejectionOf(
			connectwise([publicKey, privateKey, clientId, basicPair]).getConfiguration(1),
		);
		const rendered = [(error as Error).message, JSON.stringify(error)].join('\n');
		expect(rendered).toContain(REDACTED);
		for (const secret of [privateKey, publicKey, clientId, authorization]) {
			expect(rendered).not.toContain(secret);
		}
	});

	it('keeps a Domotz key echoed bare out of the error', async () => {
		nock(domotzHost).get('/public-api/v1/user').reply(401, `Invalid key ${domotzKey}`);
		const error = await rejectionOf(domotz.getUser());
		expect([(error as Error).message, JSON.stringify(error)].join('\n')).not.toContain(domotzKey);
	});
});
