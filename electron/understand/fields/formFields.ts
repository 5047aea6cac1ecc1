/** Form rules: "Key: value" pairs, one per line or several per line in columns. */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { field, type RuleContext } from './fieldBuilder.js';

export function formFields(ctx: RuleContext): FieldValue[] {
  const pairs: Array<{ key: string; value: string }> = [];
  for (const line of ctx.lines) {
    for (const chunk of line.text.split(/\s{3,}|\t/)) {
      const m = /^\s*([\p{L}][\p{L}\d ./()&'#-]{1,40}?)\s*:\s*(\S.{0,200})$/u.exec(chunk);
      if (m) pairs.push({ key: `${(m[1] as string).trim()}:`, value: (m[2] as string).trim() });
    }
  }
  if (!pairs.length) return [];
  return [field(ctx, 'kv_pairs', pairs.map((p) => `${p.key} ${p.value}`).join('; '), pairs, 0.4)];
}
