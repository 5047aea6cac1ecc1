/**
 * The Ollama LLM provider: classification and field extraction with structured output (`format` = a
 * JSON schema, temperature 0), a bounded prompt that treats the document as untrusted data, answers
 * validated with zod, and every failure turned into a StageResult. The understand stage calls
 * `understand(pages, embedded)`; the result holds both sources' fields, combined (combine.ts).
 */
import type { ChatResponse, Message, Ollama } from 'ollama';
import { z } from 'zod';
import { ErrorCode, type AppErrorData } from '../../../shared/contract/errors.js';
import type { ExtractedPage } from '../../../shared/contract/extract.js';
import type { StageResult } from '../../../shared/contract/jobs.js';
import { DocumentType, FIELD_SPECS } from '../../../shared/contract/schemas/documentTypes.js';
import type { FieldValue, Understanding } from '../../../shared/contract/schemas/fieldValue.js';
import { llmFieldsSchema, toJsonSchema } from '../../../shared/contract/schemas/jsonSchema.js';
import { extractFields as extractEmbeddedFields, orderForLocale } from '../../../understand/index.js';
import {
  combineFields,
  combineType,
  DEFAULT_TYPE_COMBINATION,
  lowerConfidence,
  FALLBACK_FACTOR,
  type TypeCombination,
} from './combine.js';
import { OllamaHostPool } from './OllamaHostPool.js';
import { callOllama, type CallOutcome, type LlmFailure } from './ollamaCall.js';
import { hostsOf, OllamaConfig, sameModel, type OllamaConfigInput } from './ollamaConfig.js';
import { classificationPrompt, correctionMessages, fieldsPrompt, type PromptOptions } from './prompt.js';
import { toLlmFieldValues, type LlmFieldsAnswer } from './llmFields.js';

/** The answer schema of classification: one of the allowed types, nothing else. */
export const ClassificationAnswer = z.object({ type: DocumentType }).strict();
export type ClassificationAnswer = z.infer<typeof ClassificationAnswer>;
const CLASSIFICATION_JSON_SCHEMA = z.toJSONSchema(ClassificationAnswer) as Record<string, unknown>;

/**
 * A model's answer after at most one retry: `answered` with the validated value, or `invalid` when
 * the output stayed truncated or off-schema (the caller then falls back to the embedded result).
 */
export type LlmAnswer<T> =
  { status: 'answered'; value: T; attempts: number } | { status: 'invalid'; detail: AppErrorData; attempts: number };

/** What `understand` gives the stage to commit. */
export interface LlmUnderstanding {
  /** Combined type, confidence and probabilities; `fields` holds both sources' values (see combineFields). */
  understanding: Understanding;
  /** How the LLM took part, for the log and the review screen. */
  llm: {
    model: string;
    /** The type the model answered; null when it gave no valid answer. */
    type: DocumentType | null;
    /**
     * `combined`: every call answered. `partial`: one fell back. `fallback`: no usable answer (embedded
     * result, lower confidence). `skipped`: the document has no text to show a text model (embedded result as is).
     */
    outcome: 'combined' | 'partial' | 'fallback' | 'skipped';
    /** Why a call fell back (LLM_BAD_OUTPUT), else null. */
    problem: AppErrorData | null;
    /** What the model saw: the text (with line positions where the pages have word boxes), or page pictures. */
    read: 'text' | 'images';
  };
}

/** The model asked and what it is shown beside the text. */
export interface Reader {
  model: string;
  images: Uint8Array[];
  read: 'text' | 'images';
}

/** OCR text shorter than this (characters, whole document) is as good as unread: the pictures say more. */
const MIN_OCR_CHARS = 40;

export interface UnderstandCallOptions {
  /** The job's signal: aborting it ends the request to Ollama. */
  signal?: AbortSignal;
  /**
   * The picture of a page (PNG or JPEG bytes), for the vision model; null or a throw when there is none.
   * Without it the text model reads every document.
   */
  pageImage?: (page: number) => Promise<Uint8Array | null>;
}

export interface OllamaModelFacts {
  name: string;
  /** Whether the model is on the server (/api/tags). */
  present: boolean;
}

export interface OllamaLoadedModel {
  name: string;
  /** Bytes the loaded model takes in total. */
  sizeBytes: number;
  /** Bytes of it in GPU memory (/api/ps size_vram): 0 means it runs on the CPU. */
  vramBytes: number;
  /** When Ollama unloads it unless used again (ISO), or null. */
  expiresAt: string | null;
}

/** What the settings and status screens show about the model server. */
export interface OllamaHealth {
  host: string;
  reachable: boolean;
  /** Ollama's version (/api/version), null when unreachable. */
  version: string | null;
  /** The reason it is unreachable or unusable, else null. */
  error: AppErrorData | null;
  textModel: OllamaModelFacts;
  visionModel: OllamaModelFacts;
  embedModel: OllamaModelFacts;
  /** Every model on the server. */
  available: string[];
  /** Models in memory now. */
  loaded: OllamaLoadedModel[];
  /** From the loaded models: all in VRAM (`gpu`), some (`partial`), none (`cpu`), or nothing loaded (`unknown`). */
  acceleration: 'gpu' | 'partial' | 'cpu' | 'unknown';
  /** Requests of this provider running now / waiting for a slot. */
  inFlight: number;
  queued: number;
}

export interface OllamaProviderOptions {
  /** BCP 47 locale deciding ambiguous numeric dates in LLM values when the document does not. Default null. */
  locale?: string | null;
  /** How the type answer is weighed against the embedded classifier. */
  typeCombination?: TypeCombination;
  /**
   * The servers requests go to, shared with the embedder so both see one state per server. Default: a
   * pool of the config's hosts of its own.
   */
  pool?: OllamaHostPool;
}

export class OllamaProvider {
  readonly config: OllamaConfig;
  readonly pool: OllamaHostPool;
  private readonly options: Required<Omit<OllamaProviderOptions, 'pool'>>;

  constructor(config: OllamaConfigInput = {}, options: OllamaProviderOptions = {}) {
    this.config = OllamaConfig.parse(config);
    this.pool = options.pool ?? new OllamaHostPool(hostsOf(this.config));
    this.options = {
      locale: options.locale ?? null,
      typeCombination: options.typeCombination ?? DEFAULT_TYPE_COMBINATION,
    };
  }

  /**
   * The document's type and fields from the model, combined with the embedded result. Model failures
   * that say nothing about the document (server down, model loading, slow, model missing) come back as
   * the matching StageResult; output that stays invalid after one retry falls back to the embedded
   * result with lower confidence, as `ok`.
   */
  async understand(
    pages: readonly ExtractedPage[],
    embedded: Understanding,
    call: UnderstandCallOptions = {},
  ): Promise<StageResult<LlmUnderstanding>> {
    const images = await this.visionImages(pages, call);
    if (!images.length && pages.every((p) => p.text.trim() === '')) {
      // Nothing for a text model to read (a scan without OCR text): asking would only cost a slot.
      return {
        kind: 'ok',
        value: {
          understanding: embedded,
          llm: { model: this.config.textModel, type: null, outcome: 'skipped', problem: null, read: 'text' },
        },
      };
    }
    let reader: Reader = images.length
      ? { model: this.config.visionModel, images, read: 'images' }
      : { model: this.config.textModel, images: [], read: 'text' };
    let classified = await this.classify(pages, call, reader);
    if (
      reader.read === 'images' &&
      classified.kind === 'cancel' &&
      classified.error.code === ErrorCode.LLM_MODEL_MISSING
    ) {
      // No vision model on the servers: the text model reads the OCR text, as it would without pictures.
      reader = { model: this.config.textModel, images: [], read: 'text' };
      classified = await this.classify(pages, call, reader);
    }
    if (classified.kind !== 'ok') return classified;
    const answer = classified.value;
    const typed =
      answer.status === 'answered'
        ? combineType(embedded, answer.value.type, this.options.typeCombination)
        : {
            type: embedded.type,
            typeConfidence: embedded.typeConfidence * FALLBACK_FACTOR,
            probabilities: embedded.probabilities,
          };
    // The embedded fields belong to the embedded type; when the combination chose another type, the
    // embedded rules of that type are run so both sources describe the same type.
    const embeddedFields =
      typed.type === embedded.type
        ? embedded.fields
        : extractEmbeddedFields(typed.type, pages, { locale: this.options.locale });
    let fields: FieldValue[] = embeddedFields;
    let fieldsAnswer: LlmAnswer<FieldValue[]> | null = null;
    if (FIELD_SPECS[typed.type].length > 0) {
      const extracted = await this.extractFields(typed.type, pages, call, reader);
      if (extracted.kind !== 'ok') return extracted;
      fieldsAnswer = extracted.value;
      fields =
        fieldsAnswer.status === 'answered'
          ? combineFields(typed.type, embeddedFields, fieldsAnswer.value)
          : lowerConfidence(embeddedFields);
    }
    const failures = [answer, fieldsAnswer].filter((a) => a?.status === 'invalid').length;
    const asked = fieldsAnswer ? 2 : 1;
    const problem =
      answer.status === 'invalid' ? answer.detail : fieldsAnswer?.status === 'invalid' ? fieldsAnswer.detail : null;
    return {
      kind: 'ok',
      value: {
        understanding: { ...typed, typeConfidence: Math.round(typed.typeConfidence * 1000) / 1000, fields },
        llm: {
          model: reader.model,
          type: answer.status === 'answered' ? answer.value.type : null,
          outcome: failures === 0 ? 'combined' : failures === asked ? 'fallback' : 'partial',
          problem,
          read: reader.read,
        },
      },
    };
  }

  /**
   * Whether the vision model should see the document: every page with text was read by OCR, and OCR was
   * unsure (mean confidence under `visionBelowConfidence`) or read next to nothing.
   */
  wantsVision(pages: readonly ExtractedPage[]): boolean {
    const threshold = this.config.visionBelowConfidence;
    if (threshold <= 0 || pages.length === 0) return false;
    if (pages.some((p) => p.method !== 'ocr')) return false;
    const read = pages.reduce((n, p) => n + p.text.trim().length, 0);
    const scored = pages.filter((p) => p.ocrConfidence !== null);
    const mean = scored.length ? scored.reduce((n, p) => n + (p.ocrConfidence as number), 0) / scored.length : 0;
    return read < MIN_OCR_CHARS || mean < threshold;
  }

  /**
   * Pictures of the first pages when the vision model should see them and the caller can make them;
   * none otherwise (a page that cannot be pictured, or too large a picture, leaves the text model to read).
   */
  private async visionImages(pages: readonly ExtractedPage[], call: UnderstandCallOptions): Promise<Uint8Array[]> {
    if (!call.pageImage || !this.wantsVision(pages)) return [];
    const images: Uint8Array[] = [];
    for (const page of pages.slice(0, this.config.visionMaxPages)) {
      let bytes: Uint8Array | null;
      try {
        bytes = await call.pageImage(page.page);
      } catch {
        bytes = null;
      }
      if (!bytes || bytes.byteLength > this.config.visionMaxImageBytes) return [];
      images.push(bytes);
    }
    return images;
  }

  /** The model's type for the document, one of DOCUMENT_TYPES (the schema's enum, checked again with zod). */
  classify(
    pages: readonly ExtractedPage[],
    call: UnderstandCallOptions = {},
    reader: Reader = this.textReader(),
  ): Promise<StageResult<LlmAnswer<ClassificationAnswer>>> {
    const prompt = classificationPrompt(pages, this.config.maxPromptChars, this.promptOptions(reader));
    return this.askJson(
      reader.model,
      prompt.messages,
      CLASSIFICATION_JSON_SCHEMA,
      ClassificationAnswer,
      64,
      call.signal,
    );
  }

  /** The model's fields of `type`, normalized and located like the embedded ones, source `llm`. */
  async extractFields(
    type: DocumentType,
    pages: readonly ExtractedPage[],
    call: UnderstandCallOptions = {},
    reader: Reader = this.textReader(),
  ): Promise<StageResult<LlmAnswer<FieldValue[]>>> {
    const schema = toJsonSchema(type);
    const prompt = fieldsPrompt(type, pages, this.config.maxPromptChars, schema, this.promptOptions(reader));
    const asked = await this.askJson(
      reader.model,
      prompt.messages,
      schema,
      llmFieldsSchema(type) as z.ZodType<LlmFieldsAnswer>,
      this.config.maxOutputTokens,
      call.signal,
    );
    if (asked.kind !== 'ok' || asked.value.status !== 'answered') return asked as StageResult<LlmAnswer<FieldValue[]>>;
    const fields = toLlmFieldValues(type, asked.value.value, pages, orderForLocale(this.options.locale), reader.read);
    return { kind: 'ok', value: { ...asked.value, value: fields } };
  }

  private textReader(): Reader {
    return { model: this.config.textModel, images: [], read: 'text' };
  }

  private promptOptions(reader: Reader): PromptOptions {
    return { positions: this.config.promptPositions, ...(reader.images.length ? { images: reader.images } : {}) };
  }

  /**
   * One structured-output chat: asked once, and once more when the answer is truncated (with twice the
   * output budget) or off-schema (the model sees its answer and the problem). Temperature 0 makes the
   * same request give the same answer, so the retry must change the request to be worth making.
   */
  private async askJson<T>(
    model: string,
    messages: Message[],
    format: Record<string, unknown>,
    schema: z.ZodType<T>,
    numPredict: number,
    signal?: AbortSignal,
  ): Promise<StageResult<LlmAnswer<T>>> {
    let conversation = messages;
    let budget = numPredict;
    let problem: AppErrorData | null = null;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const sent = await this.chat(model, conversation, format, budget, signal);
      if (!sent.ok) return sent.failure;
      const content = sent.value.message?.content ?? '';
      const checked = checkAnswer(content, sent.value.done_reason, schema);
      if (checked.ok) return { kind: 'ok', value: { status: 'answered', value: checked.value, attempts: attempt } };
      problem = {
        code: ErrorCode.LLM_BAD_OUTPUT,
        message: `${model} gave ${checked.problem} (attempt ${attempt} of 2).`,
        retryable: true,
      };
      if (checked.truncated) budget *= 2;
      else conversation = [...messages, ...correctionMessages(content, checked.problem)];
    }
    return { kind: 'ok', value: { status: 'invalid', detail: problem as AppErrorData, attempts: 2 } };
  }

  private chat(
    model: string,
    messages: Message[],
    format: Record<string, unknown>,
    numPredict: number,
    signal?: AbortSignal,
  ): Promise<CallOutcome<ChatResponse>> {
    return this.limited(signal, model, (client) =>
      client.chat({
        model,
        messages,
        format,
        stream: false,
        options: { temperature: 0, num_ctx: this.config.contextTokens, num_predict: numPredict },
      }),
    );
  }

  private async limited<T>(
    signal: AbortSignal | undefined,
    model: string,
    request: (client: Ollama) => Promise<T>,
  ): Promise<CallOutcome<T>> {
    const target = {
      model,
      timeoutMs: this.config.timeoutMs,
      loadingSnoozeMs: this.config.loadingSnoozeMs,
      signal,
    };
    return this.pool.run(model, (host) => callOllama({ ...target, host }, request), signal);
  }

  /** Reachability, models present and loaded, and GPU use: what the status screen shows. */
  async health(signal?: AbortSignal): Promise<OllamaHealth> {
    const target = {
      host: this.config.host,
      model: this.config.textModel,
      timeoutMs: Math.min(this.config.timeoutMs, 10_000),
      loadingSnoozeMs: this.config.loadingSnoozeMs,
      signal,
    };
    // Health is not a model call: it bypasses the slot limit so the status screen answers while jobs run.
    const answered = await callOllama(target, async (client) => {
      const [version, tags, ps] = await Promise.all([client.version(), client.list(), client.ps()]);
      return { version, tags, ps };
    });
    const facts = (name: string, available: string[]): OllamaModelFacts => ({
      name,
      present: available.some((a) => sameModel(a, name)),
    });
    if (!answered.ok) {
      const error =
        answered.failure.kind === 'snooze'
          ? { code: ErrorCode.LLM_UNAVAILABLE, message: answered.failure.reason, retryable: true }
          : answered.failure.error;
      return {
        host: this.config.host,
        reachable: false,
        version: null,
        error,
        textModel: facts(this.config.textModel, []),
        visionModel: facts(this.config.visionModel, []),
        embedModel: facts(this.config.embedModel, []),
        available: [],
        loaded: [],
        acceleration: 'unknown',
        inFlight: this.inFlight(),
        queued: 0,
      };
    }
    const available = (answered.value.tags.models ?? []).map((m) => m.name);
    const loaded = (answered.value.ps.models ?? []).map((m) => ({
      name: m.name,
      sizeBytes: Number(m.size) || 0,
      vramBytes: Number(m.size_vram) || 0,
      expiresAt: m.expires_at ? new Date(m.expires_at).toISOString() : null,
    }));
    const textModel = facts(this.config.textModel, available);
    const missing = !textModel.present;
    return {
      host: this.config.host,
      reachable: true,
      version: answered.value.version.version ?? null,
      error: missing
        ? {
            code: ErrorCode.LLM_MODEL_MISSING,
            message: `The model "${this.config.textModel}" is not on the Ollama server at ${this.config.host}. Run \`ollama pull ${this.config.textModel}\`.`,
            retryable: false,
          }
        : null,
      textModel,
      visionModel: facts(this.config.visionModel, available),
      embedModel: facts(this.config.embedModel, available),
      available,
      loaded,
      acceleration: accelerationOf(loaded),
      inFlight: this.inFlight(),
      queued: 0,
    };
  }

  private inFlight(): number {
    return this.pool.status().reduce((sum, host) => sum + host.inFlight, 0);
  }
}

function accelerationOf(loaded: readonly OllamaLoadedModel[]): OllamaHealth['acceleration'] {
  if (!loaded.length) return 'unknown';
  if (loaded.every((m) => m.sizeBytes > 0 && m.vramBytes >= m.sizeBytes)) return 'gpu';
  if (loaded.every((m) => m.vramBytes === 0)) return 'cpu';
  return 'partial';
}

/** Parses and validates a model's output; says what was wrong when it is not usable. */
export function checkAnswer<T>(
  content: string,
  doneReason: string | undefined,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; problem: string; truncated: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    const truncated = doneReason === 'length';
    return {
      ok: false,
      truncated,
      problem: truncated ? 'a truncated answer (output limit reached)' : 'an answer that is not JSON',
    };
  }
  const valid = schema.safeParse(parsed);
  if (valid.success) return { ok: true, value: valid.data };
  const issue = valid.error.issues[0];
  return {
    ok: false,
    truncated: false,
    problem: `an answer that does not match the schema (${issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'invalid'})`,
  };
}

/** The provider the understand stage uses when `config.llm` is set. */
export function createOllamaProvider(
  config: OllamaConfigInput = {},
  options: OllamaProviderOptions = {},
): OllamaProvider {
  return new OllamaProvider(config, options);
}

export type { LlmFailure };
