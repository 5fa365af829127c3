/** What a caller may ask of the ConnectWise PSA client's list reads. */
import type { CwConfiguration } from './schemas';

export interface ConfigurationQuery {
	conditions?: string;
	customFieldConditions?: string;
	/** Partial responses: only these fields (and always `id`) come back. */
	fields?: readonly string[];
	/** Defaults to `id asc`, so that pages stay stable while records are added. */
	orderBy?: string;
	/** Stop after this many configurations (editor searches). */
	limit?: number;
	/** Handed each page's rows as soon as it and every page before it are parsed. */
	onPage?: (rows: readonly CwConfiguration[]) => void;
}

/**
 * A query that may answer more than is wanted, and what to keep of its answer: conditions in the
 * documented forms cannot always say exactly what is meant.
 */
export interface ConfigurationLookup {
	query: ConfigurationQuery;
	keep: (configuration: CwConfiguration) => boolean;
}

export interface CompanyQuery {
	conditions?: string;
	orderBy?: string;
	/** Records per page, at most 1000. */
	pageSize?: number;
	/** Stop after this many companies. */
	limit?: number;
}

/** The most records ConnectWise returns in one page. */
export const maxPageSize = 1000;
