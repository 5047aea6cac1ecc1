/** Exhaustiveness check for switches over document types: adding a type without rules is a type error. */
export function assertNeverType(value: never): never {
  throw new Error(`unhandled document type: ${String(value)}`);
}
