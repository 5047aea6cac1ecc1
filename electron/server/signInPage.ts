/**
 * The page a browser gets instead of the app when it loads a page without this server's token: what
 * happened and what to do, in words, rather than a raw JSON error. It says nothing about the archive
 * (no paths, no counts): whoever sees it has not signed in.
 */
import { createHash } from 'node:crypto';

/** `missing`: no token came with the request; `wrong`: one came, and it is not this server's. */
export type SignInProblem = 'missing' | 'wrong';

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { max-width: 38rem; margin: 12vh auto; padding: 0 1.5rem; }
h1 { font-size: 1.4rem; margin-bottom: 0.5rem; }
code { font-size: 0.95em; padding: 0.1em 0.3em; border-radius: 4px; background: rgba(127, 127, 127, 0.18); white-space: nowrap; }
li { margin: 0.4rem 0; }
.muted { opacity: 0.75; font-size: 0.9rem; }
`;

/** The page allows exactly its own style block (by hash) and nothing else: no script, no request. */
export const SIGN_IN_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const WHAT_HAPPENED: Record<SignInProblem, { title: string; text: string }> = {
  missing: {
    title: 'This browser is not signed in to docpipe',
    text: 'docpipe only shows your documents to a browser that opened the link it printed, which carries a secret token.',
  },
  wrong: {
    title: 'This link does not sign in to docpipe',
    text:
      'The token in the link is not the one this docpipe expects: the link may belong to another data folder, ' +
      'or to a token replaced since (<code>docpipe serve --new-token</code>).',
  },
};

export function signInPage(problem: SignInProblem): string {
  const { title, text } = WHAT_HAPPENED[problem];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docpipe: sign in</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>${text}</p>
<p>To sign in:</p>
<ul>
<li>open the link that <code>docpipe serve</code> printed in its terminal (it ends in <code>?token=…</code>), or</li>
<li>run <code>docpipe url</code> on this computer (with the same <code>--data</code> folder, if you gave one) to print that link again.</li>
</ul>
<p class="muted">The link stays the same when docpipe starts again; once signed in, this browser stays signed in.</p>
</main>
</body>
</html>
`;
}
