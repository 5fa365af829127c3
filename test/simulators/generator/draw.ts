import { seededRandom } from '../common/random';

/** Seeded choices; every draw advances one stream, so the same seed gives the same tenant. */
export interface Draw {
	/** An integer in [min, max]. */
	integer(min: number, max: number): number;
	chance(probability: number): boolean;
	pick<Item>(items: readonly Item[]): Item;
	weighted<Item extends { weight: number }>(items: readonly Item[]): Item;
	/** A shuffled copy. */
	shuffled<Item>(items: readonly Item[]): Item[];
	characters(alphabet: string, length: number): string;
}

export function createDraw(seed: number): Draw {
	const next = seededRandom(seed);
	const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		integer,
		chance: (probability) => next() < probability,
		pick: (items) => {
			if (items.length === 0) throw new Error('Cannot pick from an empty list');
			return items[integer(0, items.length - 1)];
		},
		weighted: (items) => {
			const total = items.reduce((sum, item) => sum + item.weight, 0);
			let point = next() * total;
			for (const item of items) {
				point -= item.weight;
				if (point < 0) return item;
			}
			return items[items.length - 1];
		},
		shuffled: (items) => {
			const copy = [...items];
			for (let index = copy.length - 1; index > 0; index -= 1) {
				const other = integer(0, index);
				[copy[index], copy[other]] = [copy[other], copy[index]];
			}
			return copy;
		},
		characters: (alphabet, length) =>
			Array.from({ length }, () => alphabet[integer(0, alphabet.length - 1)]).join(''),
	};
}
