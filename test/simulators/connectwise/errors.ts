import type { SimResponse } from '../common/http-simulator';

/** `ValidationError` entry of a ConnectWise error body (SPEC `model_validation_error.go`). */
export interface ValidationError {
	code: string;
	message: string;
	resource: string;
	field: string;
}

/** ConnectWise error body: `{code, message, errors?}` (reference §3.1). */
export interface ErrorBody {
	code: string;
	message: string;
	errors?: ValidationError[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

export function errorResponse(
	status: number,
	code: string,
	message: string,
	errors?: ValidationError[],
): SimResponse {
	const body: ErrorBody = errors ? { code, message, errors } : { code, message };
	return { status, body };
}

/** `400 {"code":"InvalidObject","message":"<resource> object is invalid","errors":[…]}`. */
export function invalidObject(resource: string, errors: ValidationError[]): SimResponse {
	return errorResponse(400, 'InvalidObject', `${resource} object is invalid`, errors);
}

/** One-error `InvalidObject` answer for a query parameter such as `pageSize` or `conditions`. */
export function invalidParameter(parameter: string, code: string, message: string): SimResponse {
	return invalidObject(parameter, [{ code, message, resource: parameter, field: parameter }]);
}

/** `404 {"code":"NotFound","message":"Configuration 57919 not found"}` (AMP fixture shape). */
export function recordNotFound(label: string, id: number | string): SimResponse {
	return errorResponse(404, 'NotFound', `${label} ${id} not found`);
}

export const ENDPOINT_NOT_FOUND: SimResponse = errorResponse(
	404,
	'ConnectWiseApi',
	'The endpoint does not exist.',
);

export const SECURITY_DENIED: SimResponse = errorResponse(
	403,
	'Security',
	'You do not have security permission to perform this action.',
);

export function invalidJsonBody(): SimResponse {
	return errorResponse(400, 'InvalidObject', 'The request body is not valid JSON.');
}
