/** OpenNebula template text: `NAME = value` lines and `NAME = [ a = b, c = "d" ]` vectors. */
export type TemplateValue = string | Record<string, string>;

export interface TemplateAttribute {
  /** Upper-cased, as OpenNebula stores names. */
  name: string;
  value: TemplateValue;
}

export class TemplateSyntaxError extends Error {}

export function parseTemplate(text: string): TemplateAttribute[] {
  let i = 0;
  const fail = (what: string): never => {
    throw new TemplateSyntaxError(`syntax error, ${what} at offset ${i}`);
  };
  const skipBlank = () => {
    while (i < text.length) {
      if (/\s/.test(text[i]!)) i += 1;
      else if (text[i] === "#") while (i < text.length && text[i] !== "\n") i += 1;
      else break;
    }
  };
  const readName = (): string => {
    skipBlank();
    const match = /^[A-Za-z0-9_]+/.exec(text.slice(i, i + 256));
    if (!match) return fail("attribute name expected");
    i += match[0].length;
    return match[0].toUpperCase();
  };
  const expect = (c: string) => {
    skipBlank();
    if (text[i] !== c) fail(`"${c}" expected`);
    i += 1;
  };
  const readScalar = (): string => {
    skipBlank();
    if (text[i] === '"') {
      i += 1;
      let out = "";
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i += 1;
        out += text[i];
        i += 1;
      }
      if (text[i] !== '"') fail("unterminated string");
      i += 1;
      return out;
    }
    const start = i;
    while (i < text.length && !/[\s,\]]/.test(text[i]!)) i += 1;
    if (i === start) fail("value expected");
    return text.slice(start, i);
  };

  const out: TemplateAttribute[] = [];
  for (skipBlank(); i < text.length; skipBlank()) {
    const name = readName();
    expect("=");
    skipBlank();
    if (text[i] !== "[") {
      out.push({ name, value: readScalar() });
      continue;
    }
    i += 1;
    const vector: Record<string, string> = {};
    for (;;) {
      skipBlank();
      if (text[i] === "]") break;
      const key = readName();
      expect("=");
      vector[key] = readScalar();
      skipBlank();
      if (text[i] === ",") i += 1;
      else if (text[i] !== "]") fail('"," or "]" expected');
    }
    i += 1;
    out.push({ name, value: vector });
  }
  return out;
}
