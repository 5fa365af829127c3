/**
 * List endpoints (reference §2.5, §2.6): `conditions`, `customFieldConditions`, `childConditions`,
 * `orderBy`, `fields`, navigable paging with a `Link` header, forward-only paging, and `/count`.
 */
import type { SimRequest, SimResponse } from '../common/http-simulator';
import {
	caseInsensitiveReader,
	compileCondition,
	compileConditions,
	type ConditionGrammar,
	customFieldFormProblem,
	type FieldReader,
	type FieldResolver,
	parseConditions,
} from './conditions';
import { errorResponse, invalidParameter, type Outcome } from './errors';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

/** A collection as list endpoints see it. Entries are in ascending id order. */
export interface ListView<E> {
	entries(): readonly E[];
	idOf(entry: E): number;
	/** The object conditions and `orderBy` read (API-shaped, `_info` included). */
	dataOf(entry: E): unknown;
	/** Whether the resource has this top-level field (lower-case name). */
	hasField(lowerCaseName: string): boolean;
	/**
	 * How conditions read a field the resource has, when not as any other field: `ignored` when
	 * the server accepts comparisons on it but does not filter by them.
	 */
	conditionField?(lowerCaseName: string): 'ignored' | undefined;
	/** Whether `childConditions` may search this array field (lower-case name). */
	hasArrayField(lowerCaseName: string): boolean;
	/** Elements of an array field, for `childConditions`; `customFields` feeds `customFieldConditions`. */
	childrenOf(entry: E, lowerCaseField: string): readonly unknown[] | undefined;
	/** `only`: the lower-cased top-level fields a projection keeps; the others may be left out. */
	render(entry: E, only?: ReadonlySet<string>): Record<string, unknown>;
	/** Where a collection whose records are never changed in place keeps its recent selections. */
	selections?: SelectionCache<E>;
}

/** Selections kept per collection: a sweep, and a lookup or two made while it runs. */
const KEPT_SELECTIONS = 4;

/**
 * The records recent queries selected (filtered and ordered), so that the following pages of a
 * sweep do not filter and order the whole collection again: a page of 1000 out of 25,000 records
 * then costs its own rendering only. A selection is reused only while the collection holds the
 * very same records in the same order; a write replaces a record, never changes it in place, so
 * the same records select and order the same way.
 */
export class SelectionCache<E> {
	private kept: Array<{ key: string; records: readonly E[]; selected: readonly E[] }> = [];

	select(key: string, records: readonly E[], compute: () => readonly E[]): readonly E[] {
		const found = this.kept.find(
			(selection) => selection.key === key && sameRecords(selection.records, records),
		);
		if (found) return found.selected;
		const selected = compute();
		this.kept = [{ key, records: [...records], selected }, ...this.kept].slice(0, KEPT_SELECTIONS);
		return selected;
	}
}

function sameRecords<E>(kept: readonly E[], records: readonly E[]): boolean {
	if (kept.length !== records.length) return false;
	for (let index = 0; index < records.length; index += 1) {
		if (kept[index] !== records[index]) return false;
	}
	return true;
}

/**
 * What a selection depends on besides the records: `conditions` and `orderBy`. Custom-field and
 * child conditions also read the custom field definitions, so their selections are not kept.
 */
function selectionKey(request: SimRequest): string | undefined {
	const { query } = request;
	if (query.get('customFieldConditions')?.trim() || query.get('childConditions')?.trim()) {
		return undefined;
	}
	return JSON.stringify([query.get('conditions') ?? '', query.get('orderBy') ?? '']);
}

type Paging =
	| { mode: 'navigable'; page: number; pageSize: number }
	| { mode: 'forwardOnly'; pageId: number; pageSize: number };

type EntryFilter<E> = (entry: E) => boolean;

const CUSTOM_FIELD_KEYS = new Set([
	'id',
	'caption',
	'type',
	'entrymethod',
	'numberofdecimals',
	'value',
	'connectwiseid',
	'rownum',
	'userdefinedfieldrecid',
	'podid',
]);

/** `lastUpdated` in conditions means `_info/lastUpdated` on every resource (DG example). */
export function fieldResolver<E>(view: ListView<E>): FieldResolver {
	return (path) => {
		const head = path[0].toLowerCase();
		if (head === 'lastupdated' && path.length === 1) {
			return caseInsensitiveReader(['_info', 'lastUpdated']);
		}
		if (!view.hasField(head)) return undefined;
		return view.conditionField?.(head) ?? caseInsensitiveReader(path);
	};
}

const customFieldResolver: FieldResolver = (path) =>
	path.length === 1 && CUSTOM_FIELD_KEYS.has(path[0].toLowerCase())
		? caseInsensitiveReader(path)
		: undefined;

/** customFieldConditions, in the form the grammar allows them. */
function customFieldPredicate(
	text: string,
	grammar: ConditionGrammar,
): { ok: true; predicate: (customField: unknown) => boolean } | { ok: false; message: string } {
	const parsed = parseConditions(text, grammar);
	if (!parsed.ok) return { ok: false, message: parsed.message };
	const formProblem = grammar.freeCustomFieldConditions
		? undefined
		: customFieldFormProblem(parsed.condition);
	if (formProblem) return { ok: false, message: formProblem };
	return compileCondition(parsed.condition, customFieldResolver);
}

function parseInteger(text: string): number | undefined {
	return /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

function parsePaging(request: SimRequest): Outcome<Paging> {
	const rawPageSize = request.query.get('pageSize');
	const pageSize = rawPageSize === null ? DEFAULT_PAGE_SIZE : parseInteger(rawPageSize);
	if (pageSize === undefined || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		return {
			ok: false,
			response: invalidParameter(
				'pageSize',
				'OutOfRange',
				`The field pageSize must be between 1 and ${MAX_PAGE_SIZE}.`,
			),
		};
	}
	const paginationType = String(request.headers['pagination-type'] ?? '').toLowerCase();
	if (paginationType === 'forward-only') {
		if (request.query.has('orderBy')) {
			return {
				ok: false,
				response: errorResponse(
					400,
					'InvalidObject',
					'orderBy is not supported with forward-only pagination; results are ordered by id.',
				),
			};
		}
		const rawPageId = request.query.get('pageId');
		const pageId = rawPageId === null ? 0 : parseInteger(rawPageId);
		if (pageId === undefined) {
			return {
				ok: false,
				response: invalidParameter('pageId', 'OutOfRange', 'The field pageId must be a record id.'),
			};
		}
		return { ok: true, value: { mode: 'forwardOnly', pageId, pageSize } };
	}
	const rawPage = request.query.get('page');
	const page = rawPage === null ? 1 : parseInteger(rawPage);
	if (page === undefined || page < 1) {
		return {
			ok: false,
			response: invalidParameter('page', 'OutOfRange', 'The field page must be greater than 0.'),
		};
	}
	return { ok: true, value: { mode: 'navigable', page, pageSize } };
}

function conditionError(parameter: string, message: string): SimResponse {
	return invalidParameter(parameter, 'InvalidCondition', message);
}

/** Combines `conditions`, `customFieldConditions` and `childConditions` into one entry filter. */
export function buildFilter<E>(
	view: ListView<E>,
	query: URLSearchParams,
	grammar: ConditionGrammar,
): Outcome<EntryFilter<E> | undefined> {
	const filters: Array<EntryFilter<E>> = [];

	const conditions = query.get('conditions')?.trim();
	if (conditions) {
		const compiled = compileConditions(conditions, fieldResolver(view), grammar);
		if (!compiled.ok)
			return { ok: false, response: conditionError('conditions', compiled.message) };
		const predicate = compiled.predicate;
		filters.push((entry) => predicate(view.dataOf(entry)));
	}

	const customFieldConditions = query.get('customFieldConditions')?.trim();
	if (customFieldConditions) {
		const compiled = customFieldPredicate(customFieldConditions, grammar);
		if (!compiled.ok) {
			return { ok: false, response: conditionError('customFieldConditions', compiled.message) };
		}
		const predicate = compiled.predicate;
		filters.push((entry) => (view.childrenOf(entry, 'customfields') ?? []).some(predicate));
	}

	const childConditions = query.get('childConditions')?.trim();
	if (childConditions) {
		const arrays = new Set<string>();
		const compiled = compileConditions(
			childConditions,
			(path): FieldReader | undefined => {
				if (path.length < 2) return undefined;
				arrays.add(path[0].toLowerCase());
				return caseInsensitiveReader(path.slice(1));
			},
			grammar,
		);
		if (!compiled.ok)
			return { ok: false, response: conditionError('childConditions', compiled.message) };
		const [array] = [...arrays];
		if (arrays.size !== 1 || !view.hasArrayField(array)) {
			return {
				ok: false,
				response: conditionError(
					'childConditions',
					'childConditions must all refer to the same array field of the resource',
				),
			};
		}
		const predicate = compiled.predicate;
		filters.push((entry) => (view.childrenOf(entry, array) ?? []).some(predicate));
	}

	if (filters.length === 0) return { ok: true, value: undefined };
	if (filters.length === 1) return { ok: true, value: filters[0] };
	return { ok: true, value: (entry) => filters.every((filter) => filter(entry)) };
}

type Comparator<E> = (left: E, right: E) => number;

const ORDER_TERM = /^([A-Za-z_][A-Za-z0-9_/]*)(?:\s+(asc|desc))?$/i;

function parseOrderBy<E>(view: ListView<E>, text: string): Outcome<Comparator<E>> {
	const resolve = fieldResolver(view);
	const keys: Array<{ read: FieldReader; direction: number }> = [];
	for (const term of text.split(',').map((part) => part.trim())) {
		const match = ORDER_TERM.exec(term);
		const resolved = match ? resolve(match[1].split('/')) : undefined;
		const read = typeof resolved === 'function' ? resolved : undefined;
		if (!match || !read) {
			return {
				ok: false,
				response: invalidParameter('orderBy', 'InvalidField', `Cannot order by '${term}'.`),
			};
		}
		keys.push({ read, direction: match[2]?.toLowerCase() === 'desc' ? -1 : 1 });
	}
	return {
		ok: true,
		value: (left, right) => {
			for (const { read, direction } of keys) {
				const order = compareForSort(read(view.dataOf(left)), read(view.dataOf(right)));
				if (order !== 0) return order * direction;
			}
			return 0;
		},
	};
}

/** SQL Server order: nulls first, then numbers, booleans and case-insensitive text. */
function compareForSort(left: unknown, right: unknown): number {
	const leftMissing = left === undefined || left === null;
	const rightMissing = right === undefined || right === null;
	if (leftMissing || rightMissing) return Number(rightMissing) - Number(leftMissing);
	if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
	if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
	const leftText = String(left).toLowerCase();
	const rightText = String(right).toLowerCase();
	if (leftText === rightText) return 0;
	return leftText < rightText ? -1 : 1;
}

/** `fields=id,name,type/name` keeps only those paths; field names match without regard to case. */
export function projectFields(
	record: Record<string, unknown>,
	fields: string | null,
): Record<string, unknown> {
	return compileProjection(fields).project(record);
}

/**
 * The `fields` list parsed once for a whole page, not once per record. Each object the paths pass
 * through has its keys lower-cased once, not once per path.
 */
function compileProjection(fields: string | null): {
	/** The lower-cased top-level fields kept; undefined when all are. */
	topLevel?: ReadonlySet<string>;
	project: (record: Record<string, unknown>) => Record<string, unknown>;
} {
	if (!fields?.trim()) return { project: (record) => record };
	const paths = fields
		.split(',')
		.map((field) => field.trim())
		.filter(Boolean)
		.map((field) => field.split('/').map((segment) => segment.toLowerCase()));
	const project = (record: Record<string, unknown>) => {
		const keysOf = new Map<object, Map<string, string>>();
		const keyWithoutCase = (source: Record<string, unknown>, lowerCaseName: string) => {
			let keys = keysOf.get(source);
			if (!keys) {
				keys = firstKeysWithoutCase(source);
				keysOf.set(source, keys);
			}
			return keys.get(lowerCaseName);
		};
		const projected: Record<string, unknown> = {};
		for (const path of paths) copyPath(record, projected, path, keyWithoutCase);
		return projected;
	};
	return { topLevel: new Set(paths.map(([first]) => first)), project };
}

/** Each lower-cased key of `source` with its first spelling in `Object.keys` order. */
function firstKeysWithoutCase(source: Record<string, unknown>): Map<string, string> {
	const keys = new Map<string, string>();
	for (const key of Object.keys(source)) {
		const lowerCase = key.toLowerCase();
		if (!keys.has(lowerCase)) keys.set(lowerCase, key);
	}
	return keys;
}

function copyPath(
	record: Record<string, unknown>,
	projected: Record<string, unknown>,
	path: readonly string[],
	keyWithoutCase: (source: Record<string, unknown>, lowerCaseName: string) => string | undefined,
): void {
	let source = record;
	let target = projected;
	for (let depth = 0; depth < path.length; depth += 1) {
		const key = keyWithoutCase(source, path[depth]);
		if (key === undefined) return;
		const value = source[key];
		if (depth === path.length - 1) {
			target[key] = value;
			return;
		}
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
		const existing = target[key];
		const nested =
			typeof existing === 'object' && existing !== null
				? (existing as Record<string, unknown>)
				: {};
		target[key] = nested;
		source = value as Record<string, unknown>;
		target = nested;
	}
}

function pageUrl(publicBase: string, request: SimRequest, changes: Record<string, string>): string {
	const params = new URLSearchParams(request.query);
	for (const [name, value] of Object.entries(changes)) params.set(name, value);
	return `${publicBase}${request.url.pathname}?${params.toString()}`;
}

/** RFC 5988 `Link` with first/prev/next/last; rels that do not apply are left out. */
function navigableLink(
	publicBase: string,
	request: SimRequest,
	page: number,
	lastPage: number,
): string {
	const rels: Array<[string, number]> = [];
	if (page > 1) rels.push(['first', 1], ['prev', Math.min(page - 1, lastPage)]);
	if (page < lastPage) rels.push(['next', page + 1], ['last', lastPage]);
	return rels
		.map(
			([rel, target]) =>
				`<${pageUrl(publicBase, request, { page: String(target) })}>; rel="${rel}"`,
		)
		.join(', ');
}

/**
 * Answers a list request. Work is one pass over the collection for the filter (stopping early in
 * forward-only mode) plus rendering of the returned page only.
 */
export function listResponse<E>(
	view: ListView<E>,
	request: SimRequest,
	publicBase: string,
	grammar: ConditionGrammar,
): SimResponse {
	const paging = parsePaging(request);
	if (!paging.ok) return paging.response;
	const filter = buildFilter(view, request.query, grammar);
	if (!filter.ok) return filter.response;
	const orderBy = request.query.get('orderBy')?.trim();
	const comparator = orderBy ? parseOrderBy(view, orderBy) : undefined;
	if (comparator && !comparator.ok) return comparator.response;

	const headers: Record<string, string> = {};
	let pageEntries: readonly E[];
	if (paging.value.mode === 'forwardOnly') {
		const { pageId, pageSize } = paging.value;
		pageEntries = forwardOnlyPage(view, filter.value, pageId, pageSize);
		const last = pageEntries.at(-1);
		// A full page may have a successor; the client learns the end from a page that is not full.
		headers.Link =
			pageEntries.length === pageSize && last !== undefined
				? `<${pageUrl(publicBase, request, { pageId: String(view.idOf(last)) })}>; rel="next"`
				: '';
	} else {
		const { page, pageSize } = paging.value;
		const select = (): readonly E[] => {
			const matching = filter.value ? view.entries().filter(filter.value) : view.entries();
			return comparator?.ok && !isOrdered(matching, comparator.value)
				? [...matching].sort(comparator.value)
				: matching;
		};
		const key = selectionKey(request);
		const ordered =
			view.selections && key !== undefined
				? view.selections.select(key, view.entries(), select)
				: select();
		const lastPage = Math.max(1, Math.ceil(ordered.length / pageSize));
		pageEntries = ordered.slice((page - 1) * pageSize, page * pageSize);
		const link = navigableLink(publicBase, request, page, lastPage);
		if (link) headers.Link = link;
	}
	const projection = compileProjection(request.query.get('fields'));
	return {
		status: 200,
		headers,
		body: pageEntries.map((entry) => projection.project(view.render(entry, projection.topLevel))),
	};
}

/**
 * Whether `entries` already are in `compare` order. The sort is stable, so it would leave them as
 * they are: lists are kept in id order, and `orderBy=id asc` then costs one pass, not a sort.
 */
function isOrdered<E>(entries: readonly E[], compare: Comparator<E>): boolean {
	for (let index = 1; index < entries.length; index += 1) {
		if (compare(entries[index - 1], entries[index]) > 0) return false;
	}
	return true;
}

function forwardOnlyPage<E>(
	view: ListView<E>,
	filter: EntryFilter<E> | undefined,
	pageId: number,
	pageSize: number,
): E[] {
	const entries = view.entries();
	const page: E[] = [];
	for (let index = firstIdAfter(view, entries, pageId); index < entries.length; index += 1) {
		const entry = entries[index];
		if (filter && !filter(entry)) continue;
		page.push(entry);
		if (page.length === pageSize) break;
	}
	return page;
}

/** Binary search: entries are in ascending id order, so `id > pageId` starts at one index. */
function firstIdAfter<E>(view: ListView<E>, entries: readonly E[], pageId: number): number {
	let low = 0;
	let high = entries.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (view.idOf(entries[middle]) <= pageId) low = middle + 1;
		else high = middle;
	}
	return low;
}

export function countResponse<E>(
	view: ListView<E>,
	request: SimRequest,
	grammar: ConditionGrammar,
): SimResponse {
	const filter = buildFilter(view, request.query, grammar);
	if (!filter.ok) return filter.response;
	const count = filter.value
		? view.entries().reduce((total, entry) => total + (filter.value?.(entry) ? 1 : 0), 0)
		: view.entries().length;
	return { status: 200, body: { count } };
}
