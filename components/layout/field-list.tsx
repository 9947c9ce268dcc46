import type { ReactNode } from "react";

export interface Field {
  label: string;
  value: ReactNode;
}

/** Labels beside their values, one per line: the facts panel of a detail page. */
export function FieldList({ fields }: { fields: Field[] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
      {fields.map(({ label, value }) => (
        <div key={label} className="contents">
          <dt className="font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
