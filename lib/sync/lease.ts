/**
 * The creation lease: one run at a time creates configurations in a ConnectWise company.
 *
 * ConnectWise has no compare-and-set (no ETag, no If-Match), so two runs that both find "no
 * configuration yet" would both create one. Its one atomic, ordered operation is a POST: records
 * get increasing ids. The lease is therefore a ticket lock made of company notes. A run about to
 * create posts a ticket (a note whose text starts with `Domotz sync lease` and carries the run's
 * random token) and lists the company's tickets: the live ticket with the lowest id holds the
 * lease. Ids are given in commit order, so a lower ticket was committed before ours and our list
 * shows it. A ticket that was not renewed for the TTL belongs to a run that died and is ignored;
 * its age is measured in ConnectWise's own time (the note stamps against the newest stamp the
 * server gave us, plus what we slept since), never against the clock of a worker, which may differ
 * from machine to machine in queue mode. The holder renews its ticket while it creates and deletes
 * it when done, failed or not.
 */

import type { ConnectWiseClient } from '../connectwise/client';
import { startsWith } from '../connectwise/conditions';
import type { CwCompanyNote } from '../connectwise/schemas';
import { UncertainWriteError } from '../http/errors';

export const LEASE_NOTE_PREFIX = 'Domotz sync lease';

export interface LeaseSettings {
	/** A ticket not renewed for this long, in ConnectWise's time, is a dead run's and is ignored. */
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

/** A ticket note read back: whose it is and when ConnectWise last wrote it. */
export interface LeaseTicket {
	noteId: number;
	token: string;
	/** Milliseconds since the epoch, from `_info.lastUpdated`; undefined when unreadable. */
	stampedAt: number | undefined;
}

export type LeaseStanding =
	| { kind: 'holder'; own: LeaseTicket }
	| { kind: 'waiting'; own: LeaseTicket; holder: LeaseTicket }
	/** None of our tickets is live: deleted by someone, expired, or its POST never landed. */
	| { kind: 'lost' };

const ticketPattern = new RegExp(`^${LEASE_NOTE_PREFIX} ([0-9a-f]{8,})\\b`);

/** ConnectWise's `yyyy-MM-ddTHH:mm:ssZ` in milliseconds, or undefined. */
function readServerTime(stamp: string | null | undefined): number | undefined {
	const parsed = stamp ? Date.parse(stamp) : Number.NaN;
	return Number.isNaN(parsed) ? undefined : parsed;
}

export function readTicket(note: CwCompanyNote): LeaseTicket | undefined {
	const token = ticketPattern.exec(note.text ?? '')?.[1];
	if (!token) return undefined;
	return {
		noteId: note.id,
		token,
		stampedAt: readServerTime(note._info?.lastUpdated ?? note._info?.dateEntered),
	};
}

/** A ticket whose age cannot be told (no stamp, or no server time yet) counts as live. */
function isLive(ticket: LeaseTicket, now: number | undefined, ttlSeconds: number): boolean {
	if (now === undefined || ticket.stampedAt === undefined) return true;
	return now - ticket.stampedAt <= ttlSeconds * 1000;
}

/** Whether the run holding `token`'s tickets holds the lease, waits behind another, or lost. */
export function leaseStanding(
	tickets: readonly LeaseTicket[],
	token: string,
	now: number | undefined,
	ttlSeconds: number,
): LeaseStanding {
	const live = tickets
		.filter((ticket) => isLive(ticket, now, ttlSeconds))
		.sort((left, right) => left.noteId - right.noteId);
	const own = live.find((ticket) => ticket.token === token);
	if (!own) return { kind: 'lost' };
	return live[0] === own ? { kind: 'holder', own } : { kind: 'waiting', own, holder: live[0] };
}

/** A ticket is renewed once a third of the TTL has passed, so a late renewal still lands in time. */
export function renewalDue(own: LeaseTicket, now: number | undefined, ttlSeconds: number): boolean {
	if (now === undefined || own.stampedAt === undefined) return false;
	return now - own.stampedAt >= (ttlSeconds * 1000) / 3;
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
	 * the ticket once a third of the TTL has passed.
	 */
	observe(lastUpdated: string | null | undefined): void;
}

export type LeaseResult<T> =
	| { kind: 'held'; value: T; noteId: number }
	/** The wait ran out while another run's ticket held the lease. */
	| { kind: 'busy'; holderNoteId: number }
	/** The tickets could not be written or read. */
	| { kind: 'unavailable'; error: unknown };

/** Attempts at posting a ticket whose POST failed without an answer before the lease is given up. */
const TICKET_POSTS = 3;

/**
 * Runs `work` while holding the company's lease, then releases it (also when `work` fails, whose
 * error is passed on). Gives up, without running `work`, when the wait exceeds the TTL plus one
 * look: a dead holder's ticket has expired by then, so only a live one keeps us out.
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
	const done = await work(lease.held(taken.own)).then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
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
	private now: number | undefined;
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
		const pollMs = this.settings.pollSeconds * 1000;
		const patienceMs = (this.settings.ttlSeconds + this.settings.pollSeconds) * 1000;
		let uncertain = await this.post();
		let posts = 1;
		let waitedMs = 0;
		for (;;) {
			const standing = leaseStanding(
				await this.tickets(),
				this.token,
				this.now,
				this.settings.ttlSeconds,
			);
			if (standing.kind === 'holder') return standing;
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
			if (waitedMs >= patienceMs) return standing;
			await this.client.wait(pollMs);
			waitedMs += pollMs;
			this.slept(pollMs);
			if (renewalDue(standing.own, this.now, this.settings.ttlSeconds)) {
				await this.renew(standing.own.noteId);
			}
		}
	}

	held(own: LeaseTicket): HeldLease {
		let stampedAt = own.stampedAt;
		return {
			noteId: own.noteId,
			observe: (lastUpdated) => {
				this.learnServerTime(readServerTime(lastUpdated));
				const ticket = { ...own, stampedAt };
				if (this.renewalInFlight || !renewalDue(ticket, this.now, this.settings.ttlSeconds)) return;
				this.renewalInFlight = true;
				// A renewal that fails leaves the ticket to expire; the creates go on.
				this.renewing = this.renew(own.noteId).then(
					(renewed) => {
						stampedAt = renewed ?? stampedAt;
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
		await Promise.all(
			[...this.ownNotes].map((noteId) =>
				this.client.deleteCompanyNote(this.companyId, noteId).then(
					() => undefined,
					() => undefined,
				),
			),
		);
		this.ownNotes.clear();
	}

	private async tickets(): Promise<LeaseTicket[]> {
		const notes = await this.client.listCompanyNotes(this.companyId, {
			conditions: startsWith('text', LEASE_NOTE_PREFIX),
		});
		const tickets = notes.flatMap((note) => readTicket(note) ?? []);
		for (const ticket of tickets) {
			this.learnServerTime(ticket.stampedAt);
			if (ticket.token === this.token) this.ownNotes.add(ticket.noteId);
		}
		return tickets;
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

	/** Rewrites the ticket's text, which moves its `lastUpdated`; the new stamp, if any. */
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
		this.now = this.now === undefined ? stamp : Math.max(this.now, stamp);
	}

	/** A sleep of `milliseconds` lasts at least that long in ConnectWise's time too. */
	private slept(milliseconds: number): void {
		if (this.now !== undefined) this.now += milliseconds;
	}
}
