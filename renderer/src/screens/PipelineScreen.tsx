import { useEffect, useId } from 'react';
import type { PipelineOverview, StageCounts, ThroughputMinute } from '../../../electron/shared/contract/pipeline.js';
import { fileName } from '../components/documentFacts.js';
import { usePipeline, useRouter } from '../state/AppStoreContext.js';
import './PipelineScreen.css';

/** "under a minute", "about 4 min", "about 2 h 5 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} h${rest ? ` ${rest} min` : ''}`;
}

/** "12.5" documents a minute, one decimal below ten, whole numbers above. */
export function formatRate(perMinute: number): string {
  return perMinute >= 10 ? String(Math.round(perMinute)) : perMinute.toFixed(1).replace(/\.0$/, '');
}

/** A time of the engine's clock as the person's local time of day ("14:05"), with the date when not today. */
function formatTime(iso: string | null, now: string): string {
  if (iso === null) return '';
  const date = new Date(iso);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return iso.slice(0, 10) === now.slice(0, 10) ? time : `${date.toLocaleDateString()} ${time}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The pipeline as it stands, from the store (a reload shows the same): per-stage counts in documents, the
 * documents finished each minute of the last hour, the current rate and the time left, failures with a
 * retry, and the recent batches.
 */
export function PipelineScreen() {
  const overview = usePipeline((s) => s.overview);
  const error = usePipeline((s) => s.error);
  const load = usePipeline((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  if (!overview)
    return (
      <section className="panel" aria-labelledby="pipeline-heading">
        <h2 id="pipeline-heading">Pipeline</h2>
        <p className={error ? 'inline-error' : 'muted'} role={error ? 'alert' : 'status'}>
          {error ?? 'Loading…'}
        </p>
      </section>
    );
  return (
    <div className="pipeline-screen">
      <Summary overview={overview} />
      <Stages overview={overview} />
      <Throughput overview={overview} />
      <Failures overview={overview} />
      <Batches overview={overview} />
    </div>
  );
}

function Summary({ overview }: { overview: PipelineOverview }) {
  const error = usePipeline((s) => s.error);
  const notifications = usePipeline((s) => s.notifications);
  const enable = usePipeline((s) => s.enableNotifications);
  const { documents, remaining, etaSeconds, throughput } = overview;
  return (
    <section className="panel pipeline-summary" aria-labelledby="pipeline-heading">
      <div className="panel-head">
        <h2 id="pipeline-heading">Pipeline</h2>
        {notifications === 'default' ? (
          <button type="button" onClick={() => void enable()}>
            Notify me when a batch finishes
          </button>
        ) : notifications === 'granted' ? (
          <span className="muted small">You are notified when a batch finishes while this window is hidden.</span>
        ) : null}
      </div>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <dl className="pipeline-figures">
        <div>
          <dt>Documents</dt>
          <dd data-testid="pipeline-documents">{documents.total}</dd>
        </div>
        <div>
          <dt>Done</dt>
          <dd>{documents.completed}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{documents.failed}</dd>
        </div>
        <div>
          <dt>To go</dt>
          <dd data-testid="pipeline-remaining">{remaining}</dd>
        </div>
        <div>
          <dt>Documents per minute</dt>
          <dd data-testid="pipeline-rate">{formatRate(throughput.perMinute)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-testid="pipeline-eta">
            {remaining === 0 ? 'nothing queued' : etaSeconds === null ? 'waiting to start' : formatDuration(etaSeconds)}
          </dd>
        </div>
      </dl>
    </section>
  );
}

const SEGMENTS = ['done', 'running', 'queued', 'retrying', 'failed'] as const satisfies readonly (keyof StageCounts)[];
const SEGMENT_LABEL: Record<(typeof SEGMENTS)[number], string> = {
  done: 'done',
  running: 'running',
  queued: 'queued',
  retrying: 'retrying',
  failed: 'failed',
};

function Stages({ overview }: { overview: PipelineOverview }) {
  const total = Math.max(overview.documents.total, 1);
  return (
    <section className="panel" aria-labelledby="stages-heading">
      <h2 id="stages-heading">Stages</h2>
      <p className="muted small">Documents at each stage; a document counts once per stage it has reached.</p>
      <table className="stages" aria-labelledby="stages-heading">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="stage-bar-cell">
              <span className="visually-hidden">Progress</span>
            </th>
            {SEGMENTS.map((s) => (
              <th key={s} scope="col" className="num">
                {SEGMENT_LABEL[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overview.stages.map((stage) => (
            <tr key={stage.stage} data-stage={stage.stage}>
              <th scope="row">{stage.stage}</th>
              <td className="stage-bar-cell">
                <div className="stage-bar" aria-hidden="true">
                  {SEGMENTS.map((s) =>
                    stage[s] > 0 ? (
                      <span
                        key={s}
                        className={`segment segment-${s}`}
                        style={{ width: `${(stage[s] / total) * 100}%` }}
                      />
                    ) : null,
                  )}
                </div>
              </td>
              {SEGMENTS.map((s) => (
                <td key={s} className="num">
                  {stage[s]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const CHART = { width: 600, height: 110, top: 8, bottom: 2 };

function Throughput({ overview }: { overview: PipelineOverview }) {
  const descriptionId = useId();
  const minutes = overview.throughput.minutes;
  const counts = minutes.map((m) => m.completed + m.failed);
  const peak = Math.max(...counts, 0);
  const finished = counts.reduce((a, b) => a + b, 0);
  const scale = Math.max(peak, 1);
  const plot = CHART.height - CHART.top - CHART.bottom;
  const slot = CHART.width / minutes.length;
  const busy = minutes.filter((m) => m.completed + m.failed > 0);
  const description =
    finished === 0
      ? 'No document finished in the last hour.'
      : `${plural(finished, 'document')} finished in the last hour, at most ${peak} in one minute; lately ${formatRate(overview.throughput.perMinute)} a minute.`;
  return (
    <section className="panel" aria-labelledby="throughput-heading">
      <h2 id="throughput-heading">Documents finished per minute, last hour</h2>
      <svg
        className="throughput-chart"
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby="throughput-heading"
        aria-describedby={descriptionId}
        preserveAspectRatio="none"
      >
        <line
          className="axis"
          x1={0}
          x2={CHART.width}
          y1={CHART.height - CHART.bottom}
          y2={CHART.height - CHART.bottom}
        />
        {minutes.map((m, i) => (
          <MinuteBar key={m.at} minute={m} x={i * slot} width={slot} scale={scale} plot={plot} />
        ))}
      </svg>
      {/* Outside the drawing, which stretches to the panel's width: text inside it would stretch too. */}
      <div className="chart-axis" aria-hidden="true">
        <span>−60 min</span>
        <span>−30 min</span>
        <span>now</span>
      </div>
      <p id={descriptionId} className="muted small">
        {description}
      </p>
      {busy.length > 0 ? (
        <details>
          <summary>Show as a table</summary>
          <table className="throughput-table">
            <caption className="visually-hidden">Documents finished per minute</caption>
            <thead>
              <tr>
                <th scope="col">Minute</th>
                <th scope="col" className="num">
                  Done
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {busy.map((m) => (
                <tr key={m.at}>
                  <td>{formatTime(m.at, overview.at)}</td>
                  <td className="num">{m.completed}</td>
                  <td className="num">{m.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

function MinuteBar(props: { minute: ThroughputMinute; x: number; width: number; scale: number; plot: number }) {
  const { minute, x, width, scale, plot } = props;
  const base = CHART.height - CHART.bottom;
  const done = (minute.completed / scale) * plot;
  const failed = (minute.failed / scale) * plot;
  const gap = Math.min(2, width / 4);
  return (
    <g>
      {done > 0 ? (
        <rect className="bar-done" x={x + gap / 2} width={width - gap} y={base - done} height={done} />
      ) : null}
      {failed > 0 ? (
        <rect className="bar-failed" x={x + gap / 2} width={width - gap} y={base - done - failed} height={failed} />
      ) : null}
    </g>
  );
}

function Failures({ overview }: { overview: PipelineOverview }) {
  const retrying = usePipeline((s) => s.retrying);
  const retry = usePipeline((s) => s.retry);
  const retryAll = usePipeline((s) => s.retryAll);
  const message = usePipeline((s) => s.message);
  const navigate = useRouter((s) => s.navigate);
  const { failures } = overview;
  return (
    <section className="panel" aria-labelledby="failures-heading">
      <div className="panel-head">
        <h2 id="failures-heading">Failures</h2>
        {failures.retryable > 0 ? (
          <button type="button" disabled={retrying.all} onClick={() => void retryAll()}>
            Retry all ({failures.retryable})
          </button>
        ) : null}
      </div>
      <p className="muted small" role="status">
        {message ??
          (failures.total === 0
            ? 'No document failed.'
            : `${plural(failures.total, 'document')} failed${failures.total > failures.items.length ? `; the latest ${failures.items.length} are listed` : ''}.`)}
      </p>
      {failures.items.length > 0 ? (
        <ul className="failures">
          {failures.items.map((f) => {
            const name = fileName(f.path) || `Document ${f.id}`;
            return (
              <li key={f.id} className="failure" data-code={f.code}>
                <div className="failure-head">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => navigate({ screen: 'documents', documentId: f.id })}
                  >
                    {name}
                  </button>
                  <strong className="failure-summary">{f.summary}</strong>
                  <span className="muted small">{formatTime(f.at, overview.at)}</span>
                </div>
                <p className="failure-message">
                  {f.message} <code className="muted small">{f.code}</code>
                </p>
                <div className="path muted small">{f.path}</div>
                {f.jobId !== null ? (
                  <button
                    type="button"
                    disabled={retrying[String(f.jobId)]}
                    aria-label={`Retry ${name}`}
                    onClick={() => void retry(f.jobId!)}
                  >
                    Retry
                  </button>
                ) : (
                  <p className="muted small">Nothing to retry: add the file again once it can be read.</p>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function Batches({ overview }: { overview: PipelineOverview }) {
  if (overview.batches.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="batches-heading">
      <h2 id="batches-heading">Recent batches</h2>
      <div className="table-scroll">
        <table className="batches" aria-labelledby="batches-heading">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col" className="num">
                Files found
              </th>
              <th scope="col" className="num">
                Documents
              </th>
              <th scope="col" className="num">
                Done
              </th>
              <th scope="col" className="num">
                Failed
              </th>
              <th scope="col" className="num">
                To go
              </th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {overview.batches.map((b) => (
              <tr key={b.id} data-batch={b.id} data-finished={b.finishedAt !== null}>
                <td>
                  {formatTime(b.startedAt, overview.at)}
                  {b.watch ? <span className="muted small"> (watched folders)</span> : null}
                </td>
                <td className="num">{b.found ?? '…'}</td>
                <td className="num">{b.documents}</td>
                <td className="num">{b.completed}</td>
                <td className="num">{b.failed}</td>
                <td className="num">{b.pending}</td>
                <td>
                  {b.finishedAt !== null
                    ? formatTime(b.finishedAt, overview.at)
                    : b.watch
                      ? 'watching'
                      : b.scannedAt === null
                        ? 'scanning…'
                        : 'processing…'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
