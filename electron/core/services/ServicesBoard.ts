/**
 * The answer of the `services` command: the supervised services, the GPU, the models, their downloads,
 * and whether the pipeline uses the model server now. Where no service is supervised in this process
 * (`docpipe status`-like commands), the last states the store kept are shown.
 */
import {
  ServiceStatus,
  type BrokerOverview,
  type GpuFacts,
  type OllamaHostStatus,
  type ServicesOverview,
} from '../../shared/contract/services.js';
import type { ModelServerLink } from '../inference/ModelServerLink.js';
import type { SettingsService } from '../settings/SettingsService.js';
import type { Store } from '../store/Store.js';
import type { ServiceSupervisor } from './serviceSupervisor.js';

/** GPU tools take a moment and drivers rarely change: asked at most this often, ms. */
const GPU_FACTS_MAX_AGE_MS = 60_000;

export interface ServicesBoardDeps {
  store: Store;
  supervisor: ServiceSupervisor | null;
  link: ModelServerLink;
  settings: SettingsService;
  /** Which search backend answers now, and why it is not the chosen one, if so. */
  search(): ServicesOverview['search'];
  /** The Ollama servers requests are spread over, each asked afresh (the screen shows one that went away). */
  ollamaHosts(): Promise<OllamaHostStatus[]>;
  /** The broker this process coordinates through and its live workers; null when it has none. */
  broker(): BrokerOverview | null;
}

export class ServicesBoard {
  private gpuFacts: { at: number; facts: Promise<GpuFacts> } | null = null;

  constructor(private readonly deps: ServicesBoardDeps) {}

  async overview(): Promise<ServicesOverview> {
    const { supervisor, link, settings } = this.deps;
    const services = supervisor ? supervisor.status() : this.storedStates();
    const ollama = supervisor?.ollama ?? null;
    const [gpu, models, placements, ollamaHosts] = await Promise.all([
      supervisor ? this.gpu(supervisor) : Promise.resolve(null),
      link.models(),
      ollama?.url() ? ollama.loadedModels().catch(() => []) : Promise.resolve([]),
      this.deps.ollamaHosts(),
    ]);
    const state = link.state();
    const chosen = settings.get();
    return {
      services,
      gpu,
      models,
      placements,
      pulls: link.activePulls(),
      llm: {
        active: state.llm,
        vectors: state.vectors,
        reason: state.reason,
        missing: state.missing,
        textModel: chosen.models.text,
        embedModel: chosen.models.embed,
      },
      ollamaHosts,
      broker: this.deps.broker(),
      search: this.deps.search(),
    };
  }

  private gpu(supervisor: ServiceSupervisor): Promise<GpuFacts | null> {
    const now = Date.now();
    if (!this.gpuFacts || now - this.gpuFacts.at > GPU_FACTS_MAX_AGE_MS)
      this.gpuFacts = { at: now, facts: supervisor.gpu() };
    return this.gpuFacts.facts.catch(() => null);
  }

  private storedStates(): ServiceStatus[] {
    return this.deps.store.services.all().flatMap((json) => {
      const parsed = ServiceStatus.safeParse(JSON.parse(json));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
