/**
 * What the readers of the match keys share: the list of values a field gave and what it dropped,
 * and how a field of one or more raw values is split into tokens and collected.
 */

/** Every usable canonical value of a field (in first-seen order, no repeats) and what was dropped. */
export interface AddressList<Reason extends string> {
	usable: string[];
	rejected: Array<{ raw: string; reason: Reason }>;
}

export type RawValues = string | null | undefined | ReadonlyArray<string | null | undefined>;

export type Reading<Reason extends string> =
	| { kind: 'usable'; value: string }
	| { kind: 'rejected'; reason: Reason; raw: string };

/** Beyond this many values a field's repeats are found with a set rather than by scanning. */
const SCANNED_VALUES = 8;

/** Where a token reader puts what it read. */
export interface ReadingSink<Found> {
	push(reading: Found): void;
}

/**
 * The usable values (each once) and the rejections of some fields, in the order read. A list is
 * made at its final size when it gets its first entry: most fields hold one value, and an empty
 * list grown by `push` reserves room for 17, which across 100,000 records was most of what
 * normalising allocated.
 */
class AddressCollector<Reason extends string> implements ReadingSink<Reading<Reason>> {
	private usable: string[] | undefined;
	private rejected: Array<{ raw: string; reason: Reason }> | undefined;
	private seen: Set<string> | undefined;

	push(reading: Reading<Reason>): void {
		if (reading.kind === 'rejected') {
			const rejection = { raw: reading.raw, reason: reading.reason };
			if (this.rejected) this.rejected.push(rejection);
			else this.rejected = [rejection];
			return;
		}
		const { value } = reading;
		if (!this.usable) {
			this.usable = [value];
			return;
		}
		if (this.seen === undefined && this.usable.length >= SCANNED_VALUES) {
			this.seen = new Set(this.usable);
		}
		if (this.seen ? this.seen.has(value) : this.usable.includes(value)) return;
		this.seen?.add(value);
		this.usable.push(value);
	}

	list(): AddressList<Reason> {
		return { usable: this.usable ?? [], rejected: this.rejected ?? [] };
	}
}

/**
 * Reads every field with `readToken` after splitting it at `separators`, keeping each usable value
 * once. Plain loops and no split when a field holds one token: this runs for every device and
 * configuration.
 */
export function collect<Reason extends string, Found extends Reading<Reason>>(
	raws: RawValues,
	separators: RegExp,
	readToken: (token: string, readings: ReadingSink<Found>) => void,
): AddressList<Reason> {
	const collector = new AddressCollector<Reason>();
	if (typeof raws === 'string') readField(raws, separators, readToken, collector);
	else if (raws != null)
		for (const field of raws) readField(field, separators, readToken, collector);
	return collector.list();
}

function readField<Found>(
	field: string | null | undefined,
	separators: RegExp,
	readToken: (token: string, readings: ReadingSink<Found>) => void,
	readings: ReadingSink<Found>,
): void {
	if (typeof field !== 'string') return;
	const text = field.trim();
	if (text === '') return;
	if (!separators.test(text)) {
		readToken(text, readings);
		return;
	}
	for (const token of text.split(separators)) {
		if (token !== '') readToken(token, readings);
	}
}
