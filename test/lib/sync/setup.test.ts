import type { CwManufacturer } from '../../../lib/connectwise/schemas';
import type { DomotzInventoryField } from '../../../lib/domotz/schemas';
import { ApiError, UncertainWriteError, type ApiName } from '../../../lib/http/errors';
import { domotzLinkInventoryField } from '../../../lib/links/marker';
import { ensureMirrorField } from '../../../lib/links/setup';
import { prepareManufacturers } from '../../../lib/sync/manufacturers';
import type { SyncClients } from '../../../lib/clients';

const request = (api: ApiName) => ({ api, method: 'POST', path: '/' });
const uncertain = (api: ApiName, status: number) =>
	new UncertainWriteError(request(api), `the server answered ${status}`, { status });
const refused = (api: ApiName, status: number, message: string) =>
	new ApiError({ request: request(api), status, message });

/** What each create answers, and whether each lookup after a failure finds the record, in turn. */
interface Script {
	creates: Array<Error | 'created'>;
	lookups: boolean[];
}

describe('prepareManufacturers, creating a missing manufacturer', () => {
	const made: CwManufacturer = { id: 31, name: 'Ubiquiti' };

	function connectWise(script: Script) {
		const counts = { created: 0, looked: 0 };
		const connectwise = {
			createManufacturer: async (): Promise<CwManufacturer> => {
				const answer = script.creates[counts.created++];
				if (answer === 'created') return made;
				throw answer;
			},
			listManufacturers: async (): Promise<CwManufacturer[]> =>
				script.lookups[counts.looked++] ? [made] : [],
		};
		return { clients: { connectwise } as unknown as SyncClients, counts };
	}

	const cw = 'ConnectWise PSA';

	it.each<[string, Script, { created: number; looked: number; made: boolean }]>([
		['made at once', { creates: ['created'], lookups: [] }, { created: 1, looked: 0, made: true }],
		[
			'refused with 503 and absent: made by the second create',
			{ creates: [uncertain(cw, 503), 'created'], lookups: [false] },
			{ created: 2, looked: 1, made: true },
		],
		[
			'answered 504 and absent: sent again, the name being unique',
			{ creates: [uncertain(cw, 504), 'created'], lookups: [false] },
			{ created: 2, looked: 1, made: true },
		],
		[
			'made, but its answer lost',
			{ creates: [uncertain(cw, 502)], lookups: [true] },
			{ created: 1, looked: 1, made: true },
		],
		[
			'refused because another run made it',
			{ creates: [refused(cw, 400, 'The name field must be unique.')], lookups: [true] },
			{ created: 1, looked: 1, made: true },
		],
		[
			'refused for what it is, never sent again',
			{ creates: [refused(cw, 403, 'no permission')], lookups: [false] },
			{ created: 1, looked: 1, made: false },
		],
		[
			'uncertain three times',
			{
				creates: [uncertain(cw, 503), uncertain(cw, 503), uncertain(cw, 503)],
				lookups: [false, false, false],
			},
			{ created: 3, looked: 3, made: false },
		],
	])('%s', async (_case, script, expected) => {
		const { clients, counts } = connectWise(script);
		const setup = await prepareManufacturers(clients, [], ['Ubiquiti'], true);
		expect(counts).toEqual({ created: expected.created, looked: expected.looked });
		expect(setup.lookup.get('ubiquiti')).toEqual(expected.made ? made : undefined);
		expect(setup.created).toEqual(expected.made ? ['Ubiquiti'] : []);
		expect(setup.failed.map((failure) => failure.name)).toEqual(expected.made ? [] : ['Ubiquiti']);
	});
});

describe('ensureMirrorField', () => {
	const mirrorField: DomotzInventoryField = {
		key: domotzLinkInventoryField.key,
		label: domotzLinkInventoryField.label,
	};

	/** `present` answers the first listing; after that each listing follows `lookups`. */
	function domotz(present: boolean, script: Script) {
		const counts = { created: 0, listed: 0 };
		const fields = (found: boolean) => (found ? [mirrorField] : [{ key: 'asset_tag' }]);
		const client = {
			listInventoryFields: async (): Promise<DomotzInventoryField[]> => {
				counts.listed += 1;
				return fields(counts.listed === 1 ? present : script.lookups[counts.listed - 2]);
			},
			createInventoryField: async (): Promise<void> => {
				const answer = script.creates[counts.created++];
				if (answer !== 'created') throw answer;
			},
		};
		return { clients: { domotz: client } as unknown as SyncClients, counts };
	}

	it.each<[string, boolean, Script, { created: number; listed: number; ok: boolean }]>([
		['already there', true, { creates: [], lookups: [] }, { created: 0, listed: 1, ok: true }],
		[
			'missing, made',
			false,
			{ creates: ['created'], lookups: [] },
			{ created: 1, listed: 1, ok: true },
		],
		[
			'answered 500 but made',
			false,
			{ creates: [uncertain('Domotz', 500)], lookups: [true] },
			{ created: 1, listed: 2, ok: true },
		],
		[
			'answered 500 and absent: made by the second create',
			false,
			{ creates: [uncertain('Domotz', 500), 'created'], lookups: [false] },
			{ created: 2, listed: 2, ok: true },
		],
		[
			'refused with 409: another run made it',
			false,
			{ creates: [refused('Domotz', 409, 'exists')], lookups: [true] },
			{ created: 1, listed: 2, ok: true },
		],
		[
			'refused with 403',
			false,
			{ creates: [refused('Domotz', 403, 'read-only key')], lookups: [false] },
			{ created: 1, listed: 2, ok: false },
		],
	])('%s', async (_case, present, script, expected) => {
		const { clients, counts } = domotz(present, script);
		const ensured = await ensureMirrorField(clients).then(
			() => true,
			() => false,
		);
		expect({ ...counts, ok: ensured }).toEqual(expected);
	});
});
