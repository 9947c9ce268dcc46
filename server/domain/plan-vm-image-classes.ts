import type { VmImageVerdict } from "./classify-vm-image";
import type { VmImageClass } from "./vocabulary";

/** A VM's image as the provider lists it, with the classification its row holds. */
export interface StoredVmImageClass {
  id: number;
  imageRef: string | null;
  imageClass: VmImageClass | null;
  imageVersionId: number | null;
  imageModified: string | null;
}

export interface VmImageClassPatch {
  id: number;
  imageClass: VmImageClass;
  imageVersionId: number | null;
  imageModified: string | null;
}

/**
 * The rows whose stored classification differs from what their image is judged now. Each
 * image is judged once however many VMs run it, and a poll that changes nothing writes nothing.
 */
export function planVmImageClasses(vms: readonly StoredVmImageClass[], judge: (imageRef: string | null) => VmImageVerdict): VmImageClassPatch[] {
  const verdicts = new Map<string | null, VmImageVerdict>();
  const patches: VmImageClassPatch[] = [];
  for (const vm of vms) {
    let verdict = verdicts.get(vm.imageRef);
    if (!verdict) verdicts.set(vm.imageRef, (verdict = judge(vm.imageRef)));
    if (verdict.class === vm.imageClass && verdict.versionId === vm.imageVersionId && verdict.modified === vm.imageModified) continue;
    patches.push({ id: vm.id, imageClass: verdict.class, imageVersionId: verdict.versionId, imageModified: verdict.modified });
  }
  return patches;
}
