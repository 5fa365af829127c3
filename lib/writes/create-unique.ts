import { UncertainWriteError } from '../http/errors';

/** Creates sent in all for one setup record, the first included. */
const SETUP_CREATE_ATTEMPTS = 3;

/**
 * Creates a record that its name or key identifies (a manufacturer, an inventory field): the API
 * refuses a second one, so sending the create again can never make two. After a failure the record
 * is looked for (the answer was lost, or another run made it); missing after an uncertain create,
 * it is sent again.
 */
export async function createUnique<Created>(
	create: () => Promise<Created>,
	find: () => Promise<Created | undefined>,
): Promise<Created> {
	for (let sent = 1; ; sent += 1) {
		const created = await create().then(
			(record) => ({ ok: true as const, record }),
			(error: unknown) => ({ ok: false as const, error }),
		);
		if (created.ok) return created.record;
		const found = await find().then(
			(record) => record,
			() => undefined,
		);
		if (found !== undefined) return found;
		if (!(created.error instanceof UncertainWriteError) || sent >= SETUP_CREATE_ATTEMPTS) {
			throw created.error;
		}
	}
}
