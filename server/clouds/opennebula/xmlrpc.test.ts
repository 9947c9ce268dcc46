import { describe, expect, it } from "vitest";
import { CloudApiError } from "../errors";
import { errorFromOne, parseMethodResponse, serializeMethodCall, unwrapOneReply } from "./xmlrpc";

const response = (value: string) => `<?xml version="1.0"?><methodResponse><params><param><value>${value}</value></param></params></methodResponse>`;

describe("serializeMethodCall", () => {
  it("writes strings, ints, booleans and arrays, escaping text", () => {
    expect(serializeMethodCall("one.vm.allocate", ["a:b", 'NAME = "x<&>"', -2, false, [1, true]])).toBe(
      '<?xml version="1.0"?><methodCall><methodName>one.vm.allocate</methodName><params>' +
        "<param><value><string>a:b</string></value></param>" +
        '<param><value><string>NAME = "x&lt;&amp;&gt;"</string></value></param>' +
        "<param><value><i4>-2</i4></value></param>" +
        "<param><value><boolean>0</boolean></value></param>" +
        "<param><value><array><data><value><i4>1</i4></value><value><boolean>1</boolean></value></data></array></value></param>" +
        "</params></methodCall>",
    );
  });

  it("refuses a fractional number, which XML-RPC ints cannot carry", () => {
    expect(() => serializeMethodCall("m", [1.5])).toThrow(/not an integer/);
  });
});

describe("parseMethodResponse", () => {
  it("reads OpenNebula's envelope with whitespace between values and XML inside the string", () => {
    const value = parseMethodResponse(
      response("<array><data>\r\n<value><boolean>1</boolean></value>\r\n<value><string>&lt;VM_POOL&gt;&lt;/VM_POOL&gt;</string></value>\r\n<value><i4>0</i4></value>\r\n</data></array>"),
      "reply",
    );
    expect(value).toEqual([true, "<VM_POOL></VM_POOL>", 0]);
  });

  it("takes an untyped value as a string and keeps its spaces", () => {
    expect(parseMethodResponse(response("  two words "), "reply")).toBe("  two words ");
  });

  it("turns a fault into bad_request with the fault string", () => {
    const fault =
      '<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>-506</i4></value></member>' +
      "<member><name>faultString</name><value><string>Method 'one.nope' not defined</string></value></member></struct></value></fault></methodResponse>";
    expect(() => parseMethodResponse(fault, "reply")).toThrow(expect.objectContaining({ kind: "bad_request", message: "XML-RPC fault -506: Method 'one.nope' not defined" }));
  });

  it("rejects a body that is not XML", () => {
    expect(() => parseMethodResponse("<html><body>Bad Gateway", "OpenNebula reply")).toThrow(expect.objectContaining({ kind: "malformed_reply", message: expect.stringContaining("not XML") }));
  });

  it("names the value it cannot read", () => {
    expect(() => parseMethodResponse(response("<array><data><value><i4>x</i4></value></data></array>"), "OpenNebula reply")).toThrow(
      expect.objectContaining({ kind: "malformed_reply", message: expect.stringContaining("methodResponse.params.param.value") }),
    );
  });
});

describe("unwrapOneReply", () => {
  it("gives the result of a successful call", () => {
    expect(unwrapOneReply([true, 42, 0], "reply")).toBe(42);
  });

  it("raises OpenNebula's message with the kind its errcode means", () => {
    expect(() => unwrapOneReply([false, "[one.vm.action] Error getting virtual machine [9].", 0x0400], "reply")).toThrow(
      expect.objectContaining({ kind: "not_found", message: "[one.vm.action] Error getting virtual machine [9]." }),
    );
  });

  it("rejects an envelope without the success flag", () => {
    expect(() => unwrapOneReply(["yes", 42], "OpenNebula reply")).toThrow(expect.objectContaining({ kind: "malformed_reply", message: expect.stringContaining('field "0"') }));
  });
});

describe("errorFromOne", () => {
  it.each([
    [0x0100, "User couldn't be authenticated, aborting call.", "auth"],
    [0x0200, "[one.vm.action] User [2] : Not authorized to perform MANAGE VM [1].", "auth"],
    [0x0200, "User [2] : user [2] limit of 3 reached for VMS quota in VM.", "quota"],
    [0x0400, "Error getting virtual machine [9].", "not_found"],
    [0x0800, "Wrong state to perform action", "bad_request"],
    [0x1000, "Wrong parameter", "bad_request"],
    [0x2000, "internal error", "server_error"],
    [0x4000, "limit of 8 reached for CPU quota", "quota"],
    [0x4000, "Error allocating a new virtual machine. Error getting image [9].", "bad_request"],
    [0x8000, "The VM is locked", "server_error"],
  ] as const)("errcode %i (%s) is %s", (errcode, message, kind) => {
    const err = errorFromOne(errcode, message);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ kind, message });
  });
});
