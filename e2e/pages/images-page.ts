import type { Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** /images/submit, /approvals and /images/<id>: submitting, deciding on, endorsing and revoking a version. */
export class ImagesPage {
  constructor(private readonly page: Page) {}

  /** Submits a version by upload from the browser and returns the image's page id. */
  async submitByUpload({ imageName, version, osVersion, file }: { imageName: string; version: string; osVersion: string; file: string }): Promise<number> {
    await this.page.goto("/images/submit");
    await waitForHydration(this.page);
    const form = this.page.getByRole("form", { name: "Submit an image version" });
    await form.getByLabel("Image name").fill(imageName);
    await form.getByLabel("Version", { exact: true }).fill(version);
    await form.getByLabel("OS version").fill(osVersion);
    await form.getByLabel("Upload from this computer").check();
    await form.getByLabel("Image file").setInputFiles(file);
    await form.getByRole("button", { name: "Submit for approval" }).click();
    await this.page.waitForURL(/\/images\/\d+$/);
    return Number(/\/images\/(\d+)$/.exec(this.page.url())![1]);
  }

  async approve(label: string, reason: string): Promise<void> {
    await this.page.goto("/approvals");
    await waitForHydration(this.page);
    const pending = this.page.getByRole("region", { name: label });
    await pending.getByLabel(`Reason for ${label}`).fill(reason);
    await pending.getByRole("button", { name: "Approve" }).click();
    await pending.waitFor({ state: "detached" });
  }

  async openImage(imageId: number): Promise<void> {
    await this.page.goto(`/images/${imageId}`);
    await waitForHydration(this.page);
  }

  version(version: string) {
    return this.page.getByRole("region", { name: `Version ${version}` });
  }

  async endorse(label: string, channel: "testing" | "production"): Promise<void> {
    await this.page.getByRole("button", { name: `Endorse ${label} into ${channel}` }).click();
  }

  async revoke(version: string, label: string, reason: string): Promise<void> {
    const card = this.version(version);
    await card.getByLabel("Reason to revoke").fill(reason);
    await card.getByRole("button", { name: `Revoke ${label}` }).click();
  }
}
