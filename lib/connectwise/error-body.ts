import { excerpt, readOpaqueErrorBody, type ErrorBodyReader } from '../http/error-body';
import type { FieldError } from '../http/errors';
import { cwErrorBodySchema } from './schemas';

const optionalExcerpt = (value: string | null | undefined): string | undefined =>
	value ? excerpt(value) : undefined;

/**
 * `{code, message, errors: [{code, message, field}]}`; the 429 body says `error` instead of `code`.
 * Anything else (a proxy's HTML page, plain text) is read as an opaque body.
 */
export const readConnectWiseErrorBody: ErrorBodyReader = (body) => {
	const parsed = cwErrorBodySchema.safeParse(body);
	if (!parsed.success || (!parsed.data.message && !parsed.data.code && !parsed.data.error)) {
		return readOpaqueErrorBody(body);
	}
	const { code, error, message, errors } = parsed.data;
	const fieldErrors: FieldError[] = (errors ?? []).flatMap((entry) =>
		entry.message
			? [
					{
						field: optionalExcerpt(entry.field),
						code: optionalExcerpt(entry.code),
						message: excerpt(entry.message),
					},
				]
			: [],
	);
	return {
		apiCode: optionalExcerpt(code ?? error),
		apiMessage: optionalExcerpt(message),
		fieldErrors,
	};
};
