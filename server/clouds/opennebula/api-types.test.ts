import { describe, expect, it } from "vitest";
import { imagePoolSchema, parseOneXml, userSchema, vmPoolSchema } from "./api-types";

const VM = (inner: string) =>
  `<VM><ID>4</ID><NAME>wn</NAME>${inner}<STIME>1767225600</STIME><TEMPLATE><CPU><![CDATA[1]]></CPU><NIC><IP><![CDATA[10.0.0.4]]></IP></NIC></TEMPLATE><USER_TEMPLATE/></VM>`;

describe("parseOneXml", () => {
  it("reads a pool with one VM, CDATA values and a single NIC", () => {
    const pool = parseOneXml(vmPoolSchema, `<VM_POOL>${VM("<STATE>3</STATE><LCM_STATE>3</LCM_STATE>")}</VM_POOL>`, "pool");
    expect(pool.VM_POOL.VM).toEqual([
      { ID: 4, NAME: "wn", STATE: 3, LCM_STATE: 3, STIME: 1767225600, TEMPLATE: { NIC: [{ IP: "10.0.0.4" }], DISK: [] }, USER_TEMPLATE: {} },
    ]);
  });

  it("reads an empty pool", () => {
    expect(parseOneXml(vmPoolSchema, "<VM_POOL/>", "pool").VM_POOL.VM).toEqual([]);
  });

  it("names a missing STATE", () => {
    expect(() => parseOneXml(vmPoolSchema, `<VM_POOL>${VM("<LCM_STATE>3</LCM_STATE>")}</VM_POOL>`, "OpenNebula VM pool")).toThrow(
      expect.objectContaining({ kind: "malformed_reply", message: expect.stringContaining('field "VM_POOL.VM.0.STATE"') }),
    );
  });

  it("names a state that is not a number", () => {
    expect(() => parseOneXml(vmPoolSchema, `<VM_POOL>${VM("<STATE>3</STATE><LCM_STATE>RUNNING</LCM_STATE>")}</VM_POOL>`, "OpenNebula VM pool")).toThrow(
      expect.objectContaining({ message: expect.stringContaining('field "VM_POOL.VM.0.LCM_STATE": expected an integer') }),
    );
  });

  it("rejects text that is not XML", () => {
    expect(() => parseOneXml(vmPoolSchema, "<VM_POOL><VM>", "OpenNebula VM pool")).toThrow(expect.objectContaining({ kind: "malformed_reply", message: expect.stringContaining("not XML") }));
  });

  it("names a missing image size", () => {
    expect(() => parseOneXml(imagePoolSchema, "<IMAGE_POOL><IMAGE><ID>7</ID><NAME>cernvm</NAME><TYPE>0</TYPE><STATE>1</STATE></IMAGE></IMAGE_POOL>", "images")).toThrow(
      expect.objectContaining({ message: expect.stringContaining('field "IMAGE_POOL.IMAGE.0.SIZE"') }),
    );
  });

  it("names a quota figure that is missing", () => {
    const user = "<USER><VM_QUOTA><VM><VMS>3</VMS><CPU>4</CPU><CPU_USED>1</CPU_USED><MEMORY>-1</MEMORY><MEMORY_USED>0</MEMORY_USED></VM></VM_QUOTA></USER>";
    expect(() => parseOneXml(userSchema, user, "user")).toThrow(expect.objectContaining({ message: expect.stringContaining('field "USER.VM_QUOTA.VM.VMS_USED"') }));
  });
});
