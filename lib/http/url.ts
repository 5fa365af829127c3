/** A numeric record id as a path segment; anything but a whole number >= 0 is a caller bug. */
export function idSegment(id: number, what: string): string {
	if (!Number.isSafeInteger(id) || id < 0) {
		throw new TypeError(`${what} must be a non-negative whole number, got ${String(id)}`);
	}
	return String(id);
}

/** A free-text key as one path segment (a `/` in it must not open a new segment). */
export function textSegment(value: string, what: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new TypeError(`${what} must be a non-empty string`);
	}
	return encodeURIComponent(value);
}

/** Parses an absolute http(s) URL; `undefined` for anything else. */
export function parseHttpUrl(text: string): URL | undefined {
	if (!URL.canParse(text)) return undefined;
	const url = new URL(text);
	return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
		? url
		: undefined;
}
