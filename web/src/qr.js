// qrCode draws text as a QR code in SVG (uqr, bundled: no network), one
// rect per dark module, with the quiet zone around it.
import { encode } from 'uqr';
import { h } from './dom.js';

export function qrCode(text, label) {
  const { data } = encode(text, { ecc: 'M', border: 2 });
  const size = data.length;
  const rects = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (data[y][x]) rects.push(h('svg:rect', { x, y, width: 1, height: 1 }));
  }
  return h('svg:svg', { class: 'qr', viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label, 'data-text': text, 'shape-rendering': 'crispEdges' },
    h('svg:rect', { x: 0, y: 0, width: size, height: size, fill: '#fff' }), h('svg:g', { fill: '#000' }, rects));
}
