export type Memo = <Value>(key: string, compute: () => Promise<Value>) => Promise<Value>;

/**
 * One computation per key for the lifetime of the memo (an execution): later calls with the same
 * key share the first promise, its result or its failure, so a batch never repeats a read.
 */
export function createMemo(): Memo {
	const entries = new Map<string, Promise<unknown>>();
	return <Value>(key: string, compute: () => Promise<Value>) => {
		let entry = entries.get(key) as Promise<Value> | undefined;
		if (!entry) {
			entry = compute();
			entries.set(key, entry);
		}
		return entry;
	};
}
