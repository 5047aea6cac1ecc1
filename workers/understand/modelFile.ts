/**
 * Reading and writing the classifier model file. The file is parsed with zod like any file on disk, a
 * model of another format version is refused with a message that says how to rebuild it, and writes go
 * through a temporary file and a rename so a crash never leaves a half-written model.
 */
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ClassifierModel, MODEL_FORMAT_VERSION } from './classifier.js';

/** File name of the shipped model inside the resources folder's models/ directory. */
export const MODEL_FILE_NAME = 'doctype-classifier.json';

export async function loadClassifierModel(path: string): Promise<ClassifierModel> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as unknown;
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `The classifier model ${path} has format version ${String(version)}, this docpipe reads version ${MODEL_FORMAT_VERSION}. Rebuild it with \`npm run train\`.`,
    );
  }
  const parsed = ClassifierModel.safeParse(raw);
  if (!parsed.success) throw new Error(`The classifier model ${path} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

export async function saveClassifierModel(path: string, model: ClassifierModel): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(model)}\n`);
  await rename(tmp, path);
}
