import type { Locator, Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /vms/<id>: one VM, its history and its drain and destroy buttons. */
export class VmPage {
  constructor(private readonly page: Page) {}

  async open(vmId: number): Promise<void> {
    await this.page.goto(`/vms/${vmId}`);
    await waitForHydration(this.page);
  }

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  /** The VM's own state badge, in its heading. */
  stateBadge(): Locator {
    return this.heading().locator("span[title^='provider state:']");
  }

  details(): Locator {
    return this.page.getByRole("region", { name: "Details" });
  }

  metadata(): Locator {
    return this.page.getByRole("region", { name: "Metadata" });
  }

  /** One row per state transition, oldest first, the header row excluded. */
  transitions(): Locator {
    return this.page.getByRole("table", { name: "State transitions" }).locator("tbody tr");
  }

  actions(): Locator {
    return this.page.getByRole("table", { name: "Actions on this VM" }).locator("tbody tr");
  }

  auditEntries(): Locator {
    return this.page.getByRole("table", { name: "Audit entries touching this VM" }).locator("tbody tr");
  }

  drainButton(): Locator {
    return this.page.getByRole("button", { name: "Drain…" });
  }

  destroyButton(): Locator {
    return this.page.getByRole("button", { name: "Destroy…" });
  }
}
