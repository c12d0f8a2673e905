import { formatAgo, formatDateTime, formatNumber, formatShare } from '../common/format';
import {
  FIGURE_LABELS,
  FIGURE_NAMES,
  type FigureName,
  type FigureValue,
  paritySplit,
  type StatsComparison,
  summarizeComparison,
} from './compare-stats';
import { figureValue } from './compare-stats';
import type { StatsSource, StreamStatsAnswer } from './stream-stats.query';

export interface SourceAnswer {
  source: StatsSource;
  stats: StreamStatsAnswer;
}

function FigureText({ name, value, now }: { name: FigureName; value: FigureValue; now: number }) {
  if (name === 'snapshotId') return <>#{value}</>;
  if (name === 'snapshotTakenAt') {
    return (
      <>
        {formatDateTime(String(value))} <span className="muted">({formatAgo(String(value), now)})</span>
      </>
    );
  }
  return <>{formatNumber(Number(value))}</>;
}

/**
 * Every figure of each source side by side, one row per figure; with two sources, a row whose answers
 * differ carries a "differs" badge and the line above says how many do.
 */
export function FiguresTable({
  answers,
  comparison,
  now,
}: {
  answers: SourceAnswer[];
  comparison?: StatsComparison;
  now: number;
}) {
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">Figures</h2>
      {comparison ? (
        <p
          className={comparison.differing === 0 ? 'stats-summary agree' : 'stats-summary differ'}
          role="status"
          data-testid="stats-comparison-summary"
          data-differing={comparison.differing}
        >
          {summarizeComparison(comparison)}
        </p>
      ) : null}
      <table className="stats-figures">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {answers.map(({ source }) => (
              <th scope="col" className="num" key={source}>
                {source}
              </th>
            ))}
            {comparison ? <th scope="col">Comparison</th> : null}
          </tr>
        </thead>
        <tbody>
          {FIGURE_NAMES.map((name) => {
            const compared = comparison?.figures.find((figure) => figure.name === name);
            return (
              <tr key={name} className={compared?.differs ? 'differs' : undefined}>
                <th scope="row">{FIGURE_LABELS[name]}</th>
                {answers.map(({ source, stats }) => {
                  const value = figureValue(stats, name);
                  return (
                    <td
                      className="num"
                      key={source}
                      data-testid={`stat-${name}-${source}`}
                      data-value={String(value)}
                    >
                      <FigureText name={name} value={value} now={now} />
                    </td>
                  );
                })}
                {compared ? (
                  <td>
                    {compared.differs ? (
                      <span className="badge differs" data-testid={`differs-${name}`}>
                        differs{compared.detail ? `: ${compared.detail}` : ''}
                      </span>
                    ) : (
                      <span className="muted">same</span>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

const BAR_WIDTH = 400;
const BAR_HEIGHT = 18;

/** Odd against even viewer counts, one bar per source. */
export function ParityBars({ answers }: { answers: SourceAnswer[] }) {
  return (
    <section aria-labelledby="parity-heading">
      <h2 id="parity-heading">Odd and even viewer counts</h2>
      {answers.map(({ source, stats }) => {
        const split = paritySplit(stats.oddViewerStreams, stats.evenViewerStreams);
        const label = `${source}: ${formatNumber(stats.oddViewerStreams)} odd (${formatShare(split?.odd)}), ${formatNumber(stats.evenViewerStreams)} even (${formatShare(split?.even)})`;
        const oddWidth = split ? split.odd * BAR_WIDTH : 0;
        return (
          <figure className="parity" key={source} data-testid={`parity-${source}`}>
            <figcaption>{label}</figcaption>
            <svg
              viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`}
              preserveAspectRatio="none"
              role="img"
              aria-label={label}
            >
              {split ? (
                <>
                  <rect className="odd" x={0} y={0} width={oddWidth} height={BAR_HEIGHT} />
                  <rect
                    className="even"
                    x={oddWidth}
                    y={0}
                    width={BAR_WIDTH - oddWidth}
                    height={BAR_HEIGHT}
                  />
                </>
              ) : (
                <rect className="none" x={0} y={0} width={BAR_WIDTH} height={BAR_HEIGHT} />
              )}
            </svg>
          </figure>
        );
      })}
      <p className="muted parity-legend">
        <span className="swatch odd" aria-hidden="true" /> odd{' '}
        <span className="swatch even" aria-hidden="true" /> even
      </p>
    </section>
  );
}
