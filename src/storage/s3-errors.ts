import { StorageError } from "./errors.ts";

interface SdkErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
}

function shape(e: unknown): SdkErrorLike {
  return typeof e === "object" && e !== null ? (e as SdkErrorLike) : {};
}

/** True when the SDK error has one of the S3 error codes, or (for bodiless answers such as HEAD) one of the HTTP statuses. */
export function isS3Code(e: unknown, codes: string[], statuses: number[]): boolean {
  const s = shape(e);
  if (s.name && codes.includes(s.name)) return true;
  if (s.Code && codes.includes(s.Code)) return true;
  const status = s.$metadata?.httpStatusCode;
  return status !== undefined && statuses.includes(status);
}

/**
 * The S3 error code the store gave in its answer's body, if it gave one. An answer to a HEAD has no
 * body: the SDK names its 403 "Unknown" (or, by version, "Forbidden" or the status itself).
 */
export function s3ErrorCode(e: unknown): string | undefined {
  const s = shape(e);
  const name = s.name ?? s.Code;
  return name && !["Unknown", "UnknownError", "Forbidden", "NotFound", "Error", String(s.$metadata?.httpStatusCode)].includes(name) ? name : undefined;
}

/** HEAD answers have no body, so a missing key (or bucket) shows only as 404 "NotFound". */
export function isNotFound(e: unknown): boolean {
  return isS3Code(e, ["NotFound", "NoSuchKey"], [404]);
}

const NETWORK_CODES: Record<string, string> = {
  // A wrong port in a new installation and a store that is down read alike: the operator tells them apart.
  ECONNREFUSED: "connection refused: nothing answers at that address and port. Check that the store is running and that storage.endpoint is its address and port.",
  ECONNRESET: "the connection was cut off — is it restarting?",
  EPIPE: "the connection was cut off — is it restarting?",
  ENOTFOUND: "the host name is unknown — check storage.endpoint and the DNS",
  EAI_AGAIN: "the host name could not be looked up just now — check the network and DNS",
  ETIMEDOUT: "no answer in time — check the network and any firewall",
  EHOSTUNREACH: "the host cannot be reached — check the network",
  ENETUNREACH: "the network cannot be reached — check the network",
  ECONNABORTED: "the connection was aborted",
  CERT_HAS_EXPIRED: "its TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed and not trusted (set NODE_EXTRA_CA_CERTS to your CA file)",
  SELF_SIGNED_CERT_IN_CHAIN: "its TLS certificate chain is not trusted (set NODE_EXTRA_CA_CERTS to your CA file)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its TLS certificate cannot be verified (set NODE_EXTRA_CA_CERTS to your CA file)",
  ERR_TLS_CERT_ALTNAME_INVALID: "its TLS certificate is for another host name",
};

function networkCode(e: unknown): string | undefined {
  const s = shape(e);
  if (s.code && s.code in NETWORK_CODES) return s.code;
  // Node reports a failed connection to a host with several addresses as an AggregateError.
  for (const inner of s.errors ?? []) {
    const c = shape(inner).code;
    if (c && c in NETWORK_CODES) return c;
  }
  if (s.name === "TimeoutError") return "ETIMEDOUT";
  return undefined;
}

/**
 * An AWS SDK error as a sentence an IT operator can act on. The SDK's own message is only used as a last resort,
 * and never contains the secret key (S3 does not echo it); the access key id is not repeated either.
 */
export function describeS3Error(e: unknown, ctx: { what: string; bucket: string; endpoint: string; endpointSet?: boolean; needs?: string; region?: string }): StorageError {
  const s = shape(e);
  const net = networkCode(e);
  if (net) {
    // Without storage.endpoint the address is AWS's for storage.region: a region mistyped ("eu-nort-1")
    // is a host name no one knows, and the operator was sent to a setting the file does not have.
    const said = ctx.endpointSet === false && net === "ENOTFOUND"
      ? "the host name is unknown — without storage.endpoint, somarkiv uses AWS's address for storage.region: check that storage.region is a region of AWS (eu-north-1 for Stockholm), or set storage.endpoint to your store's address, and check the DNS"
      : NETWORK_CODES[net];
    return new StorageError("unreachable", `Could not reach the S3 store at ${ctx.endpoint}: ${said}`, { cause: e });
  }
  const name = s.name ?? s.Code ?? "";
  const status = s.$metadata?.httpStatusCode;
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(s.message ?? "")) {
    return new StorageError("access-denied", "No S3 credentials were found.", { cause: e, mend: "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with a shared credentials file, or run with an instance role) for the user that runs somarkiv." });
  }
  if (name === "NoSuchBucket") {
    return new StorageError("no-bucket", `The bucket ${ctx.bucket} does not exist at ${ctx.endpoint}.`, { cause: e, mend: "Create it (see the README) or correct storage.bucket." });
  }
  if (name === "InvalidAccessKeyId") {
    return new StorageError("access-denied", `The S3 store at ${ctx.endpoint} does not know the access key somarkiv used (AWS_ACCESS_KEY_ID).`, { cause: e, mend: "Check the credentials." });
  }
  if (name === "SignatureDoesNotMatch") {
    return new StorageError("access-denied", `The S3 store at ${ctx.endpoint} rejected somarkiv's signature: the secret key (AWS_SECRET_ACCESS_KEY) is wrong, or the region (storage.region) does not match the store.`, { cause: e, mend: "Check that AWS_SECRET_ACCESS_KEY is the secret key of the access key in AWS_ACCESS_KEY_ID (the store knows that access key), and that storage.region is the store's region." });
  }
  if (name === "ExpiredToken" || name === "TokenRefreshRequired" || name === "InvalidToken") {
    return new StorageError("access-denied", `The S3 credentials have expired (${name}).`, { cause: e, mend: "Renew them." });
  }
  // More than 15 minutes between this server's clock and the store's: every signed request is refused,
  // and it was said as "Access denied", which sent the operator to the keys and the bucket policy.
  if (name === "RequestTimeTooSkewed") {
    return new StorageError("access-denied", { request: ctx.what, said: (request) => `The S3 store at ${ctx.endpoint} refused to let somarkiv ${request}: this server's clock is off${clockApart(e)}, and S3 refuses a request whose time is more than 15 minutes from its own.` }, { cause: e, mend: `Set this server's clock right: "timedatectl" shows the time and whether NTP keeps it, and "timedatectl set-ntp true" (or the NTP service, chronyd or ntpd) keeps it right. The keys and the bucket are not what is wrong.` });
  }
  // An answer with a body that says AccessDenied comes from a store that knows the access key and its
  // secret (an unknown key is InvalidAccessKeyId, a wrong secret SignatureDoesNotMatch): the key lacks the right.
  if (name === "AccessDenied") {
    return new StorageError("access-denied", { request: ctx.what, said: (request) => `Access denied: the S3 store at ${ctx.endpoint} does not allow somarkiv to ${request} (bucket ${ctx.bucket}).` }, { cause: e, mend: `The store knows the access key (AWS_ACCESS_KEY_ID) and its secret, but the key lacks the right: ${ctx.needs ? `this request needs ${ctx.needs}; ` : ""}the key's policy (or the bucket policy) must allow s3:GetObject, s3:PutObject and s3:ListBucket on the bucket ${ctx.bucket} (and s3:PutObjectRetention, for storage.retention).` });
  }
  if (name === "Forbidden" || status === 403) {
    return new StorageError("access-denied", { request: ctx.what, said: (request) => `Access denied: the S3 store at ${ctx.endpoint} does not allow somarkiv to ${request} (bucket ${ctx.bucket}).` }, { cause: e, mend: "The access key (AWS_ACCESS_KEY_ID) may be unknown to the store, or lack the rights: check the credentials and the bucket policy (somarkiv needs s3:PutObject, s3:GetObject, s3:ListBucket and, for retention, s3:PutObjectRetention)." });
  }
  if (name === "PermanentRedirect" || name === "AuthorizationHeaderMalformed" || status === 301) {
    const theirs = bucketRegion(e);
    const ours = ctx.region ? ` (storage.region is ${ctx.region})` : "";
    return theirs && theirs !== ctx.region
      ? new StorageError("other", `The S3 store says bucket ${ctx.bucket} is in the region ${theirs}, not the one somarkiv signed its request for${ours}.`, { cause: e, mend: `Set storage.region to ${theirs}.`, needsPerson: true })
      : new StorageError("other", `The S3 store says bucket ${ctx.bucket} is in another region than storage.region${ours}.`, { cause: e, mend: "Correct storage.region.", needsPerson: true });
  }
  if (name === "BadDigest" || name === "InvalidDigest" || name === "XAmzContentSHA256Mismatch" || name === "InvalidChecksum") {
    return new StorageError("checksum", { request: ctx.what, said: (request) => `The S3 store at ${ctx.endpoint} received other bytes than somarkiv sent (${name}) and refused to ${request}; the data was damaged on the way. somarkiv will try again.` }, { cause: e });
  }
  if (name === "InvalidRequest" && /object lock/i.test(s.message ?? "")) {
    return new StorageError("other", `Bucket ${ctx.bucket} refused the retention lock: it has no Object Lock.`, { cause: e, mend: "Remove storage.retention or use a bucket created with Object Lock.", needsPerson: true });
  }
  if (name === "SlowDown" || name === "ServiceUnavailable" || name === "InternalError" || (status !== undefined && status >= 500)) {
    return new StorageError("unreachable", { request: ctx.what, said: (request) => `The S3 store at ${ctx.endpoint} is busy or failing (${name || `HTTP ${status}`}) and could not ${request}; somarkiv will try again later.` }, { cause: e });
  }
  const detail = s.message && s.message !== "UnknownError" ? s.message : `HTTP ${status ?? "error"}`;
  return new StorageError("other", { request: ctx.what, said: (request) => `The S3 store at ${ctx.endpoint} could not ${request} (bucket ${ctx.bucket}): ${name ? `${name}: ` : ""}${detail}` }, { cause: e });
}

/**
 * The bucket's region as the store's answer names it: S3 gives it in the XML of a refusal signed for
 * the wrong region (<Region>, which the SDK puts on the error) and in the x-amz-bucket-region header.
 * Undefined when the answer does not say, or says something that is no region's name.
 */
function bucketRegion(e: unknown): string | undefined {
  const s = e as { Region?: unknown; $response?: { headers?: Record<string, unknown> } } | null;
  for (const v of [s?.Region, s?.$response?.headers?.["x-amz-bucket-region"]]) {
    if (typeof v === "string" && /^[a-z]{2}(-[a-z0-9]+){1,4}$/.test(v)) return v;
  }
  return undefined;
}

/**
 * How far apart the clocks were, from the store's answer: S3 gives RequestTime (this server's, as
 * 20261206T051000Z) and ServerTime (its own) in its XML, which the SDK puts on the error. Empty when
 * the answer does not say.
 */
function clockApart(e: unknown): string {
  const at = (v: unknown) => {
    if (typeof v !== "string") return NaN;
    const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
    return Date.parse(compact ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}Z` : v);
  };
  const s = e as { RequestTime?: unknown; ServerTime?: unknown } | null;
  const ours = at(s?.RequestTime);
  const theirs = at(s?.ServerTime);
  if (Number.isNaN(ours) || Number.isNaN(theirs)) return "";
  const minutes = Math.round(Math.abs(ours - theirs) / 60_000);
  const apart = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return ` by about ${apart} (${ours < theirs ? "behind" : "ahead of"} the store's: it was ${new Date(theirs).toISOString().slice(0, 16).replace("T", " ")} UTC there)`;
}
