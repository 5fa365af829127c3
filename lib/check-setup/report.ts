/**
 * What Check Setup reports: one entry per check, each with what was found and, unless it passed,
 * the fix in one sentence. Checks that depend on one that failed are reported as not checked, so
 * that the first failure is the one a user reads.
 */

import { ApiError, SetupError } from '../http/errors';

export type CheckStatus = 'ok' | 'warning' | 'failed';

export interface SetupCheck {
	check: string;
	status: CheckStatus;
	/** What the check found, in a sentence or two. */
	found: string;
	/** What to do about it; absent when the check passed. */
	fix?: string;
	/** Names, counts and IDs behind the sentence, for a workflow to read. */
	details?: Record<string, unknown>;
}

export function passed(
	check: string,
	found: string,
	details?: Record<string, unknown>,
): SetupCheck {
	return { check, status: 'ok', found, ...(details ? { details } : {}) };
}

export function warned(
	check: string,
	found: string,
	fix: string,
	details?: Record<string, unknown>,
): SetupCheck {
	return { check, status: 'warning', found, fix, ...(details ? { details } : {}) };
}

export function failed(
	check: string,
	found: string,
	fix: string,
	details?: Record<string, unknown>,
): SetupCheck {
	return { check, status: 'failed', found, fix, ...(details ? { details } : {}) };
}

/** A check that could not run because an earlier one failed. */
export function notChecked(check: string, because: string): SetupCheck {
	return warned(check, `Not checked: ${because}.`, `Fix "${because.split(':')[0]}" first.`);
}

/** The HTTP status of a failed request, when there was an answer. */
export function statusOf(error: unknown): number | undefined {
	return error instanceof ApiError ? error.status : undefined;
}

/** The fix a failure suggests by itself: a setup hint, or none. */
export function hintOf(error: unknown): string | undefined {
	return error instanceof SetupError ? error.hint : undefined;
}

/** "A, B and 3 more": a list short enough for one sentence. */
export function nameList(names: readonly string[], shown = 5): string {
	if (names.length <= shown) return names.join(', ');
	return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
