/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only: reads the README from disk */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	allowedDirections,
	syncFields,
	type FieldDirection,
	type SyncFieldDefinition,
} from '../../lib/fields/sync-fields';

const directionNames: Record<FieldDirection, string> = {
	domotzToConnectWise: 'Domotz → ConnectWise',
	connectWiseToDomotz: 'ConnectWise → Domotz',
	skip: 'Skip',
};

function row(field: SyncFieldDefinition): string {
	const directions = allowedDirections(field).includes('connectWiseToDomotz')
		? 'both'
		: directionNames.domotzToConnectWise;
	return `| ${field.label} | ${field.domotzSource} | \`${field.connectWiseField}\` | ${directions} | ${field.maxLength ?? '—'} | ${directionNames[field.defaultDirection]} |`;
}

describe('README', () => {
	it('shows the field table exactly as the engine defines it', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const table = /<!-- field-table:start -->\n([\s\S]*?)\n<!-- field-table:end -->/.exec(readme);
		expect(table).not.toBeNull();
		const rows = table![1].split('\n').slice(2);
		expect(rows).toEqual(syncFields.map(row));
	});
});
