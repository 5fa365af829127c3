/** The engine's public surface: API clients, their types, the error taxonomy and the ports. */

export {
	ApiError,
	IntegrationError,
	NetworkError,
	ResponseShapeError,
	SetupError,
	UncertainWriteError,
	isIntegrationError,
	redactSecrets,
	type ApiErrorReason,
	type ApiName,
	type FieldError,
	type NetworkFailure,
	type RequestSummary,
	type ShapeIssue,
} from './http/errors';
export type {
	ClientPorts,
	HttpMethod,
	HttpPort,
	HttpRequest,
	HttpResponse,
	QueryValue,
	Random,
	Sleep,
} from './http/port';
export type { RetryPolicy } from './http/retry';

export {
	DomotzClient,
	domotzRetryPolicy,
	type DeviceEditOutcome,
	type DomotzClientOptions,
} from './domotz/client';
export { domotzApiBase } from './domotz/endpoint';
export type { DomotzFieldValueOf } from './domotz/field-values';
export {
	isAgentApiEnabled,
	type DomotzAgent,
	type DomotzAgentDetail,
	type DomotzDevice,
	type DomotzDeviceBaseType,
	type DomotzInventoryField,
	type DomotzInventoryValue,
	type DomotzUsage,
	type DomotzUser,
} from './domotz/schemas';
export type { DomotzEditableField } from './fields/domotz-editable';

export {
	ConnectWiseClient,
	connectWiseRetryPolicy,
	type CompanyQuery,
	type ConfigurationQuery,
	type ConnectWiseClientOptions,
} from './connectwise/client';
export * as cwConditions from './connectwise/conditions';
export type { Condition, ConditionValue } from './connectwise/conditions';
export {
	configurationFieldLimits,
	setupNameLimits,
	type LimitedConfigurationField,
} from './connectwise/limits';
export { apiHostByCloudHost, connectWiseOrigin } from './connectwise/site';
export type {
	CwCompany,
	CwConfiguration,
	CwConfigurationInput,
	CwConfigurationQuestion,
	CwConfigurationStatus,
	CwConfigurationType,
	CwCustomFieldInput,
	CwCustomFieldValue,
	CwManufacturer,
	CwPatchOperation,
	CwReference,
	CwReferenceInput,
	CwSite,
	CwSystemInfo,
	CwUserDefinedField,
	CwUserDefinedFieldInput,
} from './connectwise/schemas';
