import { formatUnits } from '../../../src-shared/domain/amount.js';
import { formatFull } from '../../components/format.js';
import { type CreditPoint, stepPath } from './earnings-chart.js';
import { shown } from './text.js';

const W = 600;
const H = 96;

/** Credited over time for one account and token: a step chart, with its range said in words too. */
export function EarningsChart({
  history,
  decimals,
  symbol,
}: {
  history: readonly CreditPoint[];
  decimals: number;
  symbol: string;
}) {
  if (history.length === 0) return null;
  const first = history[0]!;
  const last = history.at(-1)!;
  const path = stepPath(history, W, H);
  const total = `${formatUnits(BigInt(last.credited), decimals)} ${shown(symbol)}`;
  const words =
    history.length === 1
      ? `Credited ${total} on ${formatFull(first.at)}`
      : `Credited over time: ${total} by ${formatFull(last.at)}, from ${formatUnits(BigInt(first.credited), decimals)} on ${formatFull(first.at)}, in ${history.length} steps`;
  return (
    <figure className="earnings-chart" data-testid="earnings-chart">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={words}>
        <path d={`${path} V${H} Z`} className="earnings-chart-area" />
        <line x1="0" y1={H} x2={W} y2={H} className="earnings-chart-axis" />
        <path d={path} className="earnings-chart-line" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="field-hint">{words}</figcaption>
    </figure>
  );
}
