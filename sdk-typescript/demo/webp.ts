// Real lossless WebP images without an encoder library, for the demo's frames when no Chromium is installed: a
// minimal VP8L bitstream (RFC 9649) for one-colour images, where every pixel costs zero bits.

/** A `width` x `height` (1..16384) image filled with the opaque colour `rgb` (0xRRGGBB). */
export function solidWebp(width: number, height: number, rgb: number): Buffer {
  const bits = new BitWriter();
  bits.write(0x2f, 8); // VP8L signature
  bits.write(width - 1, 14);
  bits.write(height - 1, 14);
  bits.write(0, 1); // alpha not used
  bits.write(0, 3); // version
  bits.write(0, 1); // no transform
  bits.write(0, 1); // no colour cache
  bits.write(0, 1); // no meta prefix codes
  for (const symbol of [(rgb >> 8) & 0xff, (rgb >> 16) & 0xff, rgb & 0xff, 0xff, 0]) {
    // green, red, blue, alpha, distance: each a "simple" prefix code of one 8-bit symbol
    bits.write(1, 1);
    bits.write(0, 1);
    bits.write(1, 1);
    bits.write(symbol, 8);
  }
  const payload = bits.bytes();
  const padded = payload.length + (payload.length & 1);
  const out = Buffer.alloc(20 + padded);
  out.write("RIFF", 0, "ascii");
  out.writeUInt32LE(12 + padded, 4);
  out.write("WEBPVP8L", 8, "ascii");
  out.writeUInt32LE(payload.length, 16);
  payload.copy(out, 20);
  return out;
}

/** VP8L packs bits least-significant first. */
class BitWriter {
  private readonly out: number[] = [];
  private current = 0;
  private used = 0;

  write(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.current |= ((value >>> i) & 1) << this.used;
      if (++this.used === 8) {
        this.out.push(this.current);
        this.current = 0;
        this.used = 0;
      }
    }
  }

  bytes(): Buffer {
    return Buffer.from(this.used > 0 ? [...this.out, this.current] : this.out);
  }
}
