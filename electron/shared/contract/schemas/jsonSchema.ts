/**
 * JSON Schemas for LLM structured output (Ollama `format`): the fields of one type, each a string or
 * null (lists: array of strings), so a model can answer "not present" without inventing a value.
 * The LLM's answer is then parsed with `llmFieldsSchema(type)` like any other untrusted input.
 */
import { z } from 'zod';
import { FIELD_SPECS, type DocumentType, type FieldSpec } from './documentTypes.js';

function valueSchema(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'list':
      return z.array(z.string()).nullable().describe(spec.description);
    case 'keyValues':
      return z
        .array(z.object({ key: z.string(), value: z.string() }))
        .nullable()
        .describe(spec.description);
    default:
      return z.string().nullable().describe(spec.description);
  }
}

/** The zod schema of an LLM's answer for one type: every field present, null when absent. */
export function llmFieldsSchema(type: DocumentType): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of FIELD_SPECS[type]) shape[spec.name] = valueSchema(spec);
  return z.object(shape).strict();
}

/** JSON Schema (draft 2020-12) of `llmFieldsSchema(type)`, for prompts and Ollama's `format`. */
export function toJsonSchema(type: DocumentType): Record<string, unknown> {
  return z.toJSONSchema(llmFieldsSchema(type)) as Record<string, unknown>;
}
