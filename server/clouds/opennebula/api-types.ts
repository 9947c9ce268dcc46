import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { IMAGE_VERSION_ID_PROPERTY } from "../../domain/vm-metadata";
import { MalformedReplyError } from "../errors";
import { parseReply } from "../parse";

/** Elements that repeat; the parser would otherwise give a lone one as an object. */
const REPEATED = new Set(["VM_POOL.VM", "VM_POOL.VM.TEMPLATE.NIC", "VM_POOL.VM.TEMPLATE.DISK", "IMAGE_POOL.IMAGE"]);

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (_name, jpath) => REPEATED.has(String(jpath)) });

/** Parses the XML document OpenNebula returns inside a reply string, then checks its shape. */
export function parseOneXml<S extends z.ZodType>(schema: S, text: string, what: string): z.infer<S> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new MalformedReplyError(what, `body is not XML (${valid.err.msg})`);
  return parseReply(schema, parser.parse(text), what);
}

const intText = z.string().trim().regex(/^-?\d+$/, "expected an integer").transform(Number);
const numberText = z.string().trim().regex(/^-?\d+(\.\d+)?$/, "expected a number").transform(Number);
/** An empty element (<VM_POOL/>) parses as "", a missing one as undefined. */
const orEmpty = (v: unknown) => (v === "" || v === undefined ? {} : v);

const nicSchema = z.object({ IP: z.string().optional(), NETWORK: z.string().optional() });
const diskSchema = z.object({ IMAGE_ID: z.string().optional() });

const vmSchema = z.object({
  ID: intText,
  NAME: z.string(),
  STATE: intText,
  LCM_STATE: intText,
  STIME: intText,
  TEMPLATE: z.preprocess(
    orEmpty,
    z.object({
      NIC: z.array(nicSchema).default([]),
      DISK: z.array(diskSchema).default([]),
      VCPU: intText.optional(),
      MEMORY: intText.optional(),
    }),
  ),
  /** Free attributes: ours (metadata) and OpenNebula's ERROR; nested vectors are not metadata. */
  USER_TEMPLATE: z.preprocess(orEmpty, z.record(z.string(), z.unknown())),
});
export type OneVm = z.infer<typeof vmSchema>;

export const vmPoolSchema = z.object({
  VM_POOL: z.preprocess(orEmpty, z.object({ VM: z.array(vmSchema).default([]) })),
});

/** The template attribute naming the catalogue version an image holds (OpenNebula upper-cases names). */
export const ONE_VERSION_ATTRIBUTE = IMAGE_VERSION_ID_PROPERTY.toUpperCase();

const imageSchema = z.object({
  ID: intText,
  NAME: z.string(),
  /** 0 OS, 1 CDROM, 2 DATABLOCK, 3 KERNEL, 4 RAMDISK, 5 CONTEXT. */
  TYPE: intText,
  STATE: intText,
  /** MB. */
  SIZE: numberText,
  TEMPLATE: z.preprocess(
    orEmpty,
    z.object({ MD5: z.string().optional(), SHA1: z.string().optional(), ERROR: z.string().optional(), [ONE_VERSION_ATTRIBUTE]: z.string().optional() }),
  ),
});
export type OneImage = z.infer<typeof imageSchema>;

export const imageInfoSchema = z.object({ IMAGE: imageSchema });

export const imagePoolSchema = z.object({
  IMAGE_POOL: z.preprocess(orEmpty, z.object({ IMAGE: z.array(imageSchema).default([]) })),
});

/** Limits: a number, -1 "the default quota", -2 unlimited. CPU may be fractional; MEMORY is MB. */
const vmQuotaSchema = z.object({
  VMS: numberText,
  VMS_USED: numberText,
  CPU: numberText,
  CPU_USED: numberText,
  MEMORY: numberText,
  MEMORY_USED: numberText,
});
export type OneVmQuota = z.infer<typeof vmQuotaSchema>;

/** <VM_QUOTA/> is empty until the user first allocates a VM. */
const quotaBlock = z.preprocess(orEmpty, z.object({ VM: vmQuotaSchema.optional() }));

export const userSchema = z.object({
  USER: z.object({
    VM_QUOTA: quotaBlock,
    DEFAULT_USER_QUOTAS: z.preprocess(orEmpty, z.object({ VM_QUOTA: quotaBlock })),
  }),
});
export type OneUser = z.infer<typeof userSchema>["USER"];
