/**
 * How a transcript keeps a body: credential values removed first (so that no cut can leave part
 * of one), then shortened to a size a support ticket can carry. Shortening keeps JSON as JSON
 * where it can, so that a transcript still shows the shape of what the API answered.
 */

import type { Redactor } from './secrets';

export interface Truncation {
	/** Length of the whole body as JSON text (or as the text it was). */
	originalChars: number;
	/** Items of a list body that were kept, and how many it had. */
	keptItems?: number;
	originalItems?: number;
}

export interface KeptBody {
	body: unknown;
	truncated?: Truncation;
}

/** Strings of a skeleton are cut to this: enough to recognise a value, its type unchanged. */
const skeletonStringChars = 80;

/**
 * The body with every credential value removed. Redacted as one JSON text rather than string by
 * string: a page of a thousand configurations holds tens of thousands of strings.
 */
export function redactedBody(body: unknown, redact: Redactor): unknown {
	if (typeof body === 'string') return redact(body);
	const text = redact(JSON.stringify(body));
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// Only a secret that itself contains JSON syntax can get here; the text is redacted all the same.
		return text;
	}
}

/**
 * The body if its JSON fits in `maxChars`; otherwise the leading items of a list that fit, a
 * skeleton (each list cut to its first item, long strings cut) that fits, or the text's start.
 */
export function shortenedBody(body: unknown, maxChars: number): KeptBody {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (text.length <= maxChars) return { body };
	const truncated: Truncation = { originalChars: text.length };
	if (Array.isArray(body)) {
		const kept = leadingItemsThatFit(body, maxChars);
		if (kept > 0) {
			return {
				body: body.slice(0, kept),
				truncated: { ...truncated, keptItems: kept, originalItems: body.length },
			};
		}
	}
	if (typeof body === 'object' && body !== null) {
		const outline = skeleton(body);
		if (JSON.stringify(outline).length <= maxChars) return { body: outline, truncated };
	}
	return { body: text.slice(0, maxChars), truncated };
}

function leadingItemsThatFit(items: readonly unknown[], maxChars: number): number {
	// The brackets, then each item with the comma before the next.
	let chars = 2;
	let kept = 0;
	for (const item of items) {
		chars += (JSON.stringify(item) ?? 'null').length + (kept > 0 ? 1 : 0);
		if (chars > maxChars) break;
		kept += 1;
	}
	return kept;
}

function skeleton(value: unknown): unknown {
	if (typeof value === 'string') {
		return value.length > skeletonStringChars ? `${value.slice(0, skeletonStringChars)}…` : value;
	}
	if (Array.isArray(value)) return value.slice(0, 1).map(skeleton);
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, skeleton(item)]));
	}
	return value;
}
