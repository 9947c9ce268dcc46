import type { OperationView } from "@/server/rest/list-operations";
import { Section } from "@/components/layout/section";
import { HeaderCells } from "@/components/tables/header-cells";

/** Each REST operation: what it does, who may call it, its inputs and its answers. */
export function OperationList({ operations }: { operations: OperationView[] }) {
  return (
    <div className="flex flex-col gap-3">
      {operations.map((op) => (
        <Section key={op.id} title={`${op.method} ${op.path}`}>
          <p className="text-sm">{op.summary}</p>
          {op.description && <p className="mt-1 text-sm whitespace-pre-line text-zinc-600 dark:text-zinc-400">{op.description}</p>}
          {op.inputs.length > 0 && (
            <table aria-label={`Inputs of ${op.method} ${op.path}`} className="mt-2 w-full border-collapse text-sm">
              <thead className="bg-zinc-100 dark:bg-zinc-800">
                <tr>
                  <HeaderCells headers={["Name", "In", "Type", "Required"]} />
                </tr>
              </thead>
              <tbody>
                {op.inputs.map((input) => (
                  <tr key={`${input.where}-${input.name}`} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="px-2 py-1 text-left font-mono font-medium">
                      {input.name}
                    </th>
                    <td className="px-2 py-1">{input.where}</td>
                    <td className="px-2 py-1 font-mono text-xs">{input.type}</td>
                    <td className="px-2 py-1">{input.required ? "yes" : "no"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Answers: {op.statuses.join(", ")}</p>
        </Section>
      ))}
    </div>
  );
}
