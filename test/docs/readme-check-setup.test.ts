/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only: reads the README from disk */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { demoMsp } from '../simulators/generator';
import { runSync } from '../nodes/sync-fixtures';
import { jsonOf, SimulatedTenant } from '../nodes/support';

/** `|` inside a cell would split it; the README escapes it. */
function cell(value: unknown): string {
	return String(value ?? '').replace(/\|/g, '\\|');
}

/** The simulators listen on a new port each run. */
function withoutPort(text: unknown): string {
	return String(text).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1');
}

function row(check: IDataObject): string[] {
	return [cell(check.check), cell(check.status), cell(withoutPort(check.found))];
}

/** A Markdown table row's cells, however a formatter padded them. */
function cells(line: string): string[] {
	return line.replace(/^\|\s*|\s*\|$/g, '').split(/\s*(?<!\\)\|\s*/);
}

describe('README', () => {
	const tenant = new SimulatedTenant();

	beforeAll(async () => {
		await tenant.start();
	});
	afterAll(async () => {
		await tenant.close();
	});

	it('shows what Check Setup really answers on the demo MSP', async () => {
		const generated = demoMsp();
		tenant.load(generated.domotz, generated.connectwise);
		const run = await runSync(
			tenant,
			{ resource: 'setup', operation: 'checkSetup', companyLink: 'customerId' },
			[{}],
		);
		expect(run.error).toBeUndefined();
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const table =
			/<!-- check-setup-table:start -->\n([\s\S]*?)\n?<!-- check-setup-table:end -->/.exec(readme);
		expect(table).not.toBeNull();
		const rows = table![1]
			.split('\n')
			.filter((line) => line.startsWith('|'))
			.slice(2)
			.map(cells);
		expect(rows).toEqual(jsonOf(run.output('Node')).map(row));
	});
});
