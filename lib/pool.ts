export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise's value or its error, so that one failure is an outcome rather than a throw. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

/**
 * Runs `task` over every input with at most `concurrency` in flight and settles each one: a
 * failure is reported for its input and never stops the others.
 */
export async function settleAll<Input, Output>(
	inputs: readonly Input[],
	concurrency: number,
	task: (input: Input) => Promise<Output>,
): Promise<Array<Settled<Output>>> {
	const results: Array<Settled<Output>> = new Array(inputs.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await settle(task(inputs[index]));
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, worker);
	await Promise.all(workers);
	return results;
}
