/**
 * Domotz signs nothing: a webhook proves it comes from the profile the user set up only by a
 * secret the user put into the profile's webhook URL (a query token) or headers.
 */

/**
 * Whether the presented value is the secret. Compares every character whatever the first
 * difference, so the time taken tells nothing of how much of a guess was right. An empty secret
 * matches nothing.
 */
export function secretMatches(secret: string, presented: string | undefined): boolean {
	if (secret === '' || presented === undefined) return false;
	const expected = new TextEncoder().encode(secret);
	const given = new TextEncoder().encode(presented);
	let difference = expected.length ^ given.length;
	for (let index = 0; index < expected.length; index++) {
		difference |= expected[index] ^ (given[index % Math.max(given.length, 1)] ?? 0);
	}
	return difference === 0;
}
