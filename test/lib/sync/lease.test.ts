/**
 * The creation lease: its decisions as tables, then the protocol against the ConnectWise
 * simulator, once with notes that carry no timestamp (as the CompanyNote model documents) and once
 * with `lastUpdated` stamps. Time is simulated: the simulator stamps with a manual clock and every
 * sleep of the client moves that clock, so a two-minute wait takes no time and nothing depends on
 * timing.
 */
import { ConnectWiseClient } from '../../../lib/connectwise/client';
import type { CwCompanyNote } from '../../../lib/connectwise/schemas';
import { DomotzClient } from '../../../lib/domotz/client';
import { ApiError } from '../../../lib/http/errors';
import type { HttpRequest } from '../../../lib/http/port';
import {
	holderRenewalDue,
	leaseNoteText,
	leaseStanding,
	newLeaseToken,
	nextLookAfterMs,
	noteSightings,
	readTicket,
	renewalDue,
	withCreationLease,
	type LeaseClock,
	type LeaseSettings,
	type LeaseTicket,
} from '../../../lib/sync/lease';
import {
	ConnectWiseSimulator,
	formatDateTime,
	type NoteTimestamps,
} from '../../simulators/connectwise';
import { DomotzSimulator } from '../../simulators/domotz';
import { connectWiseBasicAuth, createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { manualClock, recordingSleep } from '../../support/time';
import {
	LINK_CAPTION,
	LINK_FIELD_ID,
	NETWORK_DEVICE_TYPE,
	connectWiseSeed,
	device,
	domotzSeed,
} from './support';
import { runCreate } from '../../../lib/sync/create';
import type { CreateOptions } from '../../../lib/sync/options';
import type { SyncClients } from '../../../lib/clients';

const T0 = Date.parse('2025-06-01T10:00:00Z');
const at = (seconds: number) => T0 + seconds * 1000;
const ticket = (
	noteId: number,
	token: string,
	stampedSeconds?: number,
	text = `ticket ${noteId}`,
): LeaseTicket => ({
	noteId,
	token,
	text,
	stampedAt: stampedSeconds === undefined ? undefined : at(stampedSeconds),
});

/** ConnectWise's time (seconds after T0), with nothing slept and nothing seen before. */
const serverTime = (seconds: number | undefined): LeaseClock => ({
	serverNow: seconds === undefined ? undefined : at(seconds),
	sleptMs: 0,
	sightings: new Map(),
});

/** No server time: what this run slept, and when it first saw each ticket's current text. */
const sleptClock = (
	sleptSeconds: number,
	seenAt: Record<number, [text: string, sleptSeconds: number]> = {},
): LeaseClock => ({
	serverNow: undefined,
	sleptMs: sleptSeconds * 1000,
	sightings: new Map(
		Object.entries(seenAt).map(([noteId, [text, seconds]]) => [
			Number(noteId),
			{ text, sleptMs: seconds * 1000 },
		]),
	),
});

describe('Lease decisions', () => {
	const TTL = 120;

	it.each([
		{ case: 'our ticket alone', tickets: [ticket(5, 'ours', 0)], now: 0, expect: 'holder' },
		{
			case: 'a lower live ticket of another run',
			tickets: [ticket(4, 'theirs', 0), ticket(5, 'ours', 1)],
			now: 1,
			expect: 'waiting behind 4',
		},
		{
			case: 'a lower ticket not renewed for longer than the TTL',
			tickets: [ticket(4, 'theirs', 0), ticket(5, 'ours', 121)],
			now: 121,
			expect: 'holder',
		},
		{
			case: 'a lower ticket exactly one TTL old',
			tickets: [ticket(4, 'theirs', 0), ticket(5, 'ours', 120)],
			now: 120,
			expect: 'waiting behind 4',
		},
		{
			case: 'a higher ticket of another run',
			tickets: [ticket(5, 'ours', 0), ticket(6, 'theirs', 0)],
			now: 0,
			expect: 'holder',
		},
		{
			case: 'the lowest of several, behind which others wait',
			tickets: [ticket(7, 'c', 2), ticket(3, 'a', 0), ticket(5, 'ours', 1)],
			now: 2,
			expect: 'waiting behind 3',
		},
		{
			case: 'a lower ticket without a stamp, whose age cannot be told',
			tickets: [ticket(4, 'theirs'), ticket(5, 'ours', 500)],
			now: 500,
			expect: 'waiting behind 4',
		},
		{
			case: 'no server time known yet',
			tickets: [ticket(4, 'theirs', 0), ticket(5, 'ours')],
			now: undefined,
			expect: 'waiting behind 4',
		},
		{ case: 'no ticket of ours', tickets: [ticket(4, 'theirs', 0)], now: 0, expect: 'lost' },
		{
			case: 'our own ticket expired',
			tickets: [ticket(5, 'ours', 0), ticket(6, 'theirs', 130)],
			now: 130,
			expect: 'lost',
		},
		{
			case: 'two tickets of ours, the lower holding',
			tickets: [ticket(4, 'ours', 0), ticket(5, 'theirs', 0), ticket(6, 'ours', 0)],
			now: 0,
			expect: 'holder',
		},
	])('$case: $expect', ({ tickets, now, expect: expected }) => {
		const standing = leaseStanding(tickets, 'ours', serverTime(now), TTL);
		const described =
			standing.kind === 'waiting' ? `waiting behind ${standing.holder.noteId}` : standing.kind;
		expect(described).toBe(expected);
	});

	it("counts the live tickets before ours, the holder's included", () => {
		const tickets = [
			ticket(3, 'dead', 0),
			ticket(4, 'a', 130),
			ticket(5, 'b', 130),
			ticket(6, 'ours', 130),
		];
		expect(leaseStanding(tickets, 'ours', serverTime(130), TTL)).toMatchObject({
			kind: 'waiting',
			ahead: 2,
		});
	});

	it.each([
		[1, 3_000],
		[4, 3_000],
		[5, 6_000],
		[12, 9_000],
		[40, 30_000],
		[400, 30_000],
	])('with %i tickets ahead, looks again after %i ms', (ahead, waitMs) => {
		expect(nextLookAfterMs(ahead, { ttlSeconds: 120, pollSeconds: 3 })).toBe(waitMs);
	});

	it.each([
		{
			case: 'a stamp-less ticket first seen now',
			clock: sleptClock(500),
			expect: 'waiting behind 4',
		},
		{
			case: 'a stamp-less ticket unchanged for the TTL of our sleeps',
			clock: sleptClock(120, { 4: ['ticket 4', 0] }),
			expect: 'waiting behind 4',
		},
		{
			case: 'a stamp-less ticket unchanged for longer than the TTL of our sleeps',
			clock: sleptClock(121, { 4: ['ticket 4', 0] }),
			expect: 'holder, 4 expired',
		},
		{
			case: 'a stamp-less ticket renewed since we first saw it',
			clock: sleptClock(500, { 4: ['ticket 4 before its renewal', 0] }),
			expect: 'waiting behind 4',
		},
	])('$case: $expect', ({ clock, expect: expected }) => {
		const standing = leaseStanding([ticket(4, 'theirs'), ticket(5, 'ours')], 'ours', clock, TTL);
		const described =
			standing.kind === 'waiting'
				? `waiting behind ${standing.holder.noteId}`
				: standing.kind === 'holder'
					? `holder, ${standing.expired.map((expired) => expired.noteId).join(', ')} expired`
					: standing.kind;
		expect(described).toBe(expected);
	});

	it('sees a ticket anew when its text changed, and forgets one no longer listed', () => {
		const before = noteSightings(new Map(), [ticket(4, 'a', undefined, 'one'), ticket(5, 'b')], 0);
		const after = noteSightings(before, [ticket(4, 'a', undefined, 'two')], 9000);
		expect([...after]).toEqual([[4, { text: 'two', sleptMs: 9000 }]]);
		expect(noteSightings(after, [ticket(4, 'a', undefined, 'two')], 12_000).get(4)).toEqual({
			text: 'two',
			sleptMs: 9000,
		});
	});

	it.each([
		{ stamped: 0, clock: serverTime(39), due: false },
		{ stamped: 0, clock: serverTime(40), due: true },
		{ stamped: 100, clock: serverTime(200), due: true },
		{ stamped: 0, clock: serverTime(undefined), due: false },
		{ stamped: undefined, clock: sleptClock(39, { 1: ['ticket 1', 0] }), due: false },
		{ stamped: undefined, clock: sleptClock(40, { 1: ['ticket 1', 0] }), due: true },
		{ stamped: undefined, clock: sleptClock(40), due: false },
	])('renews a waiting ticket stamped at $stamped s: $due', ({ stamped, clock, due }) => {
		expect(renewalDue(ticket(1, 'ours', stamped), clock, TTL)).toBe(due);
	});

	it.each([
		{ written: 0, now: 39, due: false },
		{ written: 0, now: 40, due: true },
		{ written: undefined, now: 10, due: true },
		{ written: undefined, now: undefined, due: true },
	])('renews the held ticket written at $written s at $now s: $due', ({ written, now, due }) => {
		expect(
			holderRenewalDue(
				written === undefined ? undefined : at(written),
				now === undefined ? undefined : at(now),
				TTL,
			),
		).toBe(due);
	});

	const note = (text: string, info?: CwCompanyNote['_info']): CwCompanyNote => ({
		id: 9,
		text,
		...(info ? { _info: info } : {}),
	});

	it.each([
		{
			case: 'a ticket, by its last update',
			note: note(leaseNoteText('0a1b2c3d4e5f6071', 120, 2), {
				lastUpdated: '2025-06-01T10:02:00Z',
				dateEntered: '2025-06-01T10:00:00Z',
			}),
			read: ticket(9, '0a1b2c3d4e5f6071', 120, leaseNoteText('0a1b2c3d4e5f6071', 120, 2)),
		},
		{
			case: 'a ticket without audit stamps',
			note: note(leaseNoteText('0a1b2c3d4e5f6071', 120)),
			read: ticket(9, '0a1b2c3d4e5f6071', undefined, leaseNoteText('0a1b2c3d4e5f6071', 120)),
		},
		{ case: 'a note by a person', note: note('Called about the firewall'), read: undefined },
		{ case: 'the prefix without a token', note: note('Domotz sync lease'), read: undefined },
		{
			case: 'the prefix inside a longer text',
			note: note('Re: Domotz sync lease 0a1b2c3d4e5f6071'),
			read: undefined,
		},
	])('reads $case', ({ note: read, read: expected }) => {
		expect(readTicket(read)).toEqual(expected);
	});

	it('draws a new 16-digit token each time', () => {
		const tokens = new Set(Array.from({ length: 100 }, () => newLeaseToken()));
		expect(tokens.size).toBe(100);
		expect([...tokens].every((token) => /^[0-9a-f]{16}$/.test(token))).toBe(true);
	});
});

const clock = manualClock(T0);
/** Notes as the model documents them (no stamps, text not filtered), and stamped ones. */
const simulators: Record<NoteTimestamps, ConnectWiseSimulator> = {
	none: new ConnectWiseSimulator({ requestsPerMinute: 0, clock: clock.now }),
	lastUpdated: new ConnectWiseSimulator({
		requestsPerMinute: 0,
		clock: clock.now,
		noteTimestamps: 'lastUpdated',
		noteTextFilter: 'applied',
	}),
};
let connectwise = simulators.none;
const domotz = new DomotzSimulator();
const MODES: NoteTimestamps[] = ['none', 'lastUpdated'];
const COMPANY = 501;
const AGENT = 9001;
const OTHER_RUN = 'f00dfeedf00dfeed';

beforeAll(async () => {
	await Promise.all([simulators.none.start(), simulators.lastUpdated.start(), domotz.start()]);
});
afterAll(async () => {
	await Promise.all([simulators.none.close(), simulators.lastUpdated.close(), domotz.close()]);
});
beforeEach(() => {
	connectwise.load(connectWiseSeed([]));
	connectwise.http.resetCounts();
	connectwise.http.setFaults([]);
});

/** A client whose every sleep moves the simulator's clock, then lets the test act. */
function leaseClient(onSleep: (sleeps: number) => void = () => undefined) {
	let sleeps = 0;
	const { sleep, delays } = recordingSleep((milliseconds) => {
		clock.advance(milliseconds);
		sleeps += 1;
		onSleep(sleeps);
	});
	const send = createFetchPort({ authenticate: connectWiseBasicAuth(connectwise.credentials) });
	const requests: HttpRequest[] = [];
	const client = new ConnectWiseClient({
		http: async (request) => {
			requests.push(request);
			return await send(request);
		},
		sleep,
		site: connectwise.baseUrl,
		companyId: connectwise.companyId,
		codebase: connectwise.codebase,
	});
	return { client, delays, requests };
}

/** Another run's ticket, posted now. */
function foreignTicket(): number {
	const posted = connectwise.state.notes.create(
		COMPANY,
		{ text: leaseNoteText(OTHER_RUN, 120) },
		'OtherWorker',
	);
	if (!posted.ok) throw new Error('the foreign ticket was refused');
	return posted.value.id;
}

function renew(noteId: number, renewal: number): void {
	connectwise.state.notes.patch(
		COMPANY,
		noteId,
		[{ op: 'replace', path: 'text', value: leaseNoteText(OTHER_RUN, 120, renewal) }],
		'OtherWorker',
	);
}

const notesLeft = () => connectwise.state.notes.all(COMPANY).map((row) => row.id);
const count = (method: string, route: string) => connectwise.http.count(method, route);
const SETTINGS: LeaseSettings = { ttlSeconds: 60, pollSeconds: 5 };

describe.each(MODES)('Lease protocol against the simulator, note stamps: %s', (mode) => {
	beforeAll(() => {
		connectwise = simulators[mode];
	});

	it('takes a free lease with one POST and one list, and deletes its ticket afterwards', async () => {
		const { client, delays } = leaseClient();
		const result = await withCreationLease(
			client,
			COMPANY,
			async (lease) => {
				expect(notesLeft()).toEqual([lease.noteId]);
				return 'created';
			},
			SETTINGS,
		);
		expect(result).toMatchObject({ kind: 'held', value: 'created' });
		expect(delays).toEqual([]);
		expect(connectwise.http.counts()).toEqual({
			'POST companyNotes.create': 1,
			'GET companyNotes.list': 1,
			'DELETE companyNotes.delete': 1,
		});
		expect(notesLeft()).toEqual([]);
	});

	it('waits behind the lowest live ticket and takes the lease once it is released', async () => {
		const holder = foreignTicket();
		const { client, delays } = leaseClient((sleeps) => {
			if (sleeps === 2) connectwise.state.notes.remove(COMPANY, holder);
		});
		const worked: number[] = [];
		const result = await withCreationLease(
			client,
			COMPANY,
			async () => {
				worked.push(delays.length);
			},
			SETTINGS,
		);
		expect(result.kind).toBe('held');
		expect(worked).toEqual([2]);
		expect(delays).toEqual([5000, 5000]);
	});

	it('takes over from a ticket not renewed for longer than the TTL, and deletes it', async () => {
		foreignTicket();
		clock.advance(61_000);
		const { client, delays } = leaseClient();
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('held');
		// Without stamps its age shows only by waiting: unchanged for the TTL of our own sleeps.
		expect(delays).toEqual(mode === 'none' ? Array.from({ length: 13 }, () => 5000) : []);
		expect(notesLeft()).toEqual([]);
	});

	it('waits out a dead holder’s TTL, renewing its own ticket meanwhile, then takes over', async () => {
		const dead = foreignTicket();
		const { client, delays } = leaseClient();
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('held');
		const waited = delays.reduce((sum, delay) => sum + delay, 0);
		expect(waited).toBeGreaterThan(60_000);
		expect(waited).toBeLessThanOrEqual(65_000);
		expect(count('PATCH', 'companyNotes.patch')).toBeGreaterThanOrEqual(3);
		expect(count('DELETE', 'companyNotes.delete')).toBe(2);
		expect(notesLeft()).not.toContain(dead);
		expect(notesLeft()).toEqual([]);
	});

	it('gives up behind a live holder after the TTL and one look, deleting its ticket', async () => {
		const holder = foreignTicket();
		const { client, delays } = leaseClient((sleeps) => renew(holder, sleeps));
		const work = jest.fn(async () => 'created');
		const result = await withCreationLease(client, COMPANY, work, SETTINGS);
		expect(result).toEqual({ kind: 'busy', holderNoteId: holder });
		expect(work).not.toHaveBeenCalled();
		expect(delays.reduce((sum, delay) => sum + delay, 0)).toBe(65_000);
		expect(notesLeft()).toEqual([holder]);
	});

	it('looks less often from far back in the queue, and at every poll near its front', async () => {
		const queue = Array.from({ length: 6 }, () => foreignTicket());
		const { client, delays } = leaseClient(() => {
			connectwise.state.notes.remove(COMPANY, queue.shift()!);
		});
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('held');
		expect(delays).toEqual([10_000, 10_000, 5_000, 5_000, 5_000, 5_000]);
	});

	it('waits through a queue that moves, longer than the TTL, and takes its turn', async () => {
		const queue = [foreignTicket(), foreignTicket(), foreignTicket()];
		// Each holder in turn releases after 50 s of our sleeps: 150 s in all, past TTL and one look.
		const { client, delays } = leaseClient((sleeps) => {
			if (sleeps % 10 === 0) connectwise.state.notes.remove(COMPANY, queue.shift()!);
			for (const noteId of queue) renew(noteId, sleeps);
		});
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('held');
		expect(delays.reduce((sum, delay) => sum + delay, 0)).toBe(150_000);
		expect(notesLeft()).toEqual([]);
	});

	it.each([
		{
			fault: 'the answer lost after the note was written',
			rule: { type: 'lostResponse' as const },
			posts: 1,
		},
		{
			fault: 'a 500 before the note was written',
			rule: { type: 'status' as const, status: 500 },
			posts: 2,
		},
	])('resolves an uncertain ticket POST ($fault) by listing', async ({ rule, posts }) => {
		connectwise.http.setFaults([{ route: 'companyNotes.create', fault: rule, rate: 1, times: 1 }]);
		const { client } = leaseClient();
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('held');
		expect(count('POST', 'companyNotes.create')).toBe(posts);
		expect(notesLeft()).toEqual([]);
	});

	it('deletes only its own ticket: other notes and later tickets stay', async () => {
		const { client } = leaseClient();
		const others: number[] = [];
		await withCreationLease(
			client,
			COMPANY,
			async () => {
				others.push(foreignTicket());
				const note = connectwise.state.notes.create(
					COMPANY,
					{ text: 'Domotz sync leases are notes like this one' },
					'jdoe',
				);
				if (note.ok) others.push(note.value.id);
			},
			SETTINGS,
		);
		expect(notesLeft()).toEqual(others);
		expect(others).toHaveLength(2);
	});

	it('releases the lease when the work fails, and passes the failure on', async () => {
		const { client } = leaseClient();
		const failure = new Error('creating failed');
		await expect(
			withCreationLease(
				client,
				COMPANY,
				async () => {
					throw failure;
				},
				SETTINGS,
			),
		).rejects.toBe(failure);
		expect(notesLeft()).toEqual([]);
	});

	it('renews its ticket while holding: when a create shows a third of the TTL has passed, or at the first create when the ticket has no stamp', async () => {
		const { client } = leaseClient();
		await withCreationLease(
			client,
			COMPANY,
			async (lease) => {
				for (const seconds of [10, 10, 10]) {
					clock.advance(seconds * 1000);
					lease.observe(formatDateTime(clock.now()));
				}
			},
			SETTINGS,
		);
		expect(count('PATCH', 'companyNotes.patch')).toBe(1);
		expect(notesLeft()).toEqual([]);
	});

	it('lists the notes unfiltered, reading its tickets among the others', async () => {
		connectwise.state.notes.create(COMPANY, { text: 'Called about the firewall' }, 'jdoe');
		const { client, requests } = leaseClient();
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('held');
		const lists = requests.filter((request) => request.method === 'GET');
		expect(lists.map((request) => request.query)).toEqual([
			{ orderBy: 'id asc', pageSize: 1000, page: 1 },
		]);
	});

	it('reports a lease it may not take (no Notes permission) as unavailable', async () => {
		connectwise.http.setFaults([
			{
				route: 'companyNotes.create',
				fault: {
					type: 'status',
					status: 403,
					body: {
						code: 'Security',
						message: 'You do not have security permission to perform this action.',
					},
				},
				rate: 1,
			},
		]);
		const { client } = leaseClient();
		const result = await withCreationLease(client, COMPANY, async () => 'created', SETTINGS);
		expect(result.kind).toBe('unavailable');
		expect(result.kind === 'unavailable' && result.error).toBeInstanceOf(ApiError);
	});
});

describe.each(MODES)('Create Configurations under the lease, note stamps: %s', (mode) => {
	beforeAll(() => {
		connectwise = simulators[mode];
	});

	const devices = [
		device(1001, { serial: 'LEASE-SN-1', ip: '10.1.0.1' }),
		device(1002, { serial: 'LEASE-SN-2', ip: '10.1.0.2' }),
	];

	beforeEach(() => {
		domotz.load(domotzSeed({ [AGENT]: devices }));
	});

	function clients(onSleep?: (sleeps: number) => void): SyncClients {
		const { sleep } = recordingSleep();
		return {
			domotz: new DomotzClient({
				http: createFetchPort({ authenticate: domotzApiKey(domotz.apiKey) }),
				sleep,
				baseUrl: domotz.apiBaseUrl,
			}),
			connectwise: leaseClient(onSleep).client,
		};
	}

	const options: CreateOptions = {
		keys: ['serial', 'mac', 'ip'],
		onlyActive: true,
		typeMap: [],
		defaultTypeId: NETWORK_DEVICE_TYPE,
		statusId: 1,
		createMissingManufacturers: false,
		truncate: new Set(),
		exclude: new Set(),
		linkStore: { kind: 'customField', caption: LINK_CAPTION },
		mirrorInDomotz: false,
		lease: SETTINGS,
	};
	const requests = devices.map((entry, index) => ({
		itemIndex: index,
		agentId: AGENT,
		deviceId: entry.id,
		companyLink: { kind: 'customerId' as const },
		fallbackName: `Domotz device ${entry.id}`,
	}));

	it('skips every device to create, naming the holder, when the wait runs out', async () => {
		const holder = foreignTicket();
		const results = await runCreate(
			clients((sleeps) => renew(holder, sleeps)),
			requests,
			options,
		);
		expect(results.map((result) => result.outcome)).toEqual(
			devices.map(() => ({
				status: 'skipped',
				reason: `another run is creating configurations for company Company ONE (lease note ${holder}); it will be created by that run or the next`,
			})),
		);
		expect(connectwise.state.configurationCount).toBe(0);
		expect(notesLeft()).toEqual([holder]);
	});

	it('reports a device another run created while this one waited as linked, and creates the rest', async () => {
		const holder = foreignTicket();
		let createdMeanwhile = 0;
		const results = await runCreate(
			clients((sleeps) => {
				if (sleeps !== 1) return;
				createdMeanwhile = connectwise.state.addConfiguration({
					name: 'device-1001',
					type: { id: NETWORK_DEVICE_TYPE },
					company: { id: COMPANY },
					serialNumber: 'LEASE-SN-1',
					customFields: [{ id: LINK_FIELD_ID, value: `domotz:${AGENT}/1001` }],
				}).id;
				connectwise.state.notes.remove(COMPANY, holder);
			}),
			requests,
			options,
		);
		expect(results.map((result) => [result.deviceId, result.outcome.status])).toEqual([
			[1001, 'alreadyLinked'],
			[1002, 'created'],
		]);
		expect(results[0].outcome).toMatchObject({ configurationId: createdMeanwhile });
		expect(count('POST', 'configurations.create')).toBe(1);
		expect(connectwise.state.configurationCount).toBe(2);
		expect(notesLeft()).toEqual([]);
	});

	const noteRequests = () =>
		Object.keys(connectwise.http.counts()).filter((key) => key.includes('companyNotes'));

	it('takes no lease in a dry run, nor when nothing is left to create', async () => {
		const dry = await runCreate(clients(), requests, { ...options, dryRun: true });
		expect(dry.map((result) => result.outcome.status)).toEqual(['wouldCreate', 'wouldCreate']);
		expect(noteRequests()).toEqual([]);
		await runCreate(clients(), requests, options);
		// A ticket without a stamp is renewed at the first create: when it was written is unknown.
		expect(noteRequests()).toHaveLength(mode === 'none' ? 4 : 3);
		connectwise.http.resetCounts();
		const again = await runCreate(clients(), requests, options);
		expect(again.map((result) => result.outcome.status)).toEqual([
			'alreadyLinked',
			'alreadyLinked',
		]);
		expect(noteRequests()).toEqual([]);
	});
});
