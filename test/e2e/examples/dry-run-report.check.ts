/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only e2e check: node:assert */
import { deepEqual, ok } from 'node:assert/strict';

import type { IDataObject } from 'n8n-workflow';

import { syncFields } from '../../../lib/fields/sync-fields';
import type { Configuration } from '../../simulators/connectwise/model';
import { LINK_FIELD_CAPTION, runSucceeds, writeRequests } from '../check-support';
import type { ExampleCheck, Simulators } from '../contract';

const REAL_SYNC = 'real sync';
const DEVICE_REFERENCE = /\((\d+\/\d+)\)$/;
const MARKER = /^domotz:(\d+\/\d+)$/;

interface Change {
	device: string;
	field: string;
	from: string;
	to: string;
}

/** A "Planned Changes" row as (agent/device, field, from, to). */
function plannedChange(row: IDataObject): Change {
	return {
		device: DEVICE_REFERENCE.exec(String(row.device))?.[1] ?? String(row.device),
		field: String(row.field),
		from: String(row.from),
		to: String(row.to),
	};
}

/** A sync field as the ConnectWise user sees it: text, or the name of the referenced record. */
function shownValue(configuration: Configuration | undefined, field: (typeof syncFields)[number]) {
	const value = configuration?.[field.connectWiseField];
	if (field.connectWiseKind === 'text') return String(value ?? '');
	return String((value as { name?: string } | undefined)?.name ?? '');
}

/** Every sync field that differs between two states of ConnectWise, named by the device linked. */
function changedFields(before: Configuration[], simulators: Simulators): Change[] {
	const { state } = simulators.connectwise;
	const earlier = new Map(before.map((configuration) => [configuration.id, configuration]));
	return state.configurations().flatMap((configuration) => {
		const link = String(state.customFieldValue(configuration.id, LINK_FIELD_CAPTION) ?? '');
		const device = MARKER.exec(link)?.[1] ?? `configuration ${configuration.id}`;
		return syncFields.flatMap((field) => {
			const from = shownValue(earlier.get(configuration.id), field);
			const to = shownValue(configuration, field);
			return from === to ? [] : [{ device, field: field.key, from, to }];
		});
	});
}

const byDeviceAndField = (a: Change, b: Change) =>
	a.device.localeCompare(b.device) || a.field.localeCompare(b.field);

/**
 * Sync Agent in dry run → one row per planned change. The dry run writes nothing, and a real sync
 * with the same settings right after it changes exactly the planned rows.
 */
export const check: ExampleCheck = {
	tenant: { linkStore: 'customField' },
	variants: { [REAL_SYNC]: [{ node: 'Plan Sync (Dry Run)', parameter: 'dryRun', value: false }] },
	steps: [
		{
			title: 'dry run',
			start: 'fresh',
			expectations: (run, { simulators }) => [
				runSucceeds(run),
				{
					name: 'writes nothing: no POST, PATCH, PUT or DELETE on either side',
					verify: () => deepEqual(writeRequests(simulators), []),
				},
				{
					name: 'Planned Changes has one row per change, with a direction',
					verify: () => {
						const rows = run.items('Planned Changes');
						ok(rows.length > 0, 'nothing is planned');
						deepEqual(new Set(rows.map((row) => row.direction)), new Set(['Domotz → ConnectWise']));
					},
				},
			],
		},
		{
			title: 'real sync with the same settings',
			start: 'continue',
			variant: REAL_SYNC,
			expectations: (run, { simulators, earlier, configurationsBefore }) => [
				runSucceeds(run),
				{
					name: "ConnectWise's changed fields are exactly the dry run's Planned Changes rows",
					verify: () =>
						deepEqual(
							changedFields(configurationsBefore, simulators).sort(byDeviceAndField),
							earlier[0].items('Planned Changes').map(plannedChange).sort(byDeviceAndField),
						),
				},
				{
					name: 'no Domotz device is edited (Domotz → ConnectWise)',
					verify: () =>
						deepEqual(
							simulators.domotz.http
								.requests()
								.filter((request) => request.route === 'device.editField'),
							[],
						),
				},
			],
		},
	],
};
