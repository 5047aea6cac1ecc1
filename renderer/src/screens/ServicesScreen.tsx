import { useEffect, useId, useRef, type RefObject } from 'react';
import type {
  BrokerOverview,
  InstalledModel,
  OllamaHostStatus,
  PullProgress,
  ServiceStatus,
  ServicesOverview,
} from '../../../electron/shared/contract/services.js';
import {
  brokerSummary,
  deviceMemoryText,
  downloadSizeText,
  formatModelBytes,
  gpuSummary,
  heardText,
  ollamaStatus,
  pullProgressText,
  sameModelName,
  serviceLabel,
  serviceStateView,
  workerSlots,
} from '../components/serviceFacts.js';
import { useServices } from '../state/AppStoreContext.js';

/**
 * Where loaded models sit (GPU or CPU) changes without an event: Ollama loads a model at its first
 * request and unloads it after its keep-alive. While this screen is open it looks again this often.
 */
const PLACEMENT_POLL_MS = 10_000;

/**
 * A question (download? delete?) replaces or follows the button that asked it; when it closes, its own
 * buttons are gone and the focus with them. Puts it back on the asking button, if that still exists and
 * the focus is nowhere else (a keyboard user would otherwise start again from the top of the page).
 */
function useFocusBackAfter(open: boolean, target: RefObject<HTMLElement | null>): void {
  const wasOpen = useRef(false);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (wasOpen.current && !open && lost) target.current?.focus();
    wasOpen.current = open;
  }, [open, target]);
}

/** The model server and search services, the GPU, the models and their downloads. */
export function ServicesScreen() {
  const overview = useServices((s) => s.overview);
  const loadError = useServices((s) => s.loadError);
  const load = useServices((s) => s.load);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), PLACEMENT_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="services-screen">
      <ErrorLine />
      {overview ? (
        <>
          <div className="services-top">
            <ServicesPanel overview={overview} />
            <GpuPanel overview={overview} />
          </div>
          {overview.broker ? <RemoteWorkersPanel broker={overview.broker} /> : null}
          <ModelsPanel overview={overview} />
          <SearchBackendPanel overview={overview} />
        </>
      ) : (
        <section className="panel" aria-label="Services">
          <p className="muted">{loadError ? 'The services could not be read.' : 'Loading…'}</p>
        </section>
      )}
    </div>
  );
}

/** Why reading the services or the last action failed, announced assertively. */
function ErrorLine() {
  const error = useServices((s) => s.error);
  const loadError = useServices((s) => s.loadError);
  return (
    <div role="alert">
      {loadError ? <p className="inline-error services-error">{loadError}</p> : null}
      {error ? <p className="inline-error services-error">{error}</p> : null}
    </div>
  );
}

/** What the last action did (a download ended, a model was deleted), next to the models, announced politely. */
function MessageLine() {
  const message = useServices((s) => s.message);
  return (
    <div role="status" className="services-message">
      {message ? <p className="small">{message}</p> : null}
    </div>
  );
}

function ServicesPanel({ overview }: { overview: ServicesOverview }) {
  return (
    <section className="panel services-panel" aria-labelledby="services-heading">
      <h2 id="services-heading">Services</h2>
      {overview.services.length === 0 ? (
        <p className="muted">
          docpipe runs no model server here. The desktop app and “docpipe serve” start one when Ollama is installed.
        </p>
      ) : (
        overview.services.map((service) => <ServiceCard key={service.name} service={service} />)
      )}
      {overview.ollamaHosts.length > 1 || overview.ollamaHosts.some((host) => host.role === 'remote') ? (
        <OllamaHosts hosts={overview.ollamaHosts} />
      ) : null}
    </section>
  );
}

const HOST_STATE_VIEW: Record<OllamaHostStatus['state'], { label: string; tone: string }> = {
  up: { label: 'answering', tone: 'ok' },
  checking: { label: 'checking…', tone: 'warn' },
  down: { label: 'down', tone: 'bad' },
};

/** Every Ollama server requests are spread over: its state, requests in flight and models. */
function OllamaHosts({ hosts }: { hosts: OllamaHostStatus[] }) {
  return (
    <article className="service-card" aria-labelledby="ollama-hosts-heading" data-testid="ollama-hosts">
      <div className="service-head">
        <h3 id="ollama-hosts-heading">Ollama servers</h3>
      </div>
      <p className="muted small">
        Each request goes to the server with the fewest in flight; a server that fails is left out until it answers
        again.
      </p>
      <ul className="plain-list">
        {hosts.map((host) => {
          const view = HOST_STATE_VIEW[host.state];
          return (
            <li key={host.url} data-host={host.url}>
              <code>{host.url}</code> <span className="muted small">({host.role})</span>{' '}
              <span className={`state-badge tone-${view.tone}`} data-state={host.state}>
                {view.label}
              </span>{' '}
              <span className="small">
                {host.inFlight} in flight, {host.parallel} at once per model
                {host.models.length ? `; ${host.models.join(', ')}` : ''}
              </span>
              {host.reason ? <p className="service-reason small">{host.reason}</p> : null}
            </li>
          );
        })}
      </ul>
    </article>
  );
}

function ServiceCard({ service }: { service: ServiceStatus }) {
  const headingId = useId();
  const view = serviceStateView(service.state);
  const label = serviceLabel(service.name);
  return (
    <article className="service-card" aria-labelledby={headingId} data-service={service.name}>
      <div className="service-head">
        <h3 id={headingId}>{label}</h3>
        <span
          className={`state-badge tone-${view.tone}`}
          data-testid={`service-state-${service.name}`}
          data-state={service.state}
        >
          {view.label}
        </span>
      </div>
      {service.state === 'absent' && service.name === 'ollama' ? <NoOllama /> : null}
      {service.reason ? (
        <p className={`service-reason${service.state === 'failed' ? ' tone-text-bad' : ''}`}>{service.reason}</p>
      ) : null}
      <dl className="facts service-facts">
        {service.url ? (
          <div className="address-fact">
            <dt>Address</dt>
            <dd>
              <code data-testid={`service-url-${service.name}`}>{service.url}</code>
            </dd>
          </div>
        ) : null}
        {service.pid !== null ? (
          <div>
            <dt>Process</dt>
            <dd>pid {service.pid}</dd>
          </div>
        ) : null}
        <div>
          <dt>Restarts</dt>
          <dd>{service.restarts}</dd>
        </div>
        {service.since ? (
          <div>
            <dt>Since</dt>
            <dd>
              <time dateTime={service.since} title={new Date(service.since).toLocaleString()}>
                {sinceText(service.since)}
              </time>
            </dd>
          </div>
        ) : null}
        {service.command ? (
          <div className="wide-fact">
            <dt>Program</dt>
            <dd className="path">{service.command}</dd>
          </div>
        ) : null}
        {service.logFile ? (
          <div className="wide-fact">
            <dt>Log</dt>
            <dd className="path">{service.logFile}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}

/** A time today as the clock shows it; an earlier one with its date. */
function sinceText(iso: string): string {
  const at = new Date(iso);
  const today = at.toDateString() === new Date().toDateString();
  return today ? at.toLocaleTimeString() : at.toLocaleString();
}

/** What to do when there is no Ollama; the status's own sentence (where docpipe looked) follows it. */
function NoOllama() {
  return (
    <div className="empty-help">
      <p>
        <strong>No Ollama found.</strong> Set <code>DOCPIPE_OLLAMA_BIN</code> to the <code>ollama</code> program, or run{' '}
        <code>npm run fetch-runtimes -- --from DIR</code> with Ollama’s release archive in DIR, then start docpipe
        again. An Ollama you start yourself is used too.
      </p>
      <p className="muted small">
        Until then docpipe’s built-in models classify documents and find fields, and search finds words (not meaning).
      </p>
    </div>
  );
}

function GpuPanel({ overview }: { overview: ServicesOverview }) {
  const { gpu, placements } = overview;
  return (
    <section className="panel gpu-panel" aria-labelledby="gpu-heading">
      <h2 id="gpu-heading">GPU</h2>
      <p data-testid="gpu-summary">{gpuSummary(gpu)}</p>
      {gpu && gpu.devices.length > 0 ? (
        <ul className="plain-list">
          {gpu.devices.map((device, i) => {
            const memory = deviceMemoryText(device);
            return (
              <li key={`${device.name}-${i}`}>
                {device.name}
                {memory ? <span className="muted"> · {memory}</span> : null}
                {device.driverVersion ? <span className="muted"> · driver {device.driverVersion}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <h3 className="subheading">Loaded models</h3>
      {placements.length === 0 ? (
        <p className="muted small">
          {modelServerAnswers(overview)
            ? 'None in memory now. Ollama loads a model at its first request (a document, a search) and unloads it after a while.'
            : 'None: no model server runs.'}
        </p>
      ) : (
        <ul className="plain-list placements">
          {placements.map((p) => (
            <li key={p.model} data-testid="placement">
              <div className="placement-head">
                <span className="model-name">{p.model}</span>
                <span className={`state-badge tone-${p.where === 'gpu' ? 'ok' : 'warn'}`}>{p.verdict}</span>
              </div>
              <div className="muted small">
                {formatModelBytes(p.sizeBytes)} in memory
                {p.vramBytes > 0 ? `, ${formatModelBytes(p.vramBytes)} of it on the GPU` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {gpu ? <p className="muted small gpu-source">How docpipe knows: {gpu.source}</p> : null}
    </section>
  );
}

/** A model server answers requests (docpipe's own or someone else's), so its model list means something. */
function modelServerAnswers(overview: ServicesOverview): boolean {
  const ollama = ollamaStatus(overview);
  return ollama !== null && ['ready', 'external', 'degraded'].includes(ollama.state);
}

/** Where a configured model stands, in the screen's words. */
type ModelStanding = 'present' | 'missing' | 'downloading' | 'unknown';

function standingOf(name: string, overview: ServicesOverview, pulls: Record<string, PullProgress>): ModelStanding {
  if (Object.keys(pulls).some((m) => sameModelName(m, name))) return 'downloading';
  if (overview.models.some((m) => sameModelName(m.name, name))) return 'present';
  // Without a server answering, "missing" would be a guess.
  return modelServerAnswers(overview) ? 'missing' : 'unknown';
}

const STANDING_LABEL: Record<ModelStanding, string> = {
  present: 'on the server',
  missing: 'not downloaded',
  downloading: 'downloading…',
  unknown: 'unknown (no model server)',
};

function ModelsPanel({ overview }: { overview: ServicesOverview }) {
  const pulls = useServices((s) => s.pulls);
  const { llm } = overview;
  // When the server is the trouble, its card above already says why in the same words.
  const reason = llm.reason && llm.reason !== ollamaStatus(overview)?.reason ? llm.reason : null;
  const configured = [
    { role: 'Text model', use: 'classification and fields', name: llm.textModel, active: llm.active },
    { role: 'Embedding model', use: 'search by meaning', name: llm.embedModel, active: llm.vectors },
  ];
  return (
    <section className="panel models-panel" aria-labelledby="models-heading">
      <h2 id="models-heading">Models</h2>
      <table className="configured-models" aria-label="Configured models">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Model</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {configured.map((c) => (
            <ConfiguredModelRow
              key={c.role}
              {...c}
              standing={standingOf(c.name, overview, pulls)}
              pull={Object.values(pulls).find((p) => sameModelName(p.model, c.name))}
            />
          ))}
        </tbody>
      </table>
      {reason ? <p className="muted small models-reason">{reason}</p> : null}
      <DownloadAgreement />
      <Downloads />
      <MessageLine />
      <AutoDownload />
      <InstalledModels models={overview.models} overview={overview} />
    </section>
  );
}

interface ConfiguredModelRowProps {
  role: string;
  use: string;
  name: string;
  standing: ModelStanding;
  active: boolean;
  pull: PullProgress | undefined;
}

function ConfiguredModelRow({ role, use, name, standing, active, pull }: ConfiguredModelRowProps) {
  const askToDownload = useServices((s) => s.askToDownload);
  const busy = useServices((s) => s.busy[name]);
  const asking = useServices((s) => s.confirmingDownload === name);
  const button = useRef<HTMLButtonElement>(null);
  useFocusBackAfter(asking, button);
  const tone = standing === 'present' ? (active ? 'ok' : 'warn') : standing === 'missing' ? 'bad' : 'muted';
  return (
    <tr data-model={name}>
      <td>
        {role}
        <div className="muted small">{use}</div>
      </td>
      <td className="model-name">{name}</td>
      <td>
        <span className={`state-badge tone-${tone}`} data-testid={`standing-${name}`}>
          {standing === 'downloading' && pull?.percent != null
            ? `downloading ${Math.floor(pull.percent)} %`
            : STANDING_LABEL[standing]}
          {standing === 'present' && !active ? ', not in use' : ''}
        </span>
      </td>
      <td className="num">
        {standing === 'missing' ? (
          <button
            ref={button}
            type="button"
            aria-label={`Download ${name}`}
            disabled={busy !== undefined}
            onClick={() => void askToDownload(name)}
          >
            Download
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/** The one-off agreement to a download: a person should know a model is large before it is fetched. */
function DownloadAgreement() {
  const model = useServices((s) => s.confirmingDownload);
  const confirm = useServices((s) => s.confirmDownload);
  const dismiss = useServices((s) => s.dismissDownload);
  const headingId = useId();
  if (!model) return null;
  return (
    <div
      className="confirm-box"
      role="group"
      aria-labelledby={headingId}
      onKeyDown={(e) => e.key === 'Escape' && dismiss()}
    >
      <h3 id={headingId}>Download {model}?</h3>
      <p>
        It is {downloadSizeText(model)}. Ollama fetches it from its online library (ollama.com) and keeps it on this
        machine; this needs the internet and may take a while.
      </p>
      <div className="confirm-actions">
        <button type="button" className="primary" autoFocus onClick={() => void confirm()}>
          Download
        </button>
        <button type="button" onClick={dismiss}>
          Not now
        </button>
      </div>
    </div>
  );
}

/** The standing agreement (`models.pullAgreed`). */
function AutoDownload() {
  const agreed = useServices((s) => s.settings?.models.pullAgreed ?? false);
  const saving = useServices((s) => s.savingAgreement);
  const setAutoDownload = useServices((s) => s.setAutoDownload);
  const hintId = useId();
  return (
    <div className="auto-download">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={agreed}
          disabled={saving}
          aria-describedby={hintId}
          onChange={(e) => void setAutoDownload(e.target.checked)}
        />
        Download missing models automatically
      </label>
      <p id={hintId} className="muted small">
        Models are large (several GB). With this on, docpipe fetches the configured models whenever the server lacks
        them, without asking.
      </p>
    </div>
  );
}

function Downloads() {
  const pulls = useServices((s) => s.pulls);
  const endings = useServices((s) => s.endings);
  const running = Object.values(pulls);
  const ended = Object.values(endings).filter((e) => !pulls[e.model]);
  if (running.length === 0 && ended.length === 0) return null;
  return (
    <div className="downloads">
      <h3 className="subheading">Downloads</h3>
      <ul className="plain-list">
        {running.map((pull) => (
          <PullRow key={pull.model} pull={pull} />
        ))}
        {ended.map((ending) => (
          <EndedPullRow key={ending.model} ending={ending} />
        ))}
      </ul>
    </div>
  );
}

function PullRow({ pull }: { pull: PullProgress }) {
  const cancel = useServices((s) => s.cancelPull);
  const busy = useServices((s) => s.busy[pull.model]);
  const now = pull.percent === null ? undefined : Math.floor(pull.percent);
  const text = pullProgressText(pull);
  return (
    <li className="pull" data-model={pull.model}>
      <div className="pull-head">
        <span className="model-name">{pull.model}</span>
        <span className="muted small pull-text">{text}</span>
        <button
          type="button"
          aria-label={`Cancel the download of ${pull.model}`}
          disabled={busy === 'cancel'}
          onClick={() => void cancel(pull.model)}
        >
          Cancel
        </button>
      </div>
      <div
        className={`bar${now === undefined ? ' bar-indeterminate' : ''}`}
        role="progressbar"
        aria-label={`Downloading ${pull.model}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={now}
        aria-valuetext={text}
      >
        <div className="bar-fill" style={{ width: `${now ?? 0}%` }} />
      </div>
    </li>
  );
}

function EndedPullRow({ ending }: { ending: PullProgress }) {
  const pull = useServices((s) => s.pull);
  return (
    <li className="pull pull-ended" data-model={ending.model}>
      <span className="model-name">{ending.model}</span>{' '}
      <span className={ending.phase === 'failed' ? 'tone-text-bad' : 'muted'}>
        {ending.phase === 'failed' ? `failed${ending.error ? `: ${ending.error}` : ''}` : 'cancelled'}
      </span>{' '}
      <button
        type="button"
        className="link-button"
        aria-label={`Download ${ending.model} again`}
        onClick={() => void pull(ending.model)}
      >
        Try again
      </button>
    </li>
  );
}

function InstalledModels({ models, overview }: { models: InstalledModel[]; overview: ServicesOverview }) {
  const answering = modelServerAnswers(overview);
  const roleOf = (name: string) =>
    [
      sameModelName(name, overview.llm.textModel) ? 'text' : null,
      sameModelName(name, overview.llm.embedModel) ? 'embedding' : null,
    ]
      .filter(Boolean)
      .join(', ');
  return (
    <div className="installed">
      <h3 className="subheading" id="installed-heading">
        On the model server
      </h3>
      {models.length === 0 ? (
        <p className="muted small">
          {answering ? 'No models yet.' : 'No model server answers, so no models are listed.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="installed-heading">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Parameters</th>
                <th scope="col">Quantization</th>
                <th scope="col">Used as</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <InstalledModelRow key={m.name} model={m} role={roleOf(m.name)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function InstalledModelRow({ model, role }: { model: InstalledModel; role: string }) {
  const confirming = useServices((s) => s.confirmingDelete === model.name);
  const busy = useServices((s) => s.busy[model.name]);
  const askToDelete = useServices((s) => s.askToDelete);
  const confirmDelete = useServices((s) => s.confirmDelete);
  const dismissDelete = useServices((s) => s.dismissDelete);
  const button = useRef<HTMLButtonElement>(null);
  useFocusBackAfter(confirming, button);
  return (
    <tr data-model={model.name}>
      <td className="model-name">{model.name}</td>
      <td className="num">{formatModelBytes(model.sizeBytes)}</td>
      <td>{model.parameterSize ?? '—'}</td>
      <td>{model.quantization ?? '—'}</td>
      <td>{role || <span className="muted">—</span>}</td>
      <td className="num actions-cell">
        {confirming ? (
          <span
            className="inline-confirm"
            role="group"
            aria-label={`Delete ${model.name}?`}
            onKeyDown={(e) => e.key === 'Escape' && dismissDelete()}
          >
            <span className="small">Delete{role ? ` the ${role} model` : ''}?</span>
            <button type="button" className="danger" autoFocus onClick={() => void confirmDelete()}>
              Delete
            </button>
            <button type="button" onClick={dismissDelete}>
              Keep
            </button>
          </span>
        ) : (
          <button
            ref={button}
            type="button"
            aria-label={`Delete ${model.name}`}
            disabled={busy !== undefined}
            onClick={() => askToDelete(model.name)}
          >
            {busy === 'delete' ? 'Deleting…' : 'Delete'}
          </button>
        )}
      </td>
    </tr>
  );
}

/** With a broker (`serve --broker`): which machines run stage work now, and how much each takes at once. */
function RemoteWorkersPanel({ broker }: { broker: BrokerOverview }) {
  return (
    <section className="panel remote-workers" aria-labelledby="remote-workers-heading" data-testid="remote-workers">
      <h2 id="remote-workers-heading">Remote workers</h2>
      <p>
        Broker <code>{broker.url}</code>{' '}
        <span className={`state-badge tone-${broker.connected ? 'ok' : 'bad'}`} data-connected={broker.connected}>
          {broker.connected ? 'connected' : 'not connected'}
        </span>
      </p>
      <p className="small">{brokerSummary(broker)}</p>
      {broker.workers.length > 0 ? (
        <table className="remote-workers-table">
          <thead>
            <tr>
              <th scope="col">Machine</th>
              <th scope="col">Process</th>
              <th scope="col">Slots</th>
              <th scope="col">Running</th>
              <th scope="col">Last heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {broker.workers.map((worker) => (
              <tr key={worker.workerId} data-worker={worker.workerId}>
                <td>{worker.host}</td>
                <td>pid {worker.pid}</td>
                <td>
                  {workerSlots(worker)}{' '}
                  <span className="muted small">
                    (
                    {Object.entries(worker.slots)
                      .map(([stage, n]) => `${stage} ${n}`)
                      .join(', ')}
                    )
                  </span>
                </td>
                <td>{worker.busy}</td>
                <td>{heardText(worker.heartbeatAgeMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="muted small">
        A worker silent for three of its heartbeats is left out, and the tasks it held go to the others.
      </p>
    </section>
  );
}

function SearchBackendPanel({ overview }: { overview: ServicesOverview }) {
  const { search, llm } = overview;
  return (
    <section className="panel search-backend" aria-labelledby="search-backend-heading">
      <h2 id="search-backend-heading">Search</h2>
      <p>
        {search.backend === 'opensearch' ? 'OpenSearch' : 'The built-in index (SQLite)'} answers searches,{' '}
        {llm.vectors
          ? `by words and by meaning (vectors from ${llm.embedModel}).`
          : 'by words only: meaning needs the embedding model.'}
      </p>
      {search.reason ? <p className="muted small">{search.reason}</p> : null}
    </section>
  );
}
