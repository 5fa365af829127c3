/** Shared pieces of the client integration tests: sleeps that never wait, clocks, error capture. */

import type { Sleep } from '../../../lib/http/port';

/** A sleep that returns at once and remembers every delay the client asked for. */
export function recordingSleep(onSleep: (milliseconds: number) => void = () => {}): {
	sleep: Sleep;
	delays: number[];
} {
	const delays: number[] = [];
	return {
		delays,
		sleep: async (milliseconds) => {
			delays.push(milliseconds);
			onSleep(milliseconds);
		},
	};
}

/** Simulated time that moves only when told to. */
export function manualClock(start = Date.parse('2025-06-02T09:00:00Z')) {
	let now = start;
	return {
		now: () => now,
		advance: (milliseconds: number) => {
			now += milliseconds;
		},
	};
}

/** The Basic token n8n's ConnectWise credential sends. */
export function basicToken(login: { companyId: string; publicKey: string; privateKey: string }) {
	return Buffer.from(`${login.companyId}+${login.publicKey}:${login.privateKey}`).toString(
		'base64',
	);
}

/**
 * Keeps every error a test provoked, so that one final test can check that none of them, however
 * it is rendered, shows a credential.
 */
export class ErrorCollector {
	readonly errors: unknown[] = [];

	async rejectionOf(promise: Promise<unknown>): Promise<unknown> {
		const error = await promise.then(
			() => new Error('expected a rejection, the call succeeded'),
			(rejection: unknown) => rejection,
		);
		this.errors.push(error);
		return error;
	}

	/** Every (secret, rendering) pair in which a secret shows. */
	leaks(secrets: readonly string[]): Array<{ secret: string; rendering: string }> {
		return this.errors.flatMap((error) =>
			renderings(error).flatMap((rendering) =>
				secrets
					.filter((secret) => rendering.includes(secret))
					.map((secret) => ({ secret, rendering })),
			),
		);
	}
}

/** Every way an error is shown or logged. */
function renderings(error: unknown): string[] {
	const failure = error as Error;
	return [JSON.stringify(error), failure.message, String(error), failure.stack ?? ''];
}
