import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildMultipart, emitYaml, pickUnusedMarker, quoteShellDouble, quoteYamlDouble, YamlBlock } from "./context-text";

describe("quoteShellDouble", () => {
  it("escapes exactly what is special inside sh double quotes", () => {
    expect(quoteShellDouble("plain value")).toBe('"plain value"');
    expect(quoteShellDouble('a"b$c`d\\e\'f')).toBe('"a\\"b\\$c\\`d\\\\e\'f"');
    expect(quoteShellDouble("line1\nline2")).toBe('"line1\nline2"');
    expect(quoteShellDouble("nul\u0000gone")).toBe('"nulgone"');
  });
});

describe("quoteYamlDouble", () => {
  it("stays on one line and escapes what YAML 1.1 treats as line breaks", () => {
    const value = 'q"b\\s\n\r\t\u0085\u2028\u2029\ufeff\u0001é✓';
    const quoted = quoteYamlDouble(value);
    expect(quoted).toBe('"q\\"b\\\\s\\n\\r\t\\u0085\\u2028\\u2029\\ufeff\\u0001é✓"');
    expect(quoted).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
    expect(parseYaml(`v: ${quoted}`)).toEqual({ v: value });
  });
});

describe("emitYaml", () => {
  it("writes nested maps and lists, blocks for file bodies, quotes risky keys", () => {
    const text = emitYaml({
      files: [{ path: "/etc/x", content: new YamlBlock("a=1\n\nb=2\n") }],
      empty: [],
      none: {},
      n: 3,
      flag: true,
      yes: "on",
      "a-b": null,
    });
    expect(text).toBe(
      [
        "files:",
        '  - path: "/etc/x"',
        "    content: |",
        "      a=1",
        "",
        "      b=2",
        "empty: []",
        "none: {}",
        "\"n\": 3",
        "flag: true",
        '"yes": "on"',
        '"a-b": null',
        "",
      ].join("\n"),
    );
    expect(parseYaml(text)).toEqual({ files: [{ path: "/etc/x", content: "a=1\n\nb=2\n" }], empty: [], none: {}, n: 3, flag: true, yes: "on", "a-b": null });
  });

  it("falls back to a quoted scalar when a block would not round-trip", () => {
    for (const body of ["no newline", " leading space\n", "trailing space \n", "two\n\n", "cr\r\n"]) {
      const text = emitYaml({ content: new YamlBlock(body) });
      expect(text.startsWith('content: "')).toBe(true);
      expect(parseYaml(text)).toEqual({ content: body });
    }
  });
});

describe("MIME helpers", () => {
  it("picks a marker that is not in the texts", () => {
    expect(pickUnusedMarker("EOF", ["a", "b"])).toBe("EOF");
    expect(pickUnusedMarker("EOF", ["EOF", "EOF1"])).toBe("EOF2");
  });

  it("declares utf-8 and 8bit only when a part needs it", () => {
    const text = buildMultipart([
      { contentType: "text/x-shellscript", filename: "a.sh", body: "#!/bin/sh\n" },
      { contentType: "text/cloud-config", filename: "b.yaml", body: "#cloud-config\nx: \"é\"\n" },
    ]);
    expect(text).toContain('Content-Type: text/x-shellscript; charset="us-ascii"\nMIME-Version: 1.0\nContent-Transfer-Encoding: 7bit');
    expect(text).toContain('Content-Type: text/cloud-config; charset="utf-8"\nMIME-Version: 1.0\nContent-Transfer-Encoding: 8bit');
    expect(text.endsWith("--==cloudscope-boundary==--\n")).toBe(true);
  });
});
