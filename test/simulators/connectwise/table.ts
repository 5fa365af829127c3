/** Records by id, kept in ascending id order so that lists and forward-only paging need no sort. */
export class Table<T extends { id: number }> {
	private readonly byId = new Map<number, T>();
	private ordered: T[] = [];
	private highestId = 0;

	constructor(private readonly label: string) {}

	get size(): number {
		return this.ordered.length;
	}

	get(id: number): T | undefined {
		return this.byId.get(id);
	}

	all(): readonly T[] {
		return this.ordered;
	}

	nextId(): number {
		return this.highestId + 1;
	}

	insert(record: T): void {
		if (this.byId.has(record.id)) throw new Error(`Duplicate ${this.label} id ${record.id}`);
		this.byId.set(record.id, record);
		if (record.id > this.highestId) {
			this.ordered.push(record);
			this.highestId = record.id;
		} else {
			this.ordered.splice(this.indexOf(record.id), 0, record);
		}
	}

	replace(record: T): void {
		this.byId.set(record.id, record);
		this.ordered[this.indexOf(record.id)] = record;
	}

	remove(id: number): boolean {
		if (!this.byId.delete(id)) return false;
		this.ordered.splice(this.indexOf(id), 1);
		return true;
	}

	clear(): void {
		this.byId.clear();
		this.ordered = [];
		this.highestId = 0;
	}

	/** Position of `id`, or where it would be inserted. */
	private indexOf(id: number): number {
		let low = 0;
		let high = this.ordered.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.ordered[middle].id < id) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}
