import { describe, expect, it } from "vitest";
import { describeS3Error } from "../../src/storage/s3-errors.ts";

// Shaped as the AWS SDK v3 throws them: a named error with $metadata, or a Node network error.
function sdkError(name: string, status: number, message = "UnknownError"): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}
const ctx = { what: "upload sociala-medier/x.pdf", bucket: "somarkiv", endpoint: "https://s3.example.se" };

describe("S3 errors in plain words", () => {
  it("a connection refused on any of the host's addresses is 'not reachable'", () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:443"), { code: "ECONNREFUSED" })], ""), { $metadata: {} });
    const e = describeS3Error(agg, ctx);
    expect(e.problem).toBe("unreachable");
    expect(e.message).toBe("Could not reach the S3 store at https://s3.example.se: connection refused: nothing answers at that address and port. Check that the store is running and that storage.endpoint is its address and port.");
  });

  it("an unknown host and a timeout say what to check", () => {
    expect(describeS3Error(Object.assign(new Error("getaddrinfo ENOTFOUND s3.example.se"), { code: "ENOTFOUND" }), ctx).message).toContain("host name is unknown — check storage.endpoint");
    expect(describeS3Error(Object.assign(new Error("timeout"), { name: "TimeoutError" }), ctx).problem).toBe("unreachable");
  });

  it("credential problems are access problems and name what to fix, not the secret", () => {
    const sig = describeS3Error(sdkError("SignatureDoesNotMatch", 403, "The request signature we calculated does not match"), ctx);
    expect(sig.problem).toBe("access-denied");
    expect(sig.message).toContain("AWS_SECRET_ACCESS_KEY");
    expect(describeS3Error(sdkError("ExpiredToken", 400), ctx).message).toContain("have expired");
    // AccessDenied in the answer's body: the store knows the key, so only its rights are in question.
    const denied = describeS3Error(sdkError("AccessDenied", 403, "Access Denied"), { ...ctx, needs: "s3:PutObject" });
    expect(denied.message).toBe("Access denied: the S3 store at https://s3.example.se does not allow somarkiv to upload sociala-medier/x.pdf (bucket somarkiv). The store knows the access key (AWS_ACCESS_KEY_ID) and its secret, but the key lacks the right: this request needs s3:PutObject; the key's policy (or the bucket policy) must allow s3:GetObject, s3:PutObject and s3:ListBucket on the bucket somarkiv (and s3:PutObjectRetention, for storage.retention).");
    // A bare 403 (a HEAD's, whose second question learned nothing) does not say whether the key is known.
    expect(describeS3Error(sdkError("Forbidden", 403), ctx).message).toContain("The access key (AWS_ACCESS_KEY_ID) may be unknown to the store, or lack the rights");
  });

  it("a busy store is worth retrying; a damaged upload is a checksum problem", () => {
    const busy = describeS3Error(sdkError("ServiceUnavailable", 503), ctx);
    expect(busy.problem).toBe("unreachable");
    expect(busy.retryable).toBe(true);
    expect(describeS3Error(sdkError("BadDigest", 400), ctx).problem).toBe("checksum");
  });

  it("a missing bucket is named", () => {
    const e = describeS3Error(sdkError("NoSuchBucket", 404, "The specified bucket does not exist"), ctx);
    expect(e.problem).toBe("no-bucket");
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("The bucket somarkiv does not exist at https://s3.example.se");
  });

  it("anything else keeps the store's own words", () => {
    const e = describeS3Error(sdkError("InvalidStorageClass", 400, "The storage class you specified is not valid"), ctx);
    expect(e.message).toBe("The S3 store at https://s3.example.se could not upload sociala-medier/x.pdf (bucket somarkiv): InvalidStorageClass: The storage class you specified is not valid");
  });
});

describe("S3 errors carry what they are, apart from their words", () => {
  it("a refusal keeps the fact apart from what to mend, and the message is the two", () => {
    const bucket = describeS3Error(sdkError("NoSuchBucket", 404), ctx);
    expect(bucket).toMatchObject({ problem: "no-bucket", needsPerson: true, spoolSaid: false, fact: "The bucket somarkiv does not exist at https://s3.example.se.", mend: "Create it (see the README) or correct storage.bucket." });
    expect(bucket.message).toBe(`${bucket.fact} ${bucket.mend}`);
    const key = describeS3Error(sdkError("InvalidAccessKeyId", 403), ctx);
    expect(key).toMatchObject({ problem: "access-denied", needsPerson: true, mend: "Check the credentials." });
    const denied = describeS3Error(sdkError("AccessDenied", 403), ctx);
    expect(denied.fact).toBe("Access denied: the S3 store at https://s3.example.se does not allow somarkiv to upload sociala-medier/x.pdf (bucket somarkiv).");
    expect(describeS3Error(sdkError("ExpiredToken", 400), ctx).mend).toBe("Renew them.");
    expect(describeS3Error(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), ctx)).toMatchObject({ problem: "access-denied", fact: "No S3 credentials were found." });
  });

  it("a store that did not answer needs no person, only a later try", () => {
    const down = describeS3Error(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), ctx);
    expect(down).toMatchObject({ problem: "unreachable", needsPerson: false, mend: undefined });
    expect(down.fact).toBe(down.message);
  });
});
