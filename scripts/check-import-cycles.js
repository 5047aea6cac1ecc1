#!/usr/bin/env node
// Fails when files import each other in a circle (type-only imports count too: a circle of types ties
// two rooms together just the same). Run by `npm run lint`. Relative specifiers only: packages cannot
// import us back.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOTS = ['electron', 'workers', 'renderer', 'training', 'evaluation', 'bench', 'scripts', 'e2e', 'bin'];
const SKIP = new Set(['node_modules', 'out', 'fixtures', 'dist']);
const SOURCE = /\.(?:ts|tsx|mts|mjs|js)$/;
// from '…', import '…', import('…'), export … from '…'
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]+)\1/g;

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names: TypeScript sources are imported by their .js name. */
function resolveSpecifier(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
  ];
  return candidates.find((c) => existsSync(c) && SOURCE.test(c)) ?? null;
}

const files = ROOTS.flatMap((r) => sourceFiles(join(root, r)));
const edges = new Map(files.map((f) => [f, new Set()]));
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(SPECIFIER)) {
    const target = resolveSpecifier(file, match[2]);
    if (target && edges.has(target)) edges.get(file).add(target);
  }
}

// Tarjan's strongly connected components, iteratively (deep import chains must not overflow the stack).
let counter = 0;
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const circles = [];
for (const start of files) {
  if (index.has(start)) continue;
  const work = [[start, [...edges.get(start)], 0]];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const [node, next] = frame;
    if (frame[2] < next.length) {
      const target = next[frame[2]++];
      if (!index.has(target)) {
        index.set(target, counter);
        low.set(target, counter++);
        stack.push(target);
        onStack.add(target);
        work.push([target, [...edges.get(target)], 0]);
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(node)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node).has(node)) circles.push(component);
    }
  }
}

if (circles.length === 0) {
  console.log(`import cycles: none among ${files.length} files`);
} else {
  for (const circle of circles)
    console.error(
      `import cycle: ${circle
        .map((f) => relative(root, f))
        .sort()
        .join(' <-> ')}`,
    );
  console.error(`${circles.length} import cycle(s): break each by moving what both sides need into a file of its own.`);
  process.exit(1);
}
