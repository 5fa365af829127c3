/** Seeded PRNG (mulberry32): the same seed yields the same synthetic tenants on every run. */
export interface Random {
	next(): number;
	integer(below: number): number;
	pick<Item>(items: readonly Item[]): Item;
}

export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
	const integer = (below: number) => Math.floor(next() * below);
	return { next, integer, pick: (items) => items[integer(items.length)] };
}

/** Fisher–Yates in place, drawn from `random`: the same seed gives the same order. */
export function shuffle<Item>(items: Item[], random: Random): Item[] {
	for (let index = items.length - 1; index > 0; index -= 1) {
		const other = random.integer(index + 1);
		[items[index], items[other]] = [items[other], items[index]];
	}
	return items;
}
