/** Shared pieces of the client integration tests: sleeps that never wait, clocks, error capture. */

export { basicToken } from '../../support/fetch-port';
export { manualClock, recordingSleep } from '../../support/time';

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
