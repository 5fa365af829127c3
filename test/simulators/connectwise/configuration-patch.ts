/**
 * ConnectWise's PATCH dialect (reference §2.7): an array of `{op, path, value}` with ops
 * add/replace/remove and case-sensitive paths that may start with `/`.
 */
import { CONFIGURATION_FIELDS, CONFIGURATION_RESOURCE } from './configuration-fields';
import type { ValidationError } from './errors';

export type PatchPlan =
	| {
			ok: true;
			/** Field values to write (`null` for `remove`), keyed by table field name. */
			changes: Record<string, unknown>;
			/** The new `customFields` array, `null` when removed, `undefined` when untouched. */
			customFields: unknown[] | null | undefined;
	  }
	| { ok: false; errors: ValidationError[] };

const OPERATIONS = new Set(['add', 'replace', 'remove']);

/** Paths a PATCH may name but that are never written (read-only on the server). */
const READ_ONLY_FIELDS = new Set(['id', '_info']);

function patchError(code: string, field: string, message: string): ValidationError {
	return { code, message, resource: CONFIGURATION_RESOURCE, field };
}

/**
 * Turns a PATCH body into field changes. A sub-path such as `company/identifier` or
 * `customFields/0/value` is accepted and ignored: the DG warns that such operations "may receive a
 * false 200", and whole-object / whole-array replacement is the only effective form.
 */
export function planPatch(body: unknown): PatchPlan {
	if (!Array.isArray(body)) {
		return {
			ok: false,
			errors: [
				patchError(
					'InvalidField',
					'patch',
					'The request body must be an array of patch operations.',
				),
			],
		};
	}
	const errors: ValidationError[] = [];
	const changes: Record<string, unknown> = {};
	let customFields: unknown[] | null | undefined;
	for (const operation of body as unknown[]) {
		const { op, path, value } = (
			typeof operation === 'object' && operation !== null ? operation : {}
		) as {
			op?: unknown;
			path?: unknown;
			value?: unknown;
		};
		const opName = typeof op === 'string' ? op.toLowerCase() : '';
		if (!OPERATIONS.has(opName) || typeof path !== 'string') {
			errors.push(
				patchError(
					'InvalidField',
					'op',
					`Unsupported patch operation ${JSON.stringify(operation)}; use add, replace or remove with a path.`,
				),
			);
			continue;
		}
		const segments = path.replace(/^\//, '').split('/');
		const [field] = segments;
		const isCustomFields = field === 'customFields';
		if (
			!isCustomFields &&
			!READ_ONLY_FIELDS.has(field) &&
			!Object.hasOwn(CONFIGURATION_FIELDS, field)
		) {
			errors.push(
				patchError(
					'InvalidField',
					path,
					`The target location specified by path '${path}' was not found.`,
				),
			);
			continue;
		}
		if (segments.length > 1 || READ_ONLY_FIELDS.has(field)) continue;
		const newValue = opName === 'remove' ? null : (value ?? null);
		if (!isCustomFields) {
			changes[field] = newValue;
			continue;
		}
		if (newValue !== null && !Array.isArray(newValue)) {
			errors.push(
				patchError('InvalidField', 'customFields', 'The field customFields must be an array.'),
			);
			continue;
		}
		customFields = newValue;
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, changes, customFields };
}
