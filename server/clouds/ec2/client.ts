import { EC2Client, EC2ServiceException } from "@aws-sdk/client-ec2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { z } from "zod";
import type { DriverConfig } from "../driver";
import { CloudApiError, MalformedReplyError, toCloudApiError } from "../errors";
import { errorFromStatus } from "../http";
import type { Ec2Credentials } from "./spec";

export function createEc2Client(config: DriverConfig<Ec2Credentials>): EC2Client {
  return new EC2Client({
    endpoint: config.endpoint,
    region: config.region ?? "us-east-1",
    credentials: config.credentials,
    maxAttempts: 1,
    // Pinned so that an operator's AWS environment or ~/.aws/config cannot redirect a private cloud.
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // Without throwOnRequestTimeout the handler only logs a warning and keeps waiting.
    requestHandler: new NodeHttpHandler({ requestTimeout: config.timeoutMs, connectionTimeout: config.timeoutMs, throwOnRequestTimeout: true }),
  });
}

const BAD_REQUEST_CODES = new Set(["InvalidParameterValue", "MissingParameter", "InvalidParameterCombination", "InvalidParameter"]);

const sdkMetadata = z.object({ $metadata: z.object({ httpStatusCode: z.number().optional() }) });

/** Classifies an SDK failure, keeping the provider's own message. */
export function toEc2Error(err: unknown, action: string): CloudApiError {
  if (err instanceof EC2ServiceException) {
    const status = err.$metadata.httpStatusCode ?? 500;
    const code = err.name;
    const message = `${code}: ${err.message}`;
    // ec2-api on OpenStack passes a Nova quota refusal through under its class name.
    if (code === "InstanceLimitExceeded" || (code === "Forbidden" && /quota/i.test(err.message))) return new CloudApiError("quota", message, { status, cause: err });
    if (code === "RequestLimitExceeded") return new CloudApiError("rate_limited", message, { status, cause: err });
    if (code === "AuthFailure") return new CloudApiError("auth", message, { status, cause: err });
    if (code.startsWith("InvalidAMIID.") || code === "InvalidInstanceID.NotFound") return new CloudApiError("not_found", message, { status, cause: err });
    if (code === "InsufficientInstanceCapacity") return new CloudApiError("server_error", message, { status, cause: err });
    if (BAD_REQUEST_CODES.has(code)) return new CloudApiError("bad_request", message, { status, cause: err });
    return errorFromStatus(status, message, null);
  }
  // The SDK marks a reply it could not deserialize with a hidden $response.
  if (err instanceof Error && "$response" in err) {
    const status = sdkMetadata.safeParse(err).data?.$metadata.httpStatusCode ?? 200;
    // A proxy's error page is not a protocol violation: the status says what happened.
    if (status >= 400) return errorFromStatus(status, `HTTP ${status} with a body that is not EC2 XML`, null);
    return new MalformedReplyError(`EC2 ${action} reply`, `body is not XML (${err.message.split("\n")[0]})`);
  }
  return toCloudApiError(err);
}
