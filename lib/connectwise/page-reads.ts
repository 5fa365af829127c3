/**
 * Rows of a page, read before they are parsed, and pages requested together: the pieces of the
 * client's paged reads that need no client.
 */
import type { ApiAnswer } from '../http/executor';

/** Rows in a decoded page body, before it is parsed. */
export function rowsIn(body: unknown): number {
	return Array.isArray(body) ? body.length : 0;
}

/**
 * Pages `first` to `last`, requested together; each settles on its own, so that none is left
 * rejected while another is awaited or parsed.
 */
export function readTogether(
	read: (page: number) => Promise<ApiAnswer>,
	first: number,
	last: number,
): Array<Promise<PromiseSettledResult<ApiAnswer>>> {
	return Array.from({ length: last - first + 1 }, (_, index) =>
		read(first + index).then(
			(value) => ({ status: 'fulfilled', value }) as const,
			(reason: unknown) => ({ status: 'rejected', reason }) as const,
		),
	);
}

export async function answerOf(
	pending: Promise<PromiseSettledResult<ApiAnswer>>,
): Promise<ApiAnswer> {
	const outcome = await pending;
	if (outcome.status === 'rejected') throw outcome.reason;
	return outcome.value;
}
