import type { IDataObject } from 'n8n-workflow';

/** The columns of the summary: the Agents output's counts a newcomer cares about. */
const COUNT_COLUMNS: ReadonlyArray<{ key: string; title: string }> = [
	{ key: 'devices', title: 'Devices' },
	{ key: 'linked', title: 'Linked' },
	{ key: 'newlyLinked', title: 'Newly linked' },
	{ key: 'created', title: 'Created' },
	{ key: 'updated', title: 'Updated' },
	{ key: 'ambiguous', title: 'Ambiguous' },
	{ key: 'unmatched', title: 'Unmatched' },
	{ key: 'skipped', title: 'Skipped' },
];

const AGENT_COLUMN = 'Agent';
const COLLECTOR_COLUMN = 'Collector';
const TOTAL_ROW = 'All synced agents';

/** How the collector's configuration was found or made, in words. */
const collectorOutcomes: Readonly<Record<string, string>> = {
	created: 'created',
	link: 'linked',
	mac: 'matched by MAC',
	wouldCreate: 'would be created',
	notLinked: 'not documented',
	failed: 'failed',
};

function describeCollector(collector: unknown): string {
	const { status, how } = (collector ?? {}) as { status?: string; how?: string };
	return collectorOutcomes[how ?? status ?? ''] ?? '';
}

/**
 * A table of the Agents output of Sync Agent: one row per synced agent (its counts and its
 * collector) and a total, then the agents not synced and why.
 */
export function summariseAgents(agents: readonly IDataObject[]): string[] {
	const synced = agents.filter((agent) => agent.status === 'synced');
	const rows = [
		...synced.map((agent) => [
			String(agent.agentName),
			...COUNT_COLUMNS.map(({ key }) => String(agent[key] ?? 0)),
			describeCollector(agent.collector),
		]),
		[
			TOTAL_ROW,
			...COUNT_COLUMNS.map(({ key }) =>
				String(synced.reduce((sum, agent) => sum + Number(agent[key] ?? 0), 0)),
			),
			'',
		],
	];
	const header = [AGENT_COLUMN, ...COUNT_COLUMNS.map(({ title }) => title), COLLECTOR_COLUMN];
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => row[column].length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, column) =>
				column === 0 || column === header.length - 1
					? cell.padEnd(widths[column])
					: cell.padStart(widths[column]),
			)
			.join('  ')
			.trimEnd();
	const others = agents
		.filter((agent) => agent.status !== 'synced')
		.map(
			(agent) =>
				`${String(agent.agentName)}: ${String(agent.status)} (${String(agent.reason ?? agent.error ?? '')})`,
		);
	return [
		line(header),
		...rows.slice(0, -1).map(line),
		widths.map((width) => '-'.repeat(width)).join('  '),
		line(rows[rows.length - 1]),
		...(others.length > 0 ? ['', 'Not synced:', ...others.map((text) => `  ${text}`)] : []),
	];
}
