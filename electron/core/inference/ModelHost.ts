import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedPage } from '../../shared/contract/extract.js';
import type { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { Understanding } from '../../shared/contract/schemas/fieldValue.js';
import type { Logger } from '../log/logger.js';
import type { UnderstandService } from '../pipeline/WorkerPool.js';
import { MODEL_FILE_NAME, type Correction } from '../../understand/index.js';
import type { ModelFacts, ModelRef } from '../../../workers/understand/understandApi.js';
import { writeModelFile } from './modelStorage.js';

/**
 * Owns the embedded classifier's files: the shipped model (resources/models) as the base, and the user's
 * own model (data folder) once corrections have been learned. Learning always starts again from the base
 * with every correction, so the user's model is a pure function of (base, corrections): reproducible,
 * and a bad correction that is undone stops counting. For the same reason a user model learned on
 * another shipped model (an upgrade, or an older file format) is not used: it is learned again from
 * the new base and the stored corrections when the host loads.
 *
 * The models themselves live in the understanding threads (createUnderstandPool), which read, understand
 * and learn: learning takes 0.2-1 s for 10-200 corrections and understanding up to 150 ms a document,
 * which the engine's thread (UI, SQLite) should not spend. The host names the model in use by path and
 * stamp, and writes what the threads learned: a new stamp for each write tells the threads to read it.
 */
export class ModelHost {
  /** Stamps of this host cannot be mistaken for another's by a thread's cache. */
  private readonly instance = randomUUID();
  private stamps = 0;
  private base: { ref: ModelRef; facts: ModelFacts } | null = null;
  private current: { ref: ModelRef; facts: ModelFacts } | null = null;
  private learning: Promise<void> = Promise.resolve();

  constructor(
    private readonly resourcesDir: string,
    private readonly dataDir: string,
    private readonly log: Logger,
    private readonly threads: UnderstandService,
    /** The stored type corrections, to learn again when the user model is missing or stale. */
    private readonly corrections: () => readonly Correction[] = () => [],
  ) {}

  get userModelPath(): string {
    return join(this.dataDir, 'models', MODEL_FILE_NAME);
  }

  get baseModelPath(): string {
    return join(this.resourcesDir, 'models', MODEL_FILE_NAME);
  }

  /** Reads the models (in a thread, which keeps the one in use); rejects when the shipped model cannot be read. */
  async load(): Promise<void> {
    const baseRef = this.ref(this.baseModelPath);
    this.base = { ref: baseRef, facts: await this.threads.describe(baseRef) };
    this.current = this.base;
    // No learned model, or one learned on another shipped model: the stored corrections are learned again.
    let stale = !existsSync(this.userModelPath);
    if (!stale) {
      try {
        const userRef = this.ref(this.userModelPath);
        const user = await this.threads.describe(userRef);
        // A model learned before the shipped one carried a field scorer lacks it (learning copies the base's).
        const scorerKept = user.hasFieldScorer === true || this.base.facts.hasFieldScorer !== true;
        if (user.trainingFingerprint === this.base.facts.trainingFingerprint && scorerKept)
          this.current = { ref: userRef, facts: user };
        else stale = true;
      } catch (error) {
        stale = true;
        this.log.warn({ err: error }, 'the learned model could not be read; learning the corrections again');
      }
    }
    const corrections = stale ? this.corrections() : [];
    if (corrections.length > 0) {
      this.log.info(
        { corrections: corrections.length },
        'the corrections were learned on another shipped classifier, or their model is gone; learning them again',
      );
      void this.relearn(corrections);
    }
  }

  /** The model in use: what it was learned from and how many corrections it holds. */
  get model(): ModelFacts {
    return this.inUse().facts;
  }

  /** The embedded understanding of a document, in an understanding thread with the model in use. */
  understand(pages: readonly ExtractedPage[], forceType?: DocumentType): Promise<Understanding> {
    const { ref } = this.inUse();
    // The field scales belong to the shipped rules, not to what the user's corrections taught the classifier.
    return this.threads.understand({
      pages,
      ...(forceType && { forceType }),
      model: ref,
      fieldCalibration: this.base?.facts.fieldCalibration,
    });
  }

  /**
   * Re-learns from the base model and all corrections (in a thread), then writes the model atomically and
   * puts it in use. A failure is logged and leaves the previous model in use; the next correction learns
   * everything again. Never rejects, so that `idle()` stays usable after a failure.
   */
  relearn(corrections: readonly Correction[]): Promise<void> {
    this.learning = this.learning.then(async () => {
      if (!this.base) return;
      const started = Date.now();
      try {
        const learned = await this.threads.learn({ base: this.base.ref, corrections });
        await writeModelFile(this.userModelPath, learned.text);
        this.current = { ref: this.ref(this.userModelPath), facts: learned.facts };
        this.log.info(
          { corrections: corrections.length, ms: Date.now() - started },
          'classifier relearned from corrections',
        );
      } catch (error) {
        this.log.error(
          { err: error, corrections: corrections.length },
          'learning the corrections failed; the previous model stays in use until the next correction',
        );
      }
    });
    return this.learning;
  }

  /** Resolves when any relearning in progress has finished. */
  idle(): Promise<void> {
    return this.learning;
  }

  /** A fresh name for a file's content as it is now: a thread that held the file before reads it again. */
  private ref(path: string): ModelRef {
    return { path, stamp: `${this.instance}#${++this.stamps}` };
  }

  private inUse(): { ref: ModelRef; facts: ModelFacts } {
    if (!this.current) throw new Error('ModelHost.load() was not awaited');
    return this.current;
  }
}
