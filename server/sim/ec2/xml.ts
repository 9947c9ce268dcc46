/** The few XML writers an EC2 Query response needs. */

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function text(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function node(name: string, ...children: string[]): string {
  return `<${name}>${children.join("")}</${name}>`;
}

/** An EC2 list: <nameSet><item>…</item>…</nameSet> (or any other list element name). */
export function set(name: string, items: string[]): string {
  return node(name, ...items.map((item) => node("item", item)));
}
