import type { z } from 'zod';

import { compileCheck } from './compiled-check';
import { ResponseShapeError, type RequestSummary, type ShapeIssue } from './errors';

/** `[3].details.serial`: where in the body the problem is, in the notation people read. */
function formatIssuePath(path: ReadonlyArray<string | number>): string {
	return path
		.map((segment, index) => {
			if (typeof segment === 'number') return `[${segment}]`;
			if (!/^[A-Za-z_$][\w$]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
			return index === 0 ? segment : `.${segment}`;
		})
		.join('');
}

/**
 * Narrows a response body with a zod schema. Unknown fields pass (the schemas say so); a wrong
 * shape raises a ResponseShapeError that names the paths. A body that passes the check compiled
 * from the schema is its own parsed value; any other is left to zod.
 */
export function parseResponseBody<Schema extends z.ZodTypeAny>(
	schema: Schema,
	body: unknown,
	request: RequestSummary,
	expected: string,
): z.output<Schema> {
	if (compileCheck(schema)?.(body)) return body as z.output<Schema>;
	const result = schema.safeParse(body);
	if (result.success) return result.data as z.output<Schema>;
	const issues: ShapeIssue[] = result.error.issues.map((issue) => ({
		path: formatIssuePath(issue.path),
		message: issue.message,
	}));
	throw new ResponseShapeError(request, expected, issues);
}
