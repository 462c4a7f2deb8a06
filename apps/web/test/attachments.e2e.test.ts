// Files in Debian's Chromium against a real server: images both ways through authenticated
// downloads (blob URLs), paste and drag-and-drop, the size check, the lightbox; history
// paging that keeps the reader's place; and the screenshots of the dashboard and the
// widget. The tests build on each other (see session.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { offsetOf, sdkCustomer, seedHistory } from "./dashboard.ts";
import { samplePhoto } from "./png.ts";
import { DESKTOP, T, setupSession } from "./session.ts";

const s = setupSession("attachments");

/** A visitor's conversation, open on both sides. */
beforeAll(async () => {
  await s.customerPage.goto(
    `${s.server.url}/demo/?token=${await s.server.token(s.VISITOR, "customer")}`,
  );
  await s.customer.open();
  await s.customer.send("Hi! Here is the receipt I mentioned.");
  await s.agent.room(s.VISITOR).click();
  await s.agent.messages.getByText("Hi! Here is the receipt I mentioned.").waitFor({ timeout: T });
});

describe("images", () => {
  it("a customer's PNG shows to the agent as a loaded image from a blob URL", async () => {
    const input = s.customer.frame.locator('input[type="file"]');
    await input.setInputFiles({
      name: "receipt.png",
      mimeType: "image/png",
      buffer: samplePhoto(),
    });
    const thumb = s.agent.messages
      .getByRole("button", { name: "View image receipt.png" })
      .locator("img");
    await thumb.waitFor({ timeout: T });
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(480);
    expect(await thumb.getAttribute("src")).toMatch(/^blob:/);
    const own = s.customer.messages
      .getByRole("button", { name: "View image receipt.png" })
      .locator("img");
    await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    await screenshot(s.customerPage, "widget-image");
  });

  it("the agent pastes a screenshot into the reply box; the customer sees it", async () => {
    const b64 = samplePhoto(320, 200).toString("base64");
    await s.agent.input.evaluate((el, data) => {
      const files = new DataTransfer();
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      files.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
      el.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: files, bubbles: true, cancelable: true }),
      );
    }, b64);
    const img = s.customer.messages
      .getByRole("button", { name: "View image screenshot.png" })
      .locator("img");
    await expect
      .poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), { timeout: T })
      .toBe(320);
  });

  it("the customer drops a photo onto the widget; the agent sees it", async () => {
    const b64 = samplePhoto(300, 240).toString("base64");
    const zone = s.customer.frame.locator(".sb-dropzone");
    await zone.evaluate((el, data) => {
      const files = new DataTransfer();
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      files.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
      (window as unknown as { __drop: DataTransfer }).__drop = files;
      el.dispatchEvent(
        new DragEvent("dragenter", { dataTransfer: files, bubbles: true, cancelable: true }),
      );
    }, b64);
    await s.customer.frame.getByText("Drop files to send").waitFor({ timeout: T });
    await screenshot(s.customerPage, "widget-drop");
    await zone.evaluate((el) => {
      const files = (window as unknown as { __drop: DataTransfer }).__drop;
      el.dispatchEvent(
        new DragEvent("drop", { dataTransfer: files, bubbles: true, cancelable: true }),
      );
    });
    const img = s.agent.messages
      .getByRole("button", { name: "View image dropped.png" })
      .locator("img");
    await expect
      .poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), { timeout: T })
      .toBe(300);
    expect(await s.customer.frame.getByText("Drop files to send").count()).toBe(0);
  });

  it("opens the full image in a lightbox, which Escape closes", async () => {
    await s.agent.messages.getByRole("button", { name: "View image receipt.png" }).click();
    const box = s.agentPage.getByRole("dialog", { name: "receipt.png" });
    await box.getByRole("link", { name: "Open in new tab" }).waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-lightbox");
    await s.agentPage.keyboard.press("Escape");
    await box.waitFor({ state: "detached", timeout: T });
  });

  it("refuses a file over 10 MB before uploading, with a clear message", async () => {
    const input = s.customer.frame.locator('input[type="file"]');
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    await input.setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: big });
    const alert = s.customer.frame.getByRole("alert").filter({ hasText: "scan.pdf" });
    await alert
      .getByText("is too large (10.0 MB). Files can be up to 10 MB.")
      .waitFor({ timeout: T });
    await screenshot(s.customerPage, "widget-file-error");
    await s.customer.frame.getByRole("button", { name: "Dismiss" }).click();
  });
});

describe("history", () => {
  it("loads earlier messages at the top and keeps the reader's place", async () => {
    const hal = await sdkCustomer(s.server, `hal-${s.run}`);
    s.sdkClients.push(hal);
    await seedHistory(s.db, hal.roomId, [`hal-${s.run}`, s.AGENT], 80);
    // The seeded messages went straight into the database, behind the page's back, and the
    // inbox lists only rooms with a message: a reload reads it again.
    await s.agentPage.reload();
    await s.rowOf(hal.roomId).click();
    await s.agent.messages.getByText("history 79", { exact: true }).waitFor({ timeout: T });
    expect(await s.agent.messages.getByText("history 29", { exact: true }).count()).toBe(0);
    await s.agent.messages.getByRole("button", { name: "Load earlier messages" }).waitFor();

    const before = await offsetOf(s.agent.messages, "history 30", true);
    await s.agent.messages.getByText("history 0", { exact: true }).waitFor({ timeout: T });
    await s.agent.messages.getByText("Start of conversation").waitFor({ timeout: T });
    const after = await offsetOf(s.agent.messages, "history 30");
    expect(Math.abs(after - before)).toBeLessThanOrEqual(2);
  });
});

describe("screenshots", () => {
  it("saves the dashboard with a conversation, an image and the customer panel", async () => {
    await s.agent.room(s.VISITOR).click();
    await s.agent.messages
      .getByRole("button", { name: "View image receipt.png" })
      .locator("img")
      .waitFor();
    await screenshot(s.agentPage, "dashboard-desktop");
  });

  it("fits a tablet (details on request) and a phone (one pane at a time)", async () => {
    await s.agentPage.setViewportSize({ width: 1024, height: 768 });
    const panel = s.agentPage.getByRole("complementary", { name: "Customer details" });
    await panel.waitFor({ state: "hidden", timeout: T });
    await s.agent.view.getByRole("button", { name: "Customer details" }).click();
    await panel.waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-tablet-details");
    await panel.getByRole("button", { name: "Hide customer details" }).click();

    await s.agentPage.setViewportSize({ width: 390, height: 844 });
    await screenshot(s.agentPage, "dashboard-phone-chat");
    await s.agent.view.getByRole("button", { name: "Back to inbox" }).click();
    await s.agent.room(s.VISITOR).waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-phone-inbox");
    await s.agentPage.setViewportSize(DESKTOP);
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
