/**
 * Retry policy as data, and the pure decision taken after every attempt: retry (and after how
 * long) or stop (and why). The executor only consults it; sleeping happens through its port.
 */

import type { NetworkFailure } from './errors';
import type { Random } from './port';

export interface RetryPolicy {
	/** Attempts in all, the first one included. */
	maxAttempts: number;
	/** Ceiling of the first backoff; it doubles with every further attempt. */
	baseDelayMs: number;
	/** The backoff ceiling never grows beyond this (a `Retry-After` may). */
	maxDelayMs: number;
	retryStatuses: readonly number[];
	retryNetworkFailures: readonly NetworkFailure[];
}

/** What one attempt produced, reduced to what the decision needs. */
export type AttemptOutcome =
	| { kind: 'answered'; status: number; retryAfterSeconds?: number }
	| { kind: 'noAnswer'; failure: NetworkFailure };

export type RetryDecision =
	| { kind: 'retry'; delayMs: number }
	/** `uncertainWrite`: a non-idempotent request may have been applied; it must not be repeated. */
	| { kind: 'stop'; why: 'final' | 'attemptsExhausted' | 'uncertainWrite' };

/** Failures before a request leaves this machine: a write cannot have been applied. */
const failuresBeforeSending: readonly NetworkFailure[] = ['connectionRefused', 'hostNotFound'];

/** Fills in the defaults and rejects values that would make the retry loop meaningless. */
export function resolveRetryPolicy(
	defaults: RetryPolicy,
	overrides: Partial<RetryPolicy> = {},
): RetryPolicy {
	const policy = { ...defaults, ...overrides };
	if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
		throw new RangeError(
			`maxAttempts must be a whole number of at least 1, got ${policy.maxAttempts}`,
		);
	}
	if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
		throw new RangeError(
			`delays must satisfy 0 <= baseDelayMs <= maxDelayMs, got ${policy.baseDelayMs} and ${policy.maxDelayMs}`,
		);
	}
	return policy;
}

/** Seconds from a `Retry-After` header; HTTP dates and garbage are ignored (lib has no clock). */
export function parseRetryAfterSeconds(header: string | undefined): number | undefined {
	if (header === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
	return Number(header);
}

/**
 * Exponential backoff with full jitter: a random delay between 0 and a ceiling that doubles with
 * every failed attempt. A `Retry-After` from the server wins.
 */
function retryDelayMs(
	policy: RetryPolicy,
	failedAttempt: number,
	random: Random,
	retryAfterSeconds?: number,
): number {
	if (retryAfterSeconds !== undefined) return Math.round(retryAfterSeconds * 1000);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
	const fraction = Math.min(Math.max(random(), 0), 1);
	return Math.floor(fraction * ceiling);
}

/** A write the server may have carried out: it timed out, the connection broke, or it failed. */
function mayHaveBeenApplied(outcome: AttemptOutcome): boolean {
	if (outcome.kind === 'answered') return outcome.status >= 500;
	return !failuresBeforeSending.includes(outcome.failure);
}

function isRetryable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
	return outcome.kind === 'answered'
		? policy.retryStatuses.includes(outcome.status)
		: policy.retryNetworkFailures.includes(outcome.failure);
}

/** Decides what follows a failed attempt (`attempt` is 1 for the first one). */
export function decideRetry(
	policy: RetryPolicy,
	outcome: AttemptOutcome,
	attempt: number,
	options: { idempotent: boolean; random: Random },
): RetryDecision {
	const unsafeToRepeat = !options.idempotent && mayHaveBeenApplied(outcome);
	if (unsafeToRepeat) return { kind: 'stop', why: 'uncertainWrite' };
	if (!isRetryable(policy, outcome)) return { kind: 'stop', why: 'final' };
	if (attempt >= policy.maxAttempts) return { kind: 'stop', why: 'attemptsExhausted' };
	const retryAfterSeconds = outcome.kind === 'answered' ? outcome.retryAfterSeconds : undefined;
	return {
		kind: 'retry',
		delayMs: retryDelayMs(policy, attempt, options.random, retryAfterSeconds),
	};
}
