import { describe, expect, it } from "vitest";
import { decideMetricsAccess } from "./metrics-access";

describe("metrics access", () => {
  it.each([
    ["the loopback demo without a token is open", { token: undefined, authorization: null, realInstallation: false }, true, undefined],
    ["a real installation without a token is refused, saying what to set", { token: undefined, authorization: "Bearer x", realInstallation: true }, false, 403],
    ["a scrape without the token gets 401", { token: "s3cret", authorization: null, realInstallation: false }, false, 401],
    ["a wrong token gets 401", { token: "s3cret", authorization: "Bearer s3cre", realInstallation: true }, false, 401],
    ["the right bearer token is let in", { token: "s3cret", authorization: "Bearer s3cret", realInstallation: true }, true, undefined],
  ] as const)("%s", (_, input, allowed, status) => {
    const access = decideMetricsAccess(input);
    expect(access.allowed).toBe(allowed);
    if (!access.allowed) expect(access.status).toBe(status);
    if (!access.allowed && status === 403) expect(access.message).toContain("CLOUDSCOPE_METRICS_TOKEN");
  });
});
