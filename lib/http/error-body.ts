/**
 * What an error body may contribute to an error: the API's own code and message, and field
 * errors, each as a short single line with anything that looks like a credential removed.
 */

import { redactSecrets, type FieldError } from './errors';

export interface ApiErrorDetails {
	apiCode?: string;
	apiMessage?: string;
	fieldErrors?: FieldError[];
}

export type ErrorBodyReader = (body: unknown) => ApiErrorDetails;

const maxExcerptLength = 200;

/**
 * Long runs of letters and digits look like keys or tokens. The credential values a client was
 * given are removed exactly before this (secrets.ts); the shape catches the tokens it was not
 * given, such as a session token a proxy echoes.
 */
const tokenLike = /(?=[\w+/=-]*\d)(?=[\w+/=-]*[A-Za-z])[\w+/=-]{16,}/g;

/** A short, single-line, credential-free rendering of text an API sent back. */
export function excerpt(text: string): string {
	const withoutMarkup = /^\s*</.test(text) ? text.replace(/<[^>]*>/g, ' ') : text;
	const line = redactSecrets(withoutMarkup.replace(/\s+/g, ' ').trim()).replace(
		tokenLike,
		'[redacted]',
	);
	return line.length > maxExcerptLength ? `${line.slice(0, maxExcerptLength - 1)}…` : line;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? excerpt(value) : undefined;
}

function firstText(body: Record<string, unknown>, keys: readonly string[]): string | undefined {
	return keys.map((key) => text(body[key])).find((value) => value !== undefined);
}

const codeKeys = ['code', 'error'];
const messageKeys = ['message', 'detail', 'description', 'error_description', 'error'];

/**
 * For APIs that document no error body (Domotz): the common keys of a JSON object when there is
 * one, otherwise an excerpt of the text.
 */
export const readOpaqueErrorBody: ErrorBodyReader = (body) => {
	if (typeof body === 'string') return { apiMessage: text(body) };
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
	const fields = body as Record<string, unknown>;
	const apiMessage = firstText(fields, messageKeys);
	const apiCode = firstText(fields, codeKeys);
	return { apiCode: apiCode === apiMessage ? undefined : apiCode, apiMessage };
};
