import { ConnectWiseClient } from '../../../lib/connectwise/client';
import type { CwManufacturer } from '../../../lib/connectwise/schemas';
import type { DomotzInventoryField } from '../../../lib/domotz/schemas';
import { ApiError, SetupError, UncertainWriteError, type ApiName } from '../../../lib/http/errors';
import { domotzLinkInventoryField } from '../../../lib/links/marker';
import {
	ensureLinkField,
	ensureMirrorField,
	findConfigurationPod,
	type ConfigurationPod,
} from '../../../lib/links/setup';
import { prepareManufacturers } from '../../../lib/sync/manufacturers';
import type { SyncClients } from '../../../lib/clients';
import {
	COMPANY_POD_ID,
	CONTACT_POD_ID,
	ConnectWiseSimulator,
	defaultSeed,
	type UserDefinedFieldSeed,
} from '../../simulators/connectwise';
import { connectWiseBasicAuth, createFetchPort } from '../../support/fetch-port';
import { recordingSleep } from '../../support/time';

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

describe('the link field on the configuration pod', () => {
	const simulators = {
		usual: new ConnectWiseSimulator({ requestsPerMinute: 0 }),
		elsewhere: new ConnectWiseSimulator({
			requestsPerMinute: 0,
			configurationPodId: 31,
			configurationPodDescription: 'Device Details',
		}),
	};

	beforeAll(async () => {
		await Promise.all(Object.values(simulators).map((simulator) => simulator.start()));
	});
	afterAll(async () => {
		await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
	});

	function clientsOf(simulator: ConnectWiseSimulator): SyncClients {
		const { sleep } = recordingSleep();
		return {
			connectwise: new ConnectWiseClient({
				http: createFetchPort({ authenticate: connectWiseBasicAuth(simulator.credentials) }),
				sleep,
				site: simulator.baseUrl,
				companyId: simulator.companyId,
				codebase: simulator.codebase,
			}),
		} as SyncClients;
	}

	const PROBE = { name: 'Probe', type: { id: 1 }, company: { id: 2 } };
	const store = { kind: 'customField', caption: 'Domotz Link' } as const;
	const otherPods: UserDefinedFieldSeed[] = [
		{ id: 2, caption: 'Contract Ref', podId: COMPANY_POD_ID },
		{ id: 3, caption: 'Preferred Contact', podId: CONTACT_POD_ID },
	];

	function load(
		simulator: ConnectWiseSimulator,
		fields: UserDefinedFieldSeed[],
		configurations = [PROBE],
	): SyncClients {
		simulator.load({ ...defaultSeed(), userDefinedFields: fields, configurations });
		simulator.http.resetCounts();
		return clientsOf(simulator);
	}

	it.each<[string, keyof typeof simulators, UserDefinedFieldSeed[], object[], ConfigurationPod]>([
		[
			'a field whose pod is described as configurations',
			'usual',
			[...otherPods, { id: 1, caption: 'Domotz ID', sequenceNumber: 1 }],
			[PROBE],
			{ kind: 'found', podId: 24, from: 'fieldDefinition' },
		],
		[
			'a configuration carrying a field of a pod described otherwise',
			'elsewhere',
			[...otherPods, { id: 1, caption: 'Asset Owner' }],
			[PROBE],
			{ kind: 'found', podId: 31, from: 'configuration' },
		],
		['nothing that shows the pod', 'elsewhere', otherPods, [PROBE], { kind: 'assumed', podId: 24 }],
		['an empty tenant', 'usual', [], [], { kind: 'assumed', podId: 24 }],
	])('finds the pod from %s', async (_case, tenant, fields, configurations, expected) => {
		const clients = load(simulators[tenant], fields, configurations as (typeof PROBE)[]);
		await expect(findConfigurationPod(clients.connectwise)).resolves.toEqual(expected);
	});

	it('creates the field with every required value, numbered after the pod’s fields', async () => {
		const simulator = simulators.usual;
		const clients = load(simulator, [
			...otherPods,
			{ id: 1, caption: 'Domotz ID', sequenceNumber: 1 },
			{ id: 4, caption: 'Asset Owner', sequenceNumber: 7 },
		]);
		const id = await ensureLinkField(clients, store);
		expect(simulator.state.userDefinedFields().find((field) => field.id === id)).toMatchObject({
			caption: 'Domotz Link',
			podId: 24,
			sequenceNumber: 8,
			fieldTypeIdentifier: 'Text',
			entryTypeIdentifier: 'EntryField',
		});
		expect(simulator.state.customFieldValue(1, 'Domotz Link')).toBeNull();
	});

	it('creates it on the pod a configuration shows, not on 24', async () => {
		const simulator = simulators.elsewhere;
		const clients = load(simulator, [...otherPods, { id: 1, caption: 'Asset Owner' }]);
		const id = await ensureLinkField(clients, store);
		expect(simulator.state.userDefinedFields().find((field) => field.id === id)).toMatchObject({
			podId: 31,
			sequenceNumber: 2,
		});
	});

	it('fails in one sentence when the assumed pod 24 turns out not to be the configurations’', async () => {
		const simulator = simulators.elsewhere;
		const clients = load(simulator, otherPods);
		const failure = await ensureLinkField(clients, store).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SetupError);
		expect((failure as Error).message).toBe(
			'The link field "Domotz Link" (ID 4) was created on pod 24, ConnectWise\'s usual configuration pod, but configuration 1 does not show it, so this tenant keeps configuration fields elsewhere: delete that field and create a Text field "Domotz Link" on the configuration screen in ConnectWise (System › Setup Tables › Custom Fields), then run again.',
		);
	});

	it('keeps a field made on the assumed pod when no configuration can show otherwise', async () => {
		const clients = load(simulators.elsewhere, otherPods, []);
		await expect(ensureLinkField(clients, store)).resolves.toBe(4);
	});

	it.each(['x'.repeat(26), 'Domotz "Link"'])(
		'refuses the caption %j before sending anything',
		async (caption) => {
			const clients = load(simulators.usual, otherPods);
			await expect(
				ensureLinkField(clients, { kind: 'customField', caption }),
			).rejects.toBeInstanceOf(SetupError);
			expect(simulators.usual.http.counts()).toEqual({});
		},
	);
});
