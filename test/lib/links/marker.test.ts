import {
	agentMarkerQuery,
	formatMarker,
	linkCaptionProblem,
	linkFieldsForCreate,
	markerLookup,
	markerQuery,
	parseMarker,
	planLinkWrite,
	type LinkStore,
	type MirrorState,
	type StoredLink,
} from '../../../lib/links/marker';
import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import {
	CONDITION_GRAMMARS,
	customFieldFormProblem,
	parseConditions,
} from '../../simulators/connectwise';

const device = { agentId: 12, deviceId: 345 };
const customField: LinkStore = { kind: 'customField', caption: 'Domotz Link' };
const deviceIdentifier: LinkStore = { kind: 'deviceIdentifier' };

describe('link marker forms', () => {
	it.each<[MirrorState, string]>([
		['confirmed', 'domotz:12/345'],
		['pending', 'domotz:12/345 (mirror pending)'],
	])('formats the %s form as %s, and parses it back', (mirror, text) => {
		expect(formatMarker(device, mirror)).toBe(text);
		expect(parseMarker(text)).toEqual({ kind: 'device', device, mirror });
	});

	it('formats the confirmed form when no state is given', () => {
		expect(formatMarker(device)).toBe('domotz:12/345');
	});

	it.each<[unknown, StoredLink]>([
		['  domotz:12/345  ', { kind: 'device', device, mirror: 'confirmed' }],
		['DOMOTZ:12/345 (Mirror Pending)', { kind: 'device', device, mirror: 'pending' }],
		['domotz:12/345(mirror pending)', { kind: 'device', device, mirror: 'pending' }],
		['domotz:12/345 (mirror)', { kind: 'foreign', value: 'domotz:12/345 (mirror)' }],
		['domotz:12/345 pending', { kind: 'foreign', value: 'domotz:12/345 pending' }],
		['(mirror pending)', { kind: 'foreign', value: '(mirror pending)' }],
		['', { kind: 'none' }],
		[null, { kind: 'none' }],
		[42, { kind: 'none' }],
	])('reads %j as %j', (raw, expected) => {
		expect(parseMarker(raw)).toEqual(expected);
	});
});

describe('link marker writes', () => {
	const carrier = {
		customFields: [
			{ id: 7, caption: 'Other', value: 'kept' },
			{ id: 41, caption: 'Domotz Link', value: 'domotz:12/345 (mirror pending)' },
		],
	};

	it.each<[string, Parameters<typeof planLinkWrite>[2], string | null]>([
		['confirms a pending marker', { device, mirror: 'confirmed' }, 'domotz:12/345'],
		['writes the pending form', { device, mirror: 'pending' }, 'domotz:12/345 (mirror pending)'],
		['clears a pending marker', null, null],
	])('%s in the custom field, keeping the other fields', (_what, link, value) => {
		expect(planLinkWrite(carrier, customField, link)).toEqual({
			kind: 'patch',
			operations: [
				{
					op: 'replace',
					path: 'customFields',
					value: [carrier.customFields[0], { ...carrier.customFields[1], value }],
				},
			],
		});
	});

	it('clears a pending marker in Device Identifier', () => {
		expect(
			planLinkWrite({ deviceIdentifier: 'domotz:12/345 (mirror pending)' }, deviceIdentifier, null),
		).toEqual({
			kind: 'patch',
			operations: [{ op: 'replace', path: 'deviceIdentifier', value: '' }],
		});
	});

	it.each<[LinkStore, MirrorState, Record<string, unknown>]>([
		[
			customField,
			'pending',
			{ customFields: [{ id: 41, value: 'domotz:12/345 (mirror pending)' }] },
		],
		[customField, 'confirmed', { customFields: [{ id: 41, value: 'domotz:12/345' }] }],
		[deviceIdentifier, 'pending', { deviceIdentifier: 'domotz:12/345 (mirror pending)' }],
		[deviceIdentifier, 'confirmed', { deviceIdentifier: 'domotz:12/345' }],
	])('creates with the %j store and the %s marker', (store, mirror, fields) => {
		expect(linkFieldsForCreate(store, device, 41, mirror)).toEqual(fields);
	});
});

/** Whether a query is in the forms the strict simulator reads, customFieldConditions included. */
function documented(query: Record<string, string | undefined>): boolean {
	return Object.entries(query).every(([parameter, text]) => {
		const parsed = parseConditions(text ?? '', CONDITION_GRAMMARS.documented);
		if (!parsed.ok) return false;
		return parameter !== 'customFieldConditions' || !customFieldFormProblem(parsed.condition);
	});
}

describe('link marker queries', () => {
	it.each<[LinkStore, Record<string, string>]>([
		[
			customField,
			{ customFieldConditions: 'caption = "Domotz Link" AND value like "domotz:12/345*"' },
		],
		[deviceIdentifier, { conditions: 'deviceIdentifier like "domotz:12/345*"' }],
	])('finds a device marker in either form with one documented pattern, %j', (store, query) => {
		expect(markerQuery(store, device)).toEqual(query);
		expect(documented(query)).toBe(true);
	});

	const carrying = (value: string): CwConfiguration => ({
		id: 1,
		deviceIdentifier: value,
		customFields: [{ id: 41, caption: 'Domotz Link', value }],
	});

	it.each<[string, boolean]>([
		['domotz:12/345', true],
		['domotz:12/345 (mirror pending)', true],
		['domotz:12/3456', false],
		['domotz:12/345 (mirror)', false],
		['domotz:12/34', false],
	])('keeps %j of what the pattern answers: %s', (value, kept) => {
		for (const store of [customField, deviceIdentifier]) {
			expect(markerLookup(store, device).keep(carrying(value))).toBe(kept);
		}
	});

	it.each<[LinkStore, Record<string, string>]>([
		[
			customField,
			{ customFieldConditions: 'caption = "Domotz Link" AND value like "domotz:12/*"' },
		],
		[deviceIdentifier, { conditions: 'deviceIdentifier like "domotz:12/*"' }],
	])('finds every marker of an agent, in either form, with one pattern, %j', (store, query) => {
		expect(agentMarkerQuery(store, 12)).toEqual(query);
		expect(documented(query)).toBe(true);
	});
});

describe('link field caption', () => {
	it.each<[string, string | undefined]>([
		['Domotz Link', undefined],
		['x'.repeat(25), undefined],
		['x'.repeat(26), `"${'x'.repeat(26)}" has 26 characters; ConnectWise accepts at most 25`],
		[
			'Domotz "Link"',
			'"Domotz "Link"" contains a double quote or a backslash, which no ConnectWise query can hold',
		],
		[
			'Domotz\\Link',
			'"Domotz\\Link" contains a double quote or a backslash, which no ConnectWise query can hold',
		],
		['  ', 'is empty'],
	])('%j: %s', (caption, problem) => {
		expect(linkCaptionProblem(caption)).toBe(problem);
	});
});
