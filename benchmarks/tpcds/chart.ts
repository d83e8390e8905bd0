// A grouped bar chart as SVG (log scale, two series), written by hand: a few lines of
// markup need no charting library.
export function chartSvg(points: { label: string; a: number; b: number }[], aName: string, bName: string, title: string): string {
  const barW = 5, gap = 4, left = 50, top = 30, h = 260;
  const width = left + points.length * (2 * barW + gap) + 20;
  const max = Math.max(1, ...points.flatMap((p) => [p.a, p.b]));
  const decades = Math.ceil(Math.log10(max));
  const y = (v: number) => top + h - (Math.log10(Math.max(1, v)) / decades) * h;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + h + 50}" font-family="sans-serif" font-size="10">`);
  parts.push(`<text x="${left}" y="16" font-size="13">${title}</text>`);
  for (let d = 0; d <= decades; d++) {
    const yy = y(10 ** d);
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${yy}" y2="${yy}" stroke="#ddd"/><text x="${left - 6}" y="${yy + 3}" text-anchor="end">${10 ** d}</text>`);
  }
  points.forEach((p, i) => {
    const x = left + i * (2 * barW + gap);
    parts.push(`<rect x="${x}" y="${y(p.a)}" width="${barW}" height="${top + h - y(p.a)}" fill="#d9534f"><title>${p.label} ${aName} ${p.a.toFixed(0)} ms</title></rect>`);
    parts.push(`<rect x="${x + barW}" y="${y(p.b)}" width="${barW}" height="${top + h - y(p.b)}" fill="#337ab7"><title>${p.label} ${bName} ${p.b.toFixed(0)} ms</title></rect>`);
    if (i % 5 === 0) parts.push(`<text x="${x}" y="${top + h + 14}" transform="rotate(60 ${x} ${top + h + 14})">${p.label}</text>`);
  });
  parts.push(`<rect x="${left}" y="${top + h + 34}" width="10" height="10" fill="#d9534f"/><text x="${left + 14}" y="${top + h + 43}">${aName}</text>`);
  parts.push(`<rect x="${left + 70}" y="${top + h + 34}" width="10" height="10" fill="#337ab7"/><text x="${left + 84}" y="${top + h + 43}">${bName}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
