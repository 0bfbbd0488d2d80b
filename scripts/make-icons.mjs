#!/usr/bin/env node
// Draws Sahel's icons (a low sun over a dune) into resources/icons as PNGs, with no image library:
// pixels are computed here and written with zlib. Run again only when the design changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size, 1 / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const clamp = (v) => Math.max(0, Math.min(1, v));
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
// Coverage of a shape edge at distance d (negative inside), antialiased over one pixel.
const cover = (d, px) => clamp(0.5 - d / px);

function icon(x, y, px) {
  const r = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r - 0.03), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r - 0.03), 0);
  const box = cover(Math.hypot(qx, qy) - r, px);
  let c = mix([255, 196, 120], [214, 104, 62], y);
  c = mix(c, [255, 244, 214], cover(Math.hypot(x - 0.5, y - 0.47) - 0.17, px));
  const dune = 0.66 + 0.07 * Math.sin((x - 0.15) * Math.PI * 1.6);
  c = mix(c, mix([146, 72, 48], [104, 48, 36], y), cover(dune - y, px));
  return [...c, Math.round(255 * box)];
}

function tray(x, y, px) {
  const sun = cover(Math.hypot(x - 0.5, y - 0.42) - 0.26, px);
  const dune = cover(0.7 + 0.08 * Math.sin((x - 0.15) * Math.PI * 1.6) - y, px);
  const a = Math.max(sun, dune);
  return [40, 40, 40, Math.round(255 * clamp(a))];
}

mkdirSync('resources/icons', { recursive: true });
writeFileSync('resources/icons/icon.png', png(512, icon));
writeFileSync('resources/icons/tray.png', png(32, tray));
console.log('wrote resources/icons/icon.png, resources/icons/tray.png');
