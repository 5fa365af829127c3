/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only script: writes the example transcript fixture */
/**
 * Records the example API transcript from the simulators and writes it where the replay test
 * reads it (see transcript-replay.test.ts):
 *
 *   npx ts-node --transpile-only --prefer-ts-exts test/nodes/record-transcript.ts
 */
import { writeFileSync } from 'node:fs';

import { exampleTranscriptPath, recordSimulatorTranscript } from './transcripts';

void recordSimulatorTranscript().then(
	(text) => {
		writeFileSync(exampleTranscriptPath, text);
		process.exit(0);
	},
	(error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exit(1);
	},
);
