/**
 * ConnectWise's navigable paging: each page's `Link` header names the next one
 * (`<…&page=3>; rel="next"`) and leaves `next` out on the last page.
 */

/** rel → URL from an RFC 8288 `Link` header; URLs may hold commas, so split on `<…>` only. */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
	const links: Record<string, string> = {};
	for (const match of (header ?? '').matchAll(/<([^>]*)>([^<]*)/g)) {
		const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2])?.[1];
		for (const name of rel?.trim().toLowerCase().split(/\s+/) ?? []) links[name] = match[1];
	}
	return links;
}

export type NextPage = { kind: 'page'; page: number } | { kind: 'done' };

const anyBase = 'http://link.invalid';

function pageNumberOf(link: string): number | undefined {
	if (!URL.canParse(link, anyBase)) return undefined;
	const page = Number(new URL(link, anyBase).searchParams.get('page') ?? Number.NaN);
	return Number.isInteger(page) ? page : undefined;
}

/**
 * Which page to read after `page`. Only the page number is taken from the link: the next request
 * keeps this client's own host, conditions and fields, so a rewritten or truncated link can
 * neither send credentials elsewhere nor widen the query. Without any `Link` header, a full page
 * means there may be more; an empty page always ends the sweep.
 */
export function nextPage(
	linkHeader: string | undefined,
	page: number,
	received: number,
	pageSize: number,
): NextPage {
	if (received === 0) return { kind: 'done' };
	if (linkHeader === undefined || linkHeader.trim() === '') {
		return received >= pageSize ? { kind: 'page', page: page + 1 } : { kind: 'done' };
	}
	const next = parseLinkHeader(linkHeader).next;
	if (next === undefined) return { kind: 'done' };
	const linked = pageNumberOf(next);
	return { kind: 'page', page: linked !== undefined && linked > page ? linked : page + 1 };
}

/**
 * The page the `last` link names, when it lies beyond `page`: the pages up to it can be read side
 * by side instead of one after another. Like `next`, only its page number is used.
 */
export function lastPage(linkHeader: string | undefined, page: number): number | undefined {
	const last = parseLinkHeader(linkHeader).last;
	const linked = last === undefined ? undefined : pageNumberOf(last);
	return linked !== undefined && linked > page ? linked : undefined;
}
