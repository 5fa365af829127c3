/** Company notes over HTTP: the records the engine's creation lease is made of. */
import { manualClock } from '../../support/time';
import { ConnectWiseSimulator, defaultSeed, SECURITY_ROLES, type Credentials } from './index';
import { call, idsOf } from './test-support';

const clock = manualClock(Date.parse('2025-06-01T10:00:00Z'));
const readOnly: Credentials = {
	companyId: 'domotzlab',
	publicKey: 'sim-notes-readonly',
	privateKey: 'sim-notes-readonly-private',
	clientId: '1f0c3b9e-5d2a-4c8e-9f6b-7a1d2e3c4b5a',
};
/** Stamped notes whose text can be filtered: what the lease reads when a tenant offers both. */
const simulator = new ConnectWiseSimulator({
	clock: clock.now,
	noteTimestamps: 'lastUpdated',
	noteTextFilter: 'applied',
	seed: {
		...defaultSeed(),
		members: [
			{
				identifier: 'NotesReader',
				publicKey: readOnly.publicKey,
				privateKey: readOnly.privateKey,
				securityRole: SECURITY_ROLES.domotzIntegration,
			},
		],
	},
});
const notes = (companyId: number) => `/company/companies/${companyId}/notes`;

beforeAll(async () => {
	await simulator.start();
});
afterAll(async () => {
	await simulator.close();
});
beforeEach(() => {
	simulator.reset();
});

const post = (companyId: number, body: unknown) =>
	call(simulator, notes(companyId), { method: 'POST', body });

describe('ConnectWise simulator: company notes', () => {
	it('creates notes with increasing ids, never reusing a deleted one, stamped by the clock', async () => {
		const first = await post(2, { text: 'Domotz sync lease 0a1b2c3d4e5f6071: creating' });
		const second = await post(3, { text: 'Called about the firewall', flagged: true });
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({
			id: 1,
			flagged: false,
			enteredBy: 'DomotzSync',
			company: { id: 2, identifier: 'AcmeCorp' },
			_info: { lastUpdated: '2025-06-01T10:00:00Z', updatedBy: 'DomotzSync' },
		});
		expect(second.body).toMatchObject({ id: 2, flagged: true, company: { id: 3 } });
		expect((await call(simulator, `${notes(3)}/2`, { method: 'DELETE' })).status).toBe(204);
		expect((await post(3, { text: 'again' })).body).toMatchObject({ id: 3 });
	});

	it('lists one company’s notes, filtered by conditions, in pages', async () => {
		for (const text of ['Domotz sync lease aa', 'Domotz sync lease bb', 'A note by hand']) {
			await post(2, { text });
		}
		await post(3, { text: 'Domotz sync lease cc' });
		const leases = await call(simulator, notes(2), {
			query: { conditions: 'text like "Domotz sync lease*"', orderBy: 'id asc' },
		});
		expect(idsOf(leases)).toEqual([1, 2]);
		const firstPage = await call(simulator, notes(2), { query: { pageSize: 1 } });
		expect(idsOf(firstPage)).toEqual([1]);
		expect(firstPage.headers.get('link')).toContain('rel="next"');
		expect((await call(simulator, `${notes(2)}/count`)).body).toEqual({ count: 3 });
	});

	it('PATCHes the text and moves lastUpdated, keeping dateEntered', async () => {
		await post(2, { text: 'Domotz sync lease aa' });
		clock.advance(90_000);
		const patched = await call(simulator, `${notes(2)}/1`, {
			method: 'PATCH',
			body: [{ op: 'replace', path: 'text', value: 'Domotz sync lease aa, renewed' }],
		});
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({
			text: 'Domotz sync lease aa, renewed',
			_info: { lastUpdated: '2025-06-01T10:01:30Z', dateEntered: '2025-06-01T10:00:00Z' },
		});
	});

	it.each([
		['a note without text', () => post(2, { flagged: false }), 400],
		['a company that does not exist', () => post(999, { text: 'x' }), 404],
		['a list of a company that does not exist', () => call(simulator, notes(999)), 404],
		[
			'a note of another company',
			async () => {
				await post(2, { text: 'x' });
				return await call(simulator, `${notes(3)}/1`, { method: 'DELETE' });
			},
			404,
		],
		[
			'a PATCH that removes the text',
			async () => {
				await post(2, { text: 'x' });
				return await call(simulator, `${notes(2)}/1`, {
					method: 'PATCH',
					body: [{ op: 'remove', path: 'text' }],
				});
			},
			400,
		],
		[
			'a note posted by a role without Companies › Notes',
			() =>
				call(simulator, notes(2), { method: 'POST', body: { text: 'x' }, credentials: readOnly }),
			403,
		],
	])('refuses %s', async (_name, request, status) => {
		expect((await request()).status).toBe(status);
	});

	it('counts note requests and injects faults like on any route', async () => {
		simulator.http.setFaults([
			{ route: 'companyNotes.create', fault: { type: 'status', status: 503 }, rate: 1, times: 1 },
		]);
		expect((await post(2, { text: 'x' })).status).toBe(503);
		expect((await post(2, { text: 'x' })).status).toBe(201);
		expect(simulator.http.count('POST', 'companyNotes.create')).toBe(2);
		expect(simulator.state.notes.all(2).map((note) => note.id)).toEqual([1]);
	});
});
