import { cwConfigurationSchema } from './schemas';

/**
 * A partial response's rows hold only the fields asked for: they are checked against those fields
 * alone, not against the 60 of a whole configuration, which costs several times more on a sweep
 * of thousands.
 */
export function partialConfigurationSchema(
	fields: readonly string[],
): typeof cwConfigurationSchema {
	const asked = new Set(fields.map((field) => field.split('/')[0]));
	const mask: Partial<Record<keyof typeof cwConfigurationSchema.shape, true>> = Object.fromEntries(
		Object.keys(cwConfigurationSchema.shape).flatMap((key) =>
			asked.has(key) ? [[key, true]] : [],
		),
	);
	return cwConfigurationSchema.pick(mask) as unknown as typeof cwConfigurationSchema;
}
