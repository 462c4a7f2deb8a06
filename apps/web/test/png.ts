// A tiny PNG encoder for the e2e tests (RGB, 8 bits, no filter): a real image the server
// accepts (it checks the bytes) and the browser decodes, without an image library.
import { crc32, deflateSync } from "node:zlib";

type Pixel = [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `width` x `height` pixels given by `pixel(x, y)`. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => Pixel) {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A sunset over hills: something that looks like a photo in the screenshots. */
export function samplePhoto(width = 480, height = 320): Buffer {
  const sun = { x: width * 0.68, y: height * 0.46, r: height * 0.16 };
  return makePng(width, height, (x, y) => {
    const hill = height * (0.68 + 0.08 * Math.sin(x / 37) + 0.05 * Math.sin(x / 13 + 1));
    if (y > hill) return [34 + (y - hill) * 0.2, 74 + (x % 40) * 0.1, 58];
    if (Math.hypot(x - sun.x, y - sun.y) < sun.r) return [255, 214, 120];
    const t = y / height;
    return [Math.round(255 - 60 * t), Math.round(150 - 40 * t), Math.round(110 + 90 * t)];
  });
}
