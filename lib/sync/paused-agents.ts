/**
 * Pause Agents After a Failed Sync: where the Domotz guide switches the automatic sync off after a
 * failure, only the failed agent is paused, and later runs leave it out until it is resumed. The
 * caller keeps the pause book (n8n's static data); these functions only decide, data in, data out.
 */

import { z } from 'zod';

export interface AgentPause {
	agentId: number;
	agentName: string;
	/** The failure that paused the agent, as its Failed Sync named it. */
	pausedBecause: string;
	pausedAt: string;
}

/** An entry of Resume Paused Agents: one agent, or every paused agent. */
export type ResumeEntry = number | 'all';

export interface PauseBook {
	pauses: AgentPause[];
	/**
	 * When a run first saw each entry of Resume Paused Agents. An entry lifts only the pauses older
	 * than that, so one left in the option does not undo the pauses of later failures.
	 */
	resumeSeen: Array<{ entry: ResumeEntry; since: string }>;
}

export const emptyPauseBook: PauseBook = { pauses: [], resumeSeen: [] };

const pauseBookSchema = z.object({
	pauses: z.array(
		z.object({
			agentId: z.number().int(),
			agentName: z.string(),
			pausedBecause: z.string(),
			pausedAt: z.string(),
		}),
	),
	resumeSeen: z.array(
		z.object({ entry: z.union([z.number().int(), z.literal('all')]), since: z.string() }),
	),
});

/** The book as stored; anything unreadable counts as no pause rather than failing every run. */
export function parsePauseBook(stored: unknown): PauseBook {
	const parsed = pauseBookSchema.safeParse(stored);
	return parsed.success ? parsed.data : emptyPauseBook;
}

export interface PauseRequest {
	pauseAfterFailure: boolean;
	resume: readonly ResumeEntry[];
	/** Paused agents a manual run names: they run, to try a fix, and stay paused. */
	tryAnyway: readonly number[];
	now: string;
}

export interface PauseDecision {
	/** Left out of this run and reported as paused. */
	paused: AgentPause[];
	/** Still paused, but run by this manual run. */
	tried: AgentPause[];
	/** Lifted before the run by Resume Paused Agents (or by the option being off). */
	resumed: AgentPause[];
	/** The book without the lifted pauses, to be updated with the run's outcomes. */
	book: PauseBook;
}

/** Which paused agents this run leaves out, which it runs anyway, and which it resumes. */
export function decidePausedAgents(book: PauseBook, request: PauseRequest): PauseDecision {
	if (!request.pauseAfterFailure) {
		return { paused: [], tried: [], resumed: book.pauses, book: emptyPauseBook };
	}
	const resumeSeen = request.resume.map((entry) => ({
		entry,
		since: book.resumeSeen.find((seen) => seen.entry === entry)?.since ?? request.now,
	}));
	const lifts = (pause: AgentPause) =>
		resumeSeen.some(
			(seen) =>
				(seen.entry === 'all' || seen.entry === pause.agentId) &&
				Date.parse(pause.pausedAt) < Date.parse(seen.since),
		);
	const resumed = book.pauses.filter(lifts);
	const kept = book.pauses.filter((pause) => !lifts(pause));
	const triedIds = new Set(request.tryAnyway);
	return {
		paused: kept.filter((pause) => !triedIds.has(pause.agentId)),
		tried: kept.filter((pause) => triedIds.has(pause.agentId)),
		resumed,
		book: { pauses: kept, resumeSeen },
	};
}

/** An agent's outcome in a run, as far as pausing goes. */
export interface AgentRunOutcome {
	agentId: number;
	agentName: string;
	/** Set when the agent's sync failed. */
	failure?: string;
}

/** The book after a run: each failed agent paused with its failure; a paused agent stays paused. */
export function recordRunOutcomes(
	book: PauseBook,
	outcomes: readonly AgentRunOutcome[],
	now: string,
): PauseBook {
	const failed = outcomes.flatMap((outcome): AgentPause[] =>
		outcome.failure === undefined
			? []
			: [
					{
						agentId: outcome.agentId,
						agentName: outcome.agentName,
						pausedBecause: outcome.failure,
						pausedAt: now,
					},
				],
	);
	const failedIds = new Set(failed.map((pause) => pause.agentId));
	return {
		pauses: [...book.pauses.filter((pause) => !failedIds.has(pause.agentId)), ...failed],
		resumeSeen: book.resumeSeen,
	};
}
