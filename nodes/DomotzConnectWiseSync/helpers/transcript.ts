import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ApiTranscript } from '../../../lib/http/transcript';
import { toNodeError } from '../../shared/errors';
import { errorItem } from '../../shared/items';
import { pairedWithEveryInput } from './outputs/items';

/** The binary property that carries the transcript. */
export const API_TRANSCRIPT_PROPERTY = 'apiTranscript';

export const API_TRANSCRIPT_MIME_TYPE = 'application/x-ndjson';

export interface TranscriptPlacement {
	/** Names the file, e.g. `syncAgent`. */
	operation: string;
	/** The output whose first item gets the file: the summary's, where the operation has one. */
	output?: number;
}

/**
 * Runs an operation and, when its "Save API Transcript" option (`options.saveApiTranscript`) is
 * on, records every request of the run and adds the file to the output. `run` creates its clients
 * with the transcript it is given (`createSyncClients(this, transcript)`). A run that fails as a
 * whole under "continue on fail" outputs its error item with the file: a failed run is when
 * support needs it most.
 */
export async function withApiTranscript(
	context: IExecuteFunctions,
	placement: TranscriptPlacement,
	run: (transcript?: ApiTranscript) => Promise<INodeExecutionData[][]>,
): Promise<INodeExecutionData[][]> {
	if (!(context.getNodeParameter('options.saveApiTranscript', 0, false) as boolean)) {
		return await run();
	}
	const startedAt = new Date();
	const transcript = new ApiTranscript({ now: () => Date.now() });
	const finished = await run(transcript).then(
		(outputs) => ({ outputs, output: placement.output ?? 0 }),
		(error: unknown) => {
			const nodeError = toNodeError(context.getNode(), error);
			if (!context.continueOnFail()) throw nodeError;
			return { outputs: [[errorItem(nodeError, pairedWithEveryInput(context))]], output: 0 };
		},
	);
	const fileName = `api-transcript-${placement.operation}-${fileTimestamp(startedAt)}.jsonl`;
	const file = await context.helpers.prepareBinaryData(
		Buffer.from(transcript.toJsonLines(), 'utf8'),
		fileName,
		API_TRANSCRIPT_MIME_TYPE,
	);
	return finished.outputs.map((items, index) => {
		if (index !== finished.output) return items;
		// An empty output gets an item of its own rather than losing the file.
		const [first, ...rest] =
			items.length > 0
				? items
				: [{ json: { apiTranscript: fileName }, pairedItem: pairedWithEveryInput(context) }];
		return [{ ...first, binary: { ...first.binary, [API_TRANSCRIPT_PROPERTY]: file } }, ...rest];
	});
}

/** ISO 8601 with the colons as dashes, which some file systems refuse in names. */
function fileTimestamp(date: Date): string {
	return date.toISOString().replace(/:/g, '-');
}
