import type { CwConfiguration, CwPatchOperation } from '../../../lib/connectwise/schemas';
import { formatMarker, type LinkStore, type MirrorState } from '../../../lib/links/marker';
import { applyPlans, type WritePlan } from '../../../lib/writes/apply';
import {
	describeLinkSave,
	describeMirrorConfirmation,
	planFromParts,
	planLinkClear,
	planLinkSave,
	planMirrorConfirmation,
	planPendingRepair,
	type LinkSaveOutcome,
} from '../../../lib/links/writes';
import type { SyncClients } from '../../../lib/clients';

const store: LinkStore = { kind: 'customField', caption: 'Domotz Link' };
const device = { agentId: 12, deviceId: 345 };

function configurationWith(mirror: MirrorState | 'none'): CwConfiguration {
	return {
		id: 77,
		customFields: [
			{
				id: 41,
				caption: 'Domotz Link',
				value: mirror === 'none' ? null : formatMarker(device, mirror),
			},
		],
	};
}

/** Both sides as a list of the writes they received; the Domotz mirror write may be refused. */
function recordingClients(mirrorRefused: boolean) {
	const sent: string[] = [];
	const markerIn = ([operation]: CwPatchOperation[]) =>
		operation.op === 'remove' ? undefined : (operation.value as Array<{ value: unknown }>)[0].value;
	const clients = {
		connectwise: {
			patchConfiguration: (id: number, operations: CwPatchOperation[]) => {
				sent.push(`PATCH ${id} ${String(markerIn(operations))}`);
				return Promise.resolve({ id });
			},
		},
		domotz: {
			currentUsage: () => Promise.resolve(undefined),
			setDeviceInventoryValue: (agentId: number, deviceId: number, key: string, value: string) => {
				sent.push(`PUT ${agentId}/${deviceId} ${key}=${value}`);
				return mirrorRefused ? Promise.reject(new Error('refused')) : Promise.resolve();
			},
			clearDeviceInventoryValue: (agentId: number, deviceId: number, key: string) => {
				sent.push(`DELETE ${agentId}/${deviceId} ${key}`);
				return Promise.resolve();
			},
		},
	} as unknown as SyncClients;
	return { clients, sent };
}

const MIRROR_PUT = 'PUT 12/345 connectwise_configuration_id=77';

function planOf(plan: ReturnType<typeof planLinkSave>): WritePlan {
	if (plan.kind !== 'write') throw new Error(plan.reason);
	return plan.writes;
}

function confirmationOf(configuration: CwConfiguration): WritePlan {
	const parts = planMirrorConfirmation(configuration, device, store);
	if (parts.kind !== 'parts') throw new Error(parts.reason);
	return planFromParts(configuration.id, parts);
}

interface Case {
	name: string;
	plan: () => WritePlan;
	mirrorRefused: boolean;
	sent: string[];
	describe: (outcomes: Parameters<typeof describeLinkSave>[0]) => LinkSaveOutcome;
	outcome: LinkSaveOutcome;
}

const cases: Case[] = [
	{
		name: 'a link with the mirror off: the confirmed marker only',
		plan: () => planOf(planLinkSave(configurationWith('none'), device, store, 41, false)),
		mirrorRefused: false,
		sent: ['PATCH 77 domotz:12/345'],
		describe: (outcomes) => describeLinkSave(outcomes, false),
		outcome: { status: 'saved', mirroredInDomotz: false },
	},
	{
		name: 'a link whose mirror is written: the mirror first, then the confirmed marker',
		plan: () => planOf(planLinkSave(configurationWith('none'), device, store, 41, true)),
		mirrorRefused: false,
		sent: [MIRROR_PUT, 'PATCH 77 domotz:12/345'],
		describe: (outcomes) => describeLinkSave(outcomes, true),
		outcome: { status: 'saved', mirroredInDomotz: true },
	},
	{
		name: 'a link whose mirror fails: saved all the same, with the pending marker',
		plan: () => planOf(planLinkSave(configurationWith('none'), device, store, 41, true)),
		mirrorRefused: true,
		sent: [MIRROR_PUT, 'PATCH 77 domotz:12/345 (mirror pending)'],
		describe: (outcomes) => describeLinkSave(outcomes, true),
		outcome: {
			status: 'saved',
			mirroredInDomotz: false,
			mirrorError: expect.stringContaining('"mirror pending", so the next run writes it') as string,
		},
	},
	{
		name: 'a new configuration (created pending) whose mirror is written: confirmed',
		plan: () => confirmationOf(configurationWith('pending')),
		mirrorRefused: false,
		sent: [MIRROR_PUT, 'PATCH 77 domotz:12/345'],
		describe: describeMirrorConfirmation,
		outcome: { status: 'saved', mirroredInDomotz: true },
	},
	{
		name: 'a new configuration whose mirror fails: left pending, no PATCH',
		plan: () => confirmationOf(configurationWith('pending')),
		mirrorRefused: true,
		sent: [MIRROR_PUT],
		describe: describeMirrorConfirmation,
		outcome: {
			status: 'saved',
			mirroredInDomotz: false,
			mirrorError: expect.stringContaining('next run writes it') as string,
		},
	},
	{
		name: 'the repair of a pending marker: the mirror, then the confirmed marker',
		plan: () => planFromParts(77, planPendingRepair(configurationWith('pending'), store)!),
		mirrorRefused: false,
		sent: [MIRROR_PUT, 'PATCH 77 domotz:12/345'],
		describe: describeMirrorConfirmation,
		outcome: { status: 'saved', mirroredInDomotz: true },
	},
	{
		name: 'the unlink of a pending marker: cleared on both sides',
		plan: () => planOf(planLinkClear(configurationWith('pending'), device, store, true)),
		mirrorRefused: false,
		sent: ['PATCH 77 null', 'DELETE 12/345 connectwise_configuration_id'],
		describe: (outcomes) => describeLinkSave(outcomes, false),
		outcome: { status: 'saved', mirroredInDomotz: false },
	},
];

describe('link writes, planned then applied', () => {
	it.each(cases)('$name', async ({ plan, mirrorRefused, sent, describe, outcome }) => {
		const recording = recordingClients(mirrorRefused);
		const [outcomes] = await applyPlans(recording.clients, [plan()], { concurrency: 1 });
		expect(recording.sent).toEqual(sent);
		expect(describe(outcomes)).toEqual(outcome);
	});
});

describe('planPendingRepair', () => {
	it.each<[MirrorState | 'none', boolean]>([
		['pending', true],
		['confirmed', false],
		['none', false],
	])('with a %s marker plans a repair: %s', (mirror, planned) => {
		expect(planPendingRepair(configurationWith(mirror), store) !== undefined).toBe(planned);
	});

	it('repairs the device the marker names, in Device Identifier too', () => {
		const parts = planPendingRepair(
			{ id: 5, deviceIdentifier: 'domotz:3/4 (mirror pending)' },
			{ kind: 'deviceIdentifier' },
		);
		expect(parts).toEqual({
			kind: 'parts',
			purpose: 'confirm',
			operations: [{ op: 'replace', path: 'deviceIdentifier', value: 'domotz:3/4' }],
			mirror: {
				step: {
					kind: 'setDomotzInventory',
					agentId: 3,
					deviceId: 4,
					key: 'connectwise_configuration_id',
					value: '5',
				},
				otherwise: [],
			},
		});
	});
});
