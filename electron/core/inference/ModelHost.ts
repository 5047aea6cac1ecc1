import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedPage } from '../../shared/contract/extract.js';
import type { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { Understanding } from '../../shared/contract/schemas/fieldValue.js';
import type { Logger } from '../log/logger.js';
import { MODEL_FILE_NAME, understandDocument, updateWithCorrections, type ClassifierModel, type Correction } from '../../understand/index.js';
import { loadClassifierModel, saveClassifierModel } from './modelStorage.js';

/**
 * Owns the embedded classifier: the shipped model (resources/models) as the base, and the user's own
 * model (data folder) once corrections have been learned. Learning always starts again from the base
 * with every correction, so the user's model is a pure function of (base, corrections): reproducible,
 * and a bad correction that is undone stops counting. For the same reason a user model learned on
 * another shipped model (an upgrade, or an older file format) is not used: it is learned again from
 * the new base and the stored corrections when the host loads.
 */
export class ModelHost {
  private base: ClassifierModel | null = null;
  private current: ClassifierModel | null = null;
  private learning: Promise<void> = Promise.resolve();

  constructor(
    private readonly resourcesDir: string,
    private readonly dataDir: string,
    private readonly log: Logger,
    /** The stored type corrections, to learn again when the user model is missing or stale. */
    private readonly corrections: () => readonly Correction[] = () => [],
  ) {}

  get userModelPath(): string {
    return join(this.dataDir, 'models', MODEL_FILE_NAME);
  }

  get baseModelPath(): string {
    return join(this.resourcesDir, 'models', MODEL_FILE_NAME);
  }

  async load(): Promise<void> {
    this.base = await loadClassifierModel(this.baseModelPath);
    this.current = this.base;
    // No learned model, or one learned on another shipped model: the stored corrections are learned again.
    let stale = !existsSync(this.userModelPath);
    if (!stale) {
      try {
        const user = await loadClassifierModel(this.userModelPath);
        if (user.trainingFingerprint === this.base.trainingFingerprint) this.current = user;
        else stale = true;
      } catch (error) {
        stale = true;
        this.log.warn({ err: error }, 'the learned model could not be read; learning the corrections again');
      }
    }
    const corrections = stale ? this.corrections() : [];
    if (corrections.length > 0) {
      this.log.info({ corrections: corrections.length }, 'the corrections were learned on another shipped classifier, or their model is gone; learning them again');
      void this.relearn(corrections);
    }
  }

  get model(): ClassifierModel {
    if (!this.current) throw new Error('ModelHost.load() was not awaited');
    return this.current;
  }

  understand(pages: readonly ExtractedPage[], forceType?: DocumentType): Understanding {
    // The field scales belong to the shipped rules, not to what the user's corrections taught the classifier.
    return understandDocument(pages, this.model, { ...(forceType && { forceType }), fieldCalibration: this.base?.fieldCalibration });
  }

  /** Re-learns from the base model and all corrections, then swaps the model in and saves it atomically. */
  relearn(corrections: readonly Correction[]): Promise<void> {
    this.learning = this.learning.then(async () => {
      if (!this.base) return;
      const started = Date.now();
      const next = updateWithCorrections(this.base, corrections);
      await saveClassifierModel(this.userModelPath, next);
      this.current = next;
      this.log.info({ corrections: corrections.length, ms: Date.now() - started }, 'classifier relearned from corrections');
    });
    return this.learning;
  }

  /** Resolves when any relearning in progress has finished. */
  idle(): Promise<void> {
    return this.learning;
  }
}
