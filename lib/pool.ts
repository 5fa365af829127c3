export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

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
			results[index] = await task(inputs[index]).then(
				(value) => ({ ok: true as const, value }),
				(error: unknown) => ({ ok: false as const, error }),
			);
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, worker);
	await Promise.all(workers);
	return results;
}
