import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import {
	ApiError,
	IntegrationError,
	NetworkError,
	ResponseShapeError,
	SetupError,
	UncertainWriteError,
} from '../../lib/http/errors';

export type NodeError = NodeApiError | NodeOperationError;

const hintByReason: Partial<Record<ApiError['reason'], string>> = {
	authentication: 'Check the credentials: the API rejected the login.',
	permission:
		'The API member or key lacks a permission. For ConnectWise, see the security role in the README; for Domotz, the agent plan or key type may not allow API access.',
	notFound: 'The item does not exist, or (ConnectWise cloud) the credentials are wrong.',
	rateLimited:
		'The API kept rate-limiting after several retries. Run again later or lower the concurrency.',
	locked: 'Domotz reports the device as locked; try again later.',
	server: 'The API had an internal error after several retries. Try again later.',
};

/** Maps any error from lib/ (or n8n) to the n8n error a user sees, with the item it belongs to. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ApiError) {
		const fieldErrors = error.fieldErrors.map((fieldError) =>
			fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message,
		);
		return new NodeApiError(node, summarise(error), {
			itemIndex,
			message: error.message,
			description: [hintByReason[error.reason], ...fieldErrors].filter(Boolean).join(' '),
			httpCode: String(error.status),
		});
	}
	if (error instanceof NetworkError || error instanceof UncertainWriteError) {
		return new NodeApiError(node, summarise(error), {
			itemIndex,
			message: error.message,
			description:
				error instanceof UncertainWriteError
					? 'Run the workflow again: items that were created are recognised by their link and are not created twice.'
					: 'Check the host in the credentials and that n8n can reach it.',
		});
	}
	if (error instanceof ResponseShapeError) {
		return new NodeApiError(node, summarise(error), {
			itemIndex,
			message: error.message,
			description:
				'The API answered with data in an unexpected shape; nothing was written for this item.',
		});
	}
	if (error instanceof SetupError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/** Only the safe summary travels into n8n's error object, never a raw request or response. */
function summarise(error: IntegrationError): JsonObject {
	return {
		message: error.message,
		kind: error.kind,
		...(error.request
			? { api: error.request.api, method: error.request.method, path: error.request.path }
			: {}),
	};
}
