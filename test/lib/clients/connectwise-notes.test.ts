/** The company-note requests the creation lease is made of, exactly as they go on the wire. */
import nock from 'nock';

import { ConnectWiseClient } from '../../../lib/connectwise/client';
import { ApiError, UncertainWriteError } from '../../../lib/http/errors';
import { connectWiseBasicAuth } from '../../support/fetch-port';
import { portAndSleep, rejectionOf, transportError, useNock } from './helpers';

const origin = 'https://api-na.myconnectwise.net';
const notes = '/v2025_1/apis/3.0/company/companies/12/notes';
const credentials = {
	companyId: 'acme',
	publicKey: 'dummyPublicKey01',
	privateKey: 'dummyPrivateKey02',
	clientId: '00000000-0000-0000-0000-000000000000',
};

useNock();

function client() {
	const ports = portAndSleep({ authenticate: connectWiseBasicAuth(credentials) });
	const connectwise = new ConnectWiseClient({
		...ports,
		site: 'api-na.myconnectwise.net',
		companyId: 'acme',
		codebase: 'v2025_1/',
	});
	return { connectwise, delays: ports.delays };
}

const note = (id: number, text: string) => ({
	id,
	text,
	type: { id: 1, name: 'General' },
	flagged: false,
	enteredBy: 'DomotzSync',
	company: { id: 12, identifier: 'Acme', name: 'Acme' },
	_info: { lastUpdated: '2025-06-01T10:00:00Z', updatedBy: 'DomotzSync' },
});

describe('ConnectWiseClient company notes', () => {
	it('lists every note of a company, unfiltered, in id order, pages of 1000', async () => {
		nock(origin)
			.get(notes)
			.query({ orderBy: 'id asc', pageSize: '1000', page: '1' })
			.reply(200, [note(4, 'Domotz sync lease 0a1b2c3d4e5f6071: …'), note(9, 'Called about it')]);
		const listed = await client().connectwise.listCompanyNotes(12);
		expect(listed.map((entry) => [entry.id, entry._info?.lastUpdated])).toEqual([
			[4, '2025-06-01T10:00:00Z'],
			[9, '2025-06-01T10:00:00Z'],
		]);
	});

	it('posts a note with its text and reads the 201 answer', async () => {
		nock(origin)
			.post(notes, { text: 'Domotz sync lease abc', flagged: false })
			.reply(201, note(31, 'Domotz sync lease abc'));
		await expect(
			client().connectwise.createCompanyNote(12, { text: 'Domotz sync lease abc', flagged: false }),
		).resolves.toMatchObject({ id: 31, company: { id: 12 } });
	});

	it('raises UncertainWriteError when the answer to a note POST is lost, sending it once', async () => {
		nock(origin).post(notes).replyWithError(transportError('ECONNRESET'));
		const { connectwise, delays } = client();
		const error = await rejectionOf(connectwise.createCompanyNote(12, { text: 'x' }));
		expect(error).toBeInstanceOf(UncertainWriteError);
		expect(delays).toEqual([]);
	});

	it('PATCHes a note’s text, retrying after a 503 since the PATCH is idempotent', async () => {
		const operations = [{ op: 'replace' as const, path: 'text', value: 'renewed' }];
		nock(origin)
			.patch(`${notes}/31`, operations)
			.reply(503)
			.patch(`${notes}/31`, operations)
			.reply(200, note(31, 'renewed'));
		const { connectwise, delays } = client();
		await expect(connectwise.patchCompanyNote(12, 31, operations)).resolves.toMatchObject({
			text: 'renewed',
		});
		expect(delays).toHaveLength(1);
	});

	it('DELETEs a note (204) and reports a note that is gone as not found', async () => {
		nock(origin)
			.delete(`${notes}/31`)
			.reply(204)
			.delete(`${notes}/32`)
			.reply(404, { code: 'NotFound', message: 'Note 32 not found' });
		const { connectwise } = client();
		await expect(connectwise.deleteCompanyNote(12, 31)).resolves.toBeUndefined();
		const gone = await rejectionOf(connectwise.deleteCompanyNote(12, 32));
		expect(gone).toBeInstanceOf(ApiError);
		expect((gone as ApiError).reason).toBe('notFound');
	});

	it('waits with its own sleep', async () => {
		const { connectwise, delays } = client();
		await connectwise.wait(3000);
		expect(delays).toEqual([3000]);
	});

	it.each([
		['company', () => client().connectwise.listCompanyNotes(-1)],
		['note', () => client().connectwise.deleteCompanyNote(12, 1.5)],
	])('refuses a %s id that is not a whole number before sending anything', async (_, call) => {
		await expect(call()).rejects.toThrow(TypeError);
	});
});
