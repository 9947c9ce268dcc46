import type { Metadata } from "next";
import { SubmitImageForm } from "@/components/images/submit-image-form";

export const metadata: Metadata = { title: "Submit an image version" };

export default function SubmitImagePage() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-bold">Submit an image version</h1>
      <p className="text-sm">The console computes the size, SHA-512 and SHA-256 itself; an admin other than you approves the version before it can be endorsed.</p>
      <SubmitImageForm />
    </div>
  );
}
