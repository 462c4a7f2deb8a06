import { describe, expect, it } from "vitest";
import { fileProblem, formatBytes, MAX_FILE_BYTES, sortFiles } from "./files.ts";

const file = (name: string, type: string, size = 1000) => ({ name, type, size });

describe("file checks", () => {
  it("accepts images and PDF up to 10 MB", () => {
    for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"]) {
      expect(fileProblem(file("a", type, MAX_FILE_BYTES))).toBeNull();
    }
  });

  it("explains what is wrong", () => {
    expect(fileProblem(file("setup.exe", "application/x-msdownload"))).toBe(
      "“setup.exe” can't be sent. You can send images (PNG, JPEG, GIF, WebP) and PDF files.",
    );
    expect(fileProblem(file("scan.pdf", "application/pdf", MAX_FILE_BYTES + 1))).toBe(
      "“scan.pdf” is too large (10.0 MB). Files can be up to 10 MB.",
    );
    expect(fileProblem(file("big.png", "image/png", 23 * 1024 * 1024))).toMatch(/\(23\.0 MB\)/);
    expect(fileProblem(file("a.png", "image/png", 0))).toBe("“a.png” is empty.");
  });

  it("keeps the good files of a mixed batch and reports the others once", () => {
    const batch = [file("a.png", "image/png"), file("b.zip", "application/zip"), file("c.txt", "")];
    const { ok, problem } = sortFiles(batch);
    expect(ok.map((f) => f.name)).toEqual(["a.png"]);
    expect(problem).toMatch(/^“b\.zip” can't be sent\..* \(and 1 more\)$/);
  });

  it("formats sizes", () => {
    expect([820, 14 * 1024, 3.45 * 1024 * 1024].map(formatBytes)).toEqual([
      "820 B",
      "14 KB",
      "3.5 MB",
    ]);
  });
});
