/**
 * A 5×5 mirrored pattern and two colours drawn from the address's own hex digits: the address is
 * already a hash, so equal pictures mean equal addresses with high odds, and a look-alike address
 * (same first and last characters) still draws a different picture.
 */
export function Identicon({ address, size = 28 }: { address: string; size?: number }) {
  const hex = address.toLowerCase().replace(/^0x/, '').padEnd(40, '0');
  const nibble = (i: number) => Number.parseInt(hex[i % hex.length] ?? '0', 16);
  const hue = ((nibble(0) << 4) | nibble(1)) * (360 / 256);
  const hue2 = (hue + 120 + nibble(2) * 8) % 360;
  const cells: { x: number; y: number }[] = [];
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if (nibble(3 + y * 3 + x) % 2 === 0) continue;
      cells.push({ x, y });
      if (x < 2) cells.push({ x: 4 - x, y });
    }
  }
  return (
    <svg
      className="wallet-identicon"
      width={size}
      height={size}
      viewBox="0 0 5 5"
      aria-hidden="true"
      focusable="false"
      shapeRendering="crispEdges"
    >
      <rect width="5" height="5" fill={`hsl(${hue2} 45% 88%)`} />
      {cells.map((c) => (
        <rect key={`${c.x}-${c.y}`} x={c.x} y={c.y} width="1" height="1" fill={`hsl(${hue} 60% 42%)`} />
      ))}
    </svg>
  );
}
