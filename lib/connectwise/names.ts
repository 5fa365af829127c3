/**
 * How a name is looked up among ConnectWise's records (manufacturers, sites, custom field
 * captions): without case, outer spaces or runs of spaces.
 */
export function lookupKey(name: string | null | undefined): string {
	return (name ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}
