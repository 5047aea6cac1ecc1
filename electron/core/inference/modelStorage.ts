/**
 * The classifier model on disk: read and parsed like any file, written through a temporary file and a
 * rename so a crash never leaves a half-written model.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseClassifierModel, serializeClassifierModel, type ClassifierModel } from '../../understand/index.js';

export async function loadClassifierModel(path: string): Promise<ClassifierModel> {
  return parseClassifierModel(await readFile(path, 'utf8'), path);
}

export async function saveClassifierModel(path: string, model: ClassifierModel): Promise<void> {
  await writeModelFile(path, serializeClassifierModel(model));
}

/** Writes a model already serialized (an understanding thread learns and serializes it; the host writes it). */
export async function writeModelFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
