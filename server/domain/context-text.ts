/**
 * Text builders for contextualization: shell and YAML quoting, a small YAML emitter and
 * MIME multipart. Written here rather than borrowed because cloud-init reads YAML with
 * PyYAML (YAML 1.1, where NEL and U+2028/2029 are line breaks) and Puppet with Psych,
 * so every character that is not plainly printable is escaped.
 */

/** A value inside sh double quotes: only \ $ ` " are special there; newlines stay literal. NUL cannot exist in sh. */
export function quoteShellDouble(value: string): string {
  return `"${value.replace(/\u0000/g, "").replace(/[\\$`"]/g, "\\$&")}"`;
}

// Control characters, DEL, C1 (incl. NEL), the YAML 1.1 line/paragraph separators, BOM, lone surrogates.
const YAML_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const YAML_UNSAFE_GLOBAL = new RegExp(YAML_UNSAFE.source, "g");
const YAML_ESCAPES: Record<string, string> = { "\u0000": "\\0", "\u0007": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\u000b": "\\v", "\f": "\\f", "\r": "\\r", "\u001b": "\\e" };

/** A YAML double-quoted scalar on one line, readable by YAML 1.1 and 1.2 parsers alike. */
export function quoteYamlDouble(value: string): string {
  const escaped = value
    .replace(/[\\"]/g, "\\$&")
    .replace(YAML_UNSAFE_GLOBAL, (ch) => YAML_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `"${escaped}"`;
}

/** A file body shown as a `|` block, which is how people write cloud-config by hand. */
export class YamlBlock {
  constructor(readonly text: string) {}
}

export type YamlValue = string | number | boolean | null | YamlBlock | YamlValue[] | { [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z0-9_]+)*$/;
// YAML 1.1 reads these plain words as booleans or null: never leave such a key unquoted.
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

function emitKey(key: string): string {
  return PLAIN_KEY.test(key) && !YAML11_WORDS.test(key) ? key : quoteYamlDouble(key);
}

/** A literal block is only used when it round-trips exactly: one trailing newline, no leading space, nothing unsafe. */
function canBeBlock(text: string): boolean {
  return text.endsWith("\n") && !text.endsWith("\n\n") && !/^[ \t\n]/.test(text) && !/[ \t]\n/.test(text) && !YAML_UNSAFE.test(text.replace(/\n/g, "").replace(/\t/g, ""));
}

function emitScalar(value: string | number | boolean | null | YamlBlock, indent: string): string {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof YamlBlock) {
    if (!canBeBlock(value.text)) return quoteYamlDouble(value.text);
    const lines = value.text.slice(0, -1).split("\n");
    return `|\n${lines.map((line) => (line === "" ? "" : `${indent}  ${line}`)).join("\n")}`;
  }
  return quoteYamlDouble(value);
}

function isCollection(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } {
  return typeof value === "object" && value !== null && !(value instanceof YamlBlock);
}

function emitNode(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (!isCollection(item) || (Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0)) {
        return [`${indent}- ${emitScalarOrEmpty(item, `${indent}  `)}`];
      }
      const [first = "", ...rest] = emitNode(item, `${indent}  `);
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
    });
  }
  if (isCollection(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, item]) => {
      const head = `${indent}${emitKey(key)}:`;
      if (isCollection(item) && (Array.isArray(item) ? item.length > 0 : Object.keys(item).length > 0)) return [head, ...emitNode(item, `${indent}  `)];
      return [`${head} ${emitScalarOrEmpty(item, indent)}`];
    });
  }
  return [`${indent}${emitScalar(value, indent)}`];
}

function emitScalarOrEmpty(value: YamlValue, indent: string): string {
  if (Array.isArray(value)) return "[]";
  if (isCollection(value)) return "{}";
  return emitScalar(value, indent);
}

/** A YAML document for a mapping, ending with a newline. */
export function emitYaml(value: { [key: string]: YamlValue }): string {
  return `${emitNode(value, "").join("\n")}\n`;
}

export interface MimePart {
  contentType: string;
  filename: string;
  body: string;
}

/** A boundary or heredoc marker that occurs nowhere in the given texts (deterministic, for snapshots). */
export function pickUnusedMarker(base: string, texts: readonly string[]): string {
  for (let n = 0; ; n++) {
    const marker = n === 0 ? base : `${base}${n}`;
    if (!texts.some((text) => text.includes(marker))) return marker;
  }
}

/** multipart/mixed as cloud-init and amiconfig read it. */
export function buildMultipart(parts: readonly MimePart[]): string {
  const boundary = pickUnusedMarker("==cloudscope-boundary==", parts.map((p) => p.body));
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, "MIME-Version: 1.0", ""];
  for (const part of parts) {
    const ascii = /^[\x00-\x7f]*$/.test(part.body);
    lines.push(
      `--${boundary}`,
      `Content-Type: ${part.contentType}; charset="${ascii ? "us-ascii" : "utf-8"}"`,
      "MIME-Version: 1.0",
      `Content-Transfer-Encoding: ${ascii ? "7bit" : "8bit"}`,
      `Content-Disposition: attachment; filename="${part.filename}"`,
      "",
      part.body.endsWith("\n") ? part.body.slice(0, -1) : part.body,
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\n");
}
