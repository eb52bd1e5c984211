export { captureAccounts, captureDecision, capturedElsewhere, finishPending, pendingRecords, finishRecord, type PipelineContext, type CaptureRequest, type AccountOutcome, type PendingOutcome, type StepTiming } from "./pipeline.ts";
export { recordMetadata, recordTitle, collectiveCaseGaps, readableUrl, intakeEn, CONSENT_SV, FLAG_SV, flagsEn, STATUS_SV, reasonSv, DELIVERY_SV } from "./metadata.ts";
export { TOOL_VERSION } from "./version.ts";
export type { Manifest, RecordStatus } from "./types.ts";
export { localWriteFailure, logLocked } from "./local-failure.ts";
export { refreshGuides, notYetTaken } from "./not-yet-taken.ts";
