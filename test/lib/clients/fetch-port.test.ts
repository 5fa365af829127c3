import nock from 'nock';

import {
	TransportError,
	buildUrl,
	connectWiseBasicAuth,
	createFetchPort,
	domotzApiKey,
} from '../../support/fetch-port';
import { rejectionOf, transportError, useNock } from './helpers';

const origin = 'http://127.0.0.1:5999';

useNock();

describe('fetch port', () => {
	it('encodes every query value exactly once and skips undefined ones', async () => {
		const hostile = 'serialNumber = "X\\" OR name like \\"*" & a+b=c%d [e] \'f\' (g)!';
		let rawPath = '';
		nock(origin)
			.get('/list')
			.query({ conditions: hostile, page: '2', flag: 'true' })
			.reply(function reply() {
				rawPath = this.req.path;
				return [200, []];
			});
		await createFetchPort()({
			method: 'GET',
			url: `${origin}/list`,
			query: { conditions: hostile, page: 2, flag: true, skipped: undefined },
		});
		const rawQuery = rawPath.split('?')[1];
		expect(rawQuery).not.toMatch(/[ "+*'()![\]]/);
		// Decoding once gives the value back: nothing was encoded twice.
		expect(new URLSearchParams(rawQuery).get('conditions')).toBe(hostile);
	});

	it('sends JSON bodies, including a bare string and null, with the injected headers', async () => {
		const received: Array<{ body: string; headers: Record<string, unknown> }> = [];
		nock(origin)
			.put('/value')
			.times(3)
			.reply(function reply(_, body) {
				received.push({ body: JSON.stringify(body), headers: this.req.headers });
				return [204];
			});
		const port = createFetchPort({ authenticate: domotzApiKey('dummy-key') });
		for (const body of ['Core switch', null, { label: 'x' }]) {
			await port({ method: 'PUT', url: `${origin}/value`, body });
		}
		expect(received.map((request) => request.body)).toEqual([
			'"Core switch"',
			'null',
			'{"label":"x"}',
		]);
		expect(received[0].headers).toMatchObject({
			'content-type': 'application/json',
			'x-api-key': 'dummy-key',
		});
	});

	it('adds Basic auth and clientId like the ConnectWise credential', async () => {
		nock(origin)
			.get('/info')
			.matchHeader('authorization', `Basic ${Buffer.from('acme+pub:priv').toString('base64')}`)
			.matchHeader('clientid', 'client-guid')
			.reply(200, {});
		const port = createFetchPort({
			authenticate: connectWiseBasicAuth({
				companyId: 'acme',
				publicKey: 'pub',
				privateKey: 'priv',
				clientId: 'client-guid',
			}),
		});
		await expect(port({ method: 'GET', url: `${origin}/info` })).resolves.toMatchObject({
			status: 200,
		});
	});

	it.each([
		['JSON', '{"a":1}', 'application/json', { a: 1 }],
		['JSON null', 'null', 'application/json', null],
		['an empty body', '', 'application/json', undefined],
		['text', 'Locked', 'text/plain', 'Locked'],
		['broken JSON', '{"a":', 'application/json', '{"a":'],
	])('reads %s', async (_, raw, type, expected) => {
		nock(origin).get('/body').reply(200, raw, { 'Content-Type': type, 'Retry-After': '3' });
		const response = await createFetchPort()({ method: 'GET', url: `${origin}/body` });
		expect(response.body).toEqual(expected);
		expect(response.headers['retry-after']).toBe('3');
	});

	it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND'])(
		'rejects a %s with its code',
		async (code) => {
			nock(origin).get('/fail').replyWithError(transportError(code));
			const error = await rejectionOf(createFetchPort()({ method: 'GET', url: `${origin}/fail` }));
			expect(error).toBeInstanceOf(TransportError);
			expect(error).toMatchObject({ code });
		},
	);

	it('rejects a request that outlives its timeout with ETIMEDOUT', async () => {
		nock(origin).get('/slow').delay(500).reply(200, {});
		const error = await rejectionOf(
			createFetchPort()({ method: 'GET', url: `${origin}/slow`, timeoutMs: 20 }),
		);
		expect(error).toMatchObject({ code: 'ETIMEDOUT' });
	});

	it('builds URLs without a dangling question mark', () => {
		expect(buildUrl(`${origin}/x`, { a: undefined })).toBe(`${origin}/x`);
		expect(buildUrl(`${origin}/x`, { a: 'b c' })).toBe(`${origin}/x?a=b%20c`);
	});
});
