/**
 * The creation lease: one run at a time creates configurations in a ConnectWise company.
 *
 * ConnectWise has no compare-and-set (no ETag, no If-Match), so two runs that both find "no
 * configuration yet" would both create one. Its one atomic, ordered operation is a POST: records
 * get increasing ids. The lease is therefore a ticket lock made of company notes. A run about to
 * create posts a ticket (a note whose text starts with `Domotz sync lease` and carries the run's
 * random token) and lists the company's notes: the live ticket with the lowest id holds the lease.
 * Ids are given in commit order, so a lower ticket was committed before ours and our list shows
 * it. The list is unfiltered, as no document says a note's text can be filtered on.
 *
 * A ticket that was not renewed for the TTL belongs to a run that died: it is ignored, and deleted
 * by the run that then takes the lease. Its age is never measured with a worker's clock, which may
 * differ from machine to machine in queue mode. When notes carry `_info.lastUpdated` it is told in
 * ConnectWise's own time (the stamp against the newest stamp the server gave us, plus what we slept
 * since). The CompanyNote model documents no stamps, so without one the age is counted from the
 * moment this run first saw the ticket's current text (every renewal changes it), in the time this
 * run has slept since: a stamp-less dead ticket keeps a run waiting for at most the TTL and one
 * look. The holder renews its ticket while it creates and deletes it when done, failed or not.
 */

import type { ConnectWiseClient } from '../connectwise/client';
import type { CwCompanyNote } from '../connectwise/schemas';
import { ApiError, SetupError, UncertainWriteError } from '../http/errors';
import { settle } from '../pool';

export const LEASE_NOTE_PREFIX = 'Domotz sync lease';

export interface LeaseSettings {
	/** A ticket not renewed for this long belongs to a dead run and is ignored. */
	ttlSeconds: number;
	/** How long a waiting run sleeps before it lists the tickets again. */
	pollSeconds: number;
}

/**
 * The holder renews its ticket every 40 seconds, as ConnectWise stamps the configurations it
 * creates, so the TTL needs to cover only the longest wait for the next finished create: a create
 * that times out (60 seconds) plus the renewal's own period fits in two minutes. Shorter would let
 * a slow but live holder be overtaken; longer only makes the next run wait longer after a crash.
 */
const defaultLeaseSettings: LeaseSettings = { ttlSeconds: 120, pollSeconds: 3 };

/** A ticket note read back: whose it is, what it says and when ConnectWise last wrote it. */
export interface LeaseTicket {
	noteId: number;
	token: string;
	/** The note's text, which every renewal changes. */
	text: string;
	/** Milliseconds since the epoch, from `_info.lastUpdated`; undefined when the note has none. */
	stampedAt: number | undefined;
}

/** A ticket's text as this run first saw it, and how long it had slept by then. */
export interface Sighting {
	text: string;
	sleptMs: number;
}

/** What a run can tell of time without reading a clock. */
export interface LeaseClock {
	/** ConnectWise's time: the newest stamp it gave, plus what we slept since; undefined without. */
	serverNow: number | undefined;
	/** What this run has slept since it posted its ticket. */
	sleptMs: number;
	/** Each listed ticket's current text as first seen, by note id. */
	sightings: ReadonlyMap<number, Sighting>;
}

export type LeaseStanding =
	/** `expired`: other runs' tickets not renewed for the TTL, to be deleted. */
	| { kind: 'holder'; own: LeaseTicket; expired: LeaseTicket[] }
	/** `ahead`: the live tickets before ours, the holder's included. */
	| { kind: 'waiting'; own: LeaseTicket; holder: LeaseTicket; ahead: number }
	/** None of our tickets is live: deleted by someone, expired, or its POST never landed. */
	| { kind: 'lost' };

const ticketPattern = new RegExp(`^${LEASE_NOTE_PREFIX} ([0-9a-f]{8,})\\b`);

/** ConnectWise's `yyyy-MM-ddTHH:mm:ssZ` in milliseconds, or undefined. */
function readServerTime(stamp: string | null | undefined): number | undefined {
	const parsed = stamp ? Date.parse(stamp) : Number.NaN;
	return Number.isNaN(parsed) ? undefined : parsed;
}

export function readTicket(note: CwCompanyNote): LeaseTicket | undefined {
	const text = note.text ?? '';
	const token = ticketPattern.exec(text)?.[1];
	if (!token) return undefined;
	return {
		noteId: note.id,
		token,
		text,
		stampedAt: readServerTime(note._info?.lastUpdated ?? note._info?.dateEntered),
	};
}

/**
 * The sightings after a list: a ticket first seen, or seen with a new text, is seen now; a ticket
 * no longer listed is forgotten.
 */
export function noteSightings(
	previous: ReadonlyMap<number, Sighting>,
	tickets: readonly LeaseTicket[],
	sleptMs: number,
): Map<number, Sighting> {
	return new Map(
		tickets.map((ticket) => {
			const seen = previous.get(ticket.noteId);
			return [
				ticket.noteId,
				seen?.text === ticket.text ? seen : { text: ticket.text, sleptMs },
			] as const;
		}),
	);
}

/**
 * How long the ticket has gone unrenewed, as far as this run can tell: by ConnectWise's stamps
 * when both are known, otherwise by what this run slept since it first saw the ticket's text.
 */
export function ticketAge(ticket: LeaseTicket, clock: LeaseClock): number {
	if (ticket.stampedAt !== undefined && clock.serverNow !== undefined) {
		return clock.serverNow - ticket.stampedAt;
	}
	const seen = clock.sightings.get(ticket.noteId);
	return seen?.text === ticket.text ? clock.sleptMs - seen.sleptMs : 0;
}

/** Whether the run holding `token`'s tickets holds the lease, waits behind another, or lost. */
export function leaseStanding(
	tickets: readonly LeaseTicket[],
	token: string,
	clock: LeaseClock,
	ttlSeconds: number,
): LeaseStanding {
	const isLive = (ticket: LeaseTicket) => ticketAge(ticket, clock) <= ttlSeconds * 1000;
	const live = tickets.filter(isLive).sort((left, right) => left.noteId - right.noteId);
	const own = live.find((ticket) => ticket.token === token);
	if (!own) return { kind: 'lost' };
	if (live[0] !== own) return { kind: 'waiting', own, holder: live[0], ahead: live.indexOf(own) };
	const expired = tickets.filter((ticket) => ticket.token !== token && !isLive(ticket));
	return { kind: 'holder', own, expired };
}

/** The waiting runs nearest the lease, which take the next turns, look at every poll. */
const FRONT_OF_QUEUE = 4;

/**
 * How long a waiting run sleeps before it looks again: one poll for the first few in the queue,
 * one more for each few further back, so that a long queue (a burst of webhook executions, each
 * with a device to create) lists the notes a few times a second in all, not once per run per poll.
 * At most a quarter of the TTL, so that a waiting ticket is still renewed in time.
 */
export function nextLookAfterMs(ahead: number, settings: LeaseSettings): number {
	const polls = Math.max(1, Math.ceil(ahead / FRONT_OF_QUEUE));
	const seconds = Math.min(settings.pollSeconds * polls, settings.ttlSeconds / 4);
	return Math.max(settings.pollSeconds, seconds) * 1000;
}

/** A waiting run renews its ticket once a third of the TTL has passed, so a late one still lands. */
export function renewalDue(own: LeaseTicket, clock: LeaseClock, ttlSeconds: number): boolean {
	return ticketAge(own, clock) >= (ttlSeconds * 1000) / 3;
}

/**
 * Whether the holder renews, given when its ticket was last written and the time now, both in
 * ConnectWise's time. Without either, renewing is due: early is safe, late lets a run overtake.
 */
export function holderRenewalDue(
	writtenAt: number | undefined,
	now: number | undefined,
	ttlSeconds: number,
): boolean {
	if (writtenAt === undefined || now === undefined) return true;
	return now - writtenAt >= (ttlSeconds * 1000) / 3;
}

export function leaseNoteText(token: string, ttlSeconds: number, renewal = 0): string {
	const renewed = renewal > 0 ? ` Renewal ${renewal}.` : '';
	return `${LEASE_NOTE_PREFIX} ${token}: an n8n run is creating ConnectWise configurations for this company. Safe to delete once it has not been updated for ${ttlSeconds} seconds.${renewed}`;
}

/** 64 random bits: enough that two runs never draw the same token. */
export function newLeaseToken(random: () => number = Math.random): string {
	const part = () =>
		Math.floor(random() * 0x1_0000_0000)
			.toString(16)
			.padStart(8, '0');
	return `${part()}${part()}`;
}

export type LeaseClient = Pick<
	ConnectWiseClient,
	'listCompanyNotes' | 'createCompanyNote' | 'patchCompanyNote' | 'deleteCompanyNote' | 'wait'
>;

export interface HeldLease {
	readonly noteId: number;
	/**
	 * A stamp ConnectWise just wrote, e.g. a created configuration's `_info.lastUpdated`: renews
	 * the ticket once a third of the TTL has passed since it was written, or at once when that
	 * cannot be told.
	 */
	observe(lastUpdated: string | null | undefined): void;
}

export type LeaseResult<T> =
	| { kind: 'held'; value: T; noteId: number }
	/** The wait ran out while another run's ticket held the lease. */
	| { kind: 'busy'; holderNoteId: number }
	/** The tickets could not be written or read. */
	| { kind: 'unavailable'; error: unknown };

/** The security role right the lease's company notes need, as ConnectWise's role screen names it. */
export const LEASE_NOTES_RIGHT = 'Companies › Notes (Add, Edit, Delete and Inquire Level All)';

/**
 * The error of creates refused because the company's lease could not be taken. ConnectWise's bare
 * 403 on a note says nothing of configurations: a refused note means the role lacks the Notes right.
 */
export function leaseUnavailableError(
	error: unknown,
	company: { id: number; name: string },
): unknown {
	if (!(error instanceof ApiError) || error.reason !== 'permission') return error;
	const request = error.request
		? ` (${error.request.method} ${error.request.path} answered 403)`
		: '';
	return new SetupError(
		`No configuration was created in company ${company.name || company.id}: the API member's security role lacks ${LEASE_NOTES_RIGHT}, which the creation lease needs${request}`,
		"In ConnectWise PSA, System › Security Roles › the API member's role › Companies › Notes: allow Add, Edit and Delete with Inquire Level All. Setup › Check Setup lists every right the role lacks.",
	);
}

/** Attempts at posting a ticket whose POST failed without an answer before the lease is given up. */
const TICKET_POSTS = 3;

/**
 * Runs `work` while holding the company's lease, then releases it (also when `work` fails, whose
 * error is passed on). Gives up, without running `work`, when one holder keeps the lease for the
 * TTL plus one look: a dead holder's ticket has expired by then, so only a live one keeps us out.
 * A queue that moves is waited through however long it is (a burst of webhook executions, each
 * with one device to create, takes its turns one after the other).
 */
export async function withCreationLease<T>(
	client: LeaseClient,
	companyId: number,
	work: (lease: HeldLease) => Promise<T>,
	settings: LeaseSettings = defaultLeaseSettings,
): Promise<LeaseResult<T>> {
	const lease = new CreationLease(client, companyId, settings);
	const taken = await lease.take().then(
		(standing) => standing,
		(error: unknown) => ({ kind: 'failed' as const, error }),
	);
	if (taken.kind !== 'holder') {
		await lease.release();
		return taken.kind === 'waiting'
			? { kind: 'busy', holderNoteId: taken.holder.noteId }
			: { kind: 'unavailable', error: taken.error };
	}
	const done = await settle(work(lease.held(taken.own)));
	await lease.release();
	if (!done.ok) throw done.error;
	return { kind: 'held', value: done.value, noteId: taken.own.noteId };
}

type Taken =
	| Extract<LeaseStanding, { kind: 'holder' | 'waiting' }>
	| { kind: 'failed'; error: unknown };

class CreationLease {
	private readonly token = newLeaseToken();
	/** ConnectWise's time as far as we know it: the newest stamp it gave, plus what we slept since. */
	private serverNow: number | undefined;
	private sleptMs = 0;
	private sightings: ReadonlyMap<number, Sighting> = new Map();
	/** Every note our POSTs may have made; all are deleted on release. */
	private readonly ownNotes = new Set<number>();
	private renewals = 0;
	private renewing: Promise<unknown> = Promise.resolve();
	private renewalInFlight = false;

	constructor(
		private readonly client: LeaseClient,
		private readonly companyId: number,
		private readonly settings: LeaseSettings,
	) {}

	async take(): Promise<Taken> {
		const { ttlSeconds, pollSeconds } = this.settings;
		const patienceMs = (ttlSeconds + pollSeconds) * 1000;
		let uncertain = await this.post();
		let posts = 1;
		/** The holder we wait behind, and what we had slept when it took the lease. */
		let holder: { noteId: number; sinceMs: number } | undefined;
		for (;;) {
			const standing = leaseStanding(await this.tickets(), this.token, this.clock(), ttlSeconds);
			if (standing.kind === 'holder') {
				await this.deleteExpired(standing.expired);
				return standing;
			}
			if (standing.kind === 'lost') {
				if (posts === TICKET_POSTS) {
					return {
						kind: 'failed',
						error:
							uncertain ??
							new Error(`the lease note on company ${this.companyId} disappeared ${posts} times`),
					};
				}
				uncertain = await this.post();
				posts += 1;
				continue;
			}
			if (holder?.noteId !== standing.holder.noteId) {
				holder = { noteId: standing.holder.noteId, sinceMs: this.sleptMs };
			}
			if (this.sleptMs - holder.sinceMs >= patienceMs) return standing;
			const waitMs = nextLookAfterMs(standing.ahead, this.settings);
			await this.client.wait(waitMs);
			this.slept(waitMs);
			if (renewalDue(standing.own, this.clock(), ttlSeconds)) await this.renew(standing.own.noteId);
		}
	}

	held(own: LeaseTicket): HeldLease {
		// When the ticket was last written, in ConnectWise's time: its stamp, else the time known
		// when the renewal was decided (earlier than the write, so renewals come early, not late).
		let writtenAt = own.stampedAt;
		return {
			noteId: own.noteId,
			observe: (lastUpdated) => {
				this.learnServerTime(readServerTime(lastUpdated));
				const decidedAt = this.serverNow;
				if (this.renewalInFlight) return;
				if (!holderRenewalDue(writtenAt, decidedAt, this.settings.ttlSeconds)) return;
				this.renewalInFlight = true;
				// A renewal that fails leaves the ticket to expire; the creates go on.
				this.renewing = this.renew(own.noteId).then(
					(stamp) => {
						writtenAt = stamp ?? decidedAt;
						this.renewalInFlight = false;
					},
					() => {
						this.renewalInFlight = false;
					},
				);
			},
		};
	}

	/** Deletes our tickets; one that cannot be deleted expires after the TTL. */
	async release(): Promise<void> {
		await this.renewing;
		await this.deleteQuietly([...this.ownNotes]);
		this.ownNotes.clear();
	}

	private clock(): LeaseClock {
		return { serverNow: this.serverNow, sleptMs: this.sleptMs, sightings: this.sightings };
	}

	/** Every ticket of the company, from an unfiltered list of its notes. */
	private async tickets(): Promise<LeaseTicket[]> {
		const notes = await this.client.listCompanyNotes(this.companyId);
		const tickets = notes.flatMap((note) => readTicket(note) ?? []);
		for (const ticket of tickets) {
			this.learnServerTime(ticket.stampedAt);
			if (ticket.token === this.token) this.ownNotes.add(ticket.noteId);
		}
		this.sightings = noteSightings(this.sightings, tickets, this.sleptMs);
		return tickets;
	}

	/** Dead runs' tickets would keep every later run waiting for the TTL: they go. */
	private async deleteExpired(expired: readonly LeaseTicket[]): Promise<void> {
		await this.deleteQuietly(expired.map((ticket) => ticket.noteId));
	}

	private async deleteQuietly(noteIds: readonly number[]): Promise<void> {
		await Promise.all(
			noteIds.map((noteId) =>
				this.client.deleteCompanyNote(this.companyId, noteId).then(
					() => undefined,
					() => undefined,
				),
			),
		);
	}

	/**
	 * Posts a ticket. A POST without a sure answer (UncertainWriteError) is returned, not thrown:
	 * the next list tells whether it landed. Any other failure ends the attempt.
	 */
	private async post(): Promise<UncertainWriteError | undefined> {
		const posted = await this.client
			.createCompanyNote(this.companyId, {
				text: leaseNoteText(this.token, this.settings.ttlSeconds),
				flagged: false,
			})
			.then(
				(note) => ({ ok: true as const, note }),
				(error: unknown) => ({ ok: false as const, error }),
			);
		if (posted.ok) {
			this.ownNotes.add(posted.note.id);
			this.learnServerTime(readServerTime(posted.note._info?.lastUpdated));
			return undefined;
		}
		if (posted.error instanceof UncertainWriteError) return posted.error;
		throw posted.error;
	}

	/** Rewrites the ticket's text, which moves its `lastUpdated` where notes have one. */
	private async renew(noteId: number): Promise<number | undefined> {
		this.renewals += 1;
		const note = await this.client.patchCompanyNote(this.companyId, noteId, [
			{
				op: 'replace',
				path: 'text',
				value: leaseNoteText(this.token, this.settings.ttlSeconds, this.renewals),
			},
		]);
		const stamp = readServerTime(note._info?.lastUpdated);
		this.learnServerTime(stamp);
		return stamp;
	}

	private learnServerTime(stamp: number | undefined): void {
		if (stamp === undefined) return;
		this.serverNow = this.serverNow === undefined ? stamp : Math.max(this.serverNow, stamp);
	}

	/** A sleep of `milliseconds` lasts at least that long in ConnectWise's time too. */
	private slept(milliseconds: number): void {
		this.sleptMs += milliseconds;
		if (this.serverNow !== undefined) this.serverNow += milliseconds;
	}
}
