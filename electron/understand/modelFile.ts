/**
 * The classifier model file's format. The text is parsed with zod like any file on disk, and a model of
 * another format version is refused with a message that says how to rebuild it. Reading and writing the
 * file is the caller's (this library does no I/O): see electron/core/inference/modelStorage.ts.
 */
import { ClassifierModel, MODEL_FORMAT_VERSION } from './classifier.js';

/** File name of the shipped model inside the resources folder's models/ directory. */
export const MODEL_FILE_NAME = 'doctype-classifier.json';

/** @param where the file's path, for the error message */
export function parseClassifierModel(text: string, where: string): ClassifierModel {
  const raw = JSON.parse(text) as unknown;
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `The classifier model ${where} has format version ${String(version)}, this docpipe reads version ${MODEL_FORMAT_VERSION}. Rebuild it with \`npm run train\`.`,
    );
  }
  const parsed = ClassifierModel.safeParse(raw);
  if (!parsed.success) throw new Error(`The classifier model ${where} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

export function serializeClassifierModel(model: ClassifierModel): string {
  return `${JSON.stringify(model)}\n`;
}
