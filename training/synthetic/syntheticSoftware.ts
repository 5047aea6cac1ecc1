/**
 * Software documentation, filed as `other`: a project's README, a typeset package manual, a manual
 * page and a section of an administrator's guide. They share what a user's folders of such pages
 * share: how to install, the options and commands with their defaults, examples of code, version
 * history, known issues — instructions to a reader ("you", imperatives), not findings.
 *
 * Without them the model had met manuals of appliances and configuration guides only, and software
 * documentation from elsewhere read as a paper (a package manual has a title, an author, a date,
 * numbered sections and sometimes an abstract) or a form (code and option lists are short lines with
 * colons and brackets): 4 of 40 TeX Live package manuals and 42 of 60 READMEs of npm packages were
 * read as `other`. Those pages stay a check; nothing here is taken from them. Project names are made
 * of random syllables, so that no name reaches the vocabulary.
 */
import { day, int, person, pick, wrap, writeDate, type Random, type SyntheticDocument } from './syntheticParts.js';

const SYLLABLES = [
  'ta',
  'ru',
  'lo',
  'mex',
  'quo',
  'zin',
  'bel',
  'dra',
  'fo',
  'ny',
  'pix',
  'sor',
  'vek',
  'lum',
  'ka',
  'tri',
  'os',
  'wen',
];
const project = (r: Random): string => Array.from({ length: int(r, 2, 3) }, () => pick(r, SYLLABLES)).join('');

const PURPOSES = [
  'typesetting tables with aligned decimal points',
  'parsing configuration files',
  'drawing diagrams from a textual description',
  'reading and writing archive files',
  'formatting dates and numbers in many locales',
  'validating user input against a schema',
  'placing footnotes in multi-column layouts',
  'converting images between formats',
  'scheduling background jobs',
  'highlighting the syntax of source code',
  'generating test data',
  'watching a directory for changes',
  'compressing log files',
  'typesetting exam sheets with answer keys',
];
const OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['verbose', 'Print more information about what is being done.'],
  ['quiet', 'Print nothing except errors.'],
  ['output', 'Write the result to the given file instead of standard output.'],
  ['config', 'Read settings from the given file.'],
  ['force', 'Overwrite existing files without asking.'],
  ['dry-run', 'Show what would be done without changing anything.'],
  ['recursive', 'Descend into subdirectories.'],
  ['format', 'Choose the output format: text, json or html.'],
  ['encoding', 'Set the character encoding of the input files.'],
  ['timeout', 'Give up after the given number of seconds.'],
  ['no-color', 'Do not colour the output, even on a terminal.'],
  ['version', 'Print the version number and exit.'],
  ['help', 'Show a short summary of the options and exit.'],
];
const EXPLANATIONS = [
  'By default, the settings are read from the file in your home directory.',
  'If you want to change this behaviour, set the option described below.',
  'You can combine several options in one call.',
  'The default value works for most users and rarely needs to be changed.',
  'Note that this feature requires version {v} or later.',
  'Older versions accepted a different syntax, which is still supported but deprecated.',
  'The command takes an optional argument in square brackets and a mandatory one in braces.',
  'When the file does not exist, it is created with the default settings.',
  'Use this option with care: it cannot be undone.',
  'Any unknown option is reported as an error and nothing is changed.',
  'The environment variable overrides the value in the configuration file.',
  'See the examples below for the most common uses.',
  'This is useful when the same settings are shared by several projects.',
  'Bug reports and pull requests are welcome on the issue tracker.',
  'Please include the version number and a minimal example when you report a problem.',
];
const CHANGES = [
  'Fixed a crash when the input file is empty.',
  'Added the {opt} option.',
  'Documented the configuration file format.',
  'Dropped support for version {v}.',
  'Improved the error messages for invalid arguments.',
  'Made the output deterministic.',
  'Fixed spacing after the last column.',
  'First public release.',
];
const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-3.0-or-later', 'LaTeX Project Public License 1.3c'];

const version = (r: Random): string => `${int(r, 0, 4)}.${int(r, 0, 19)}.${int(r, 0, 9)}`;
const explain = (r: Random, n: number): string =>
  wrap(Array.from({ length: n }, () => pick(r, EXPLANATIONS).replace('{v}', version(r))).join(' '), int(r, 70, 95));
const optionLines = (r: Random, style: 'md' | 'man' | 'tex'): string[] =>
  Array.from({ length: int(r, 3, 7) }, () => {
    const [name, text] = pick(r, OPTIONS);
    if (style === 'md') return `- \`--${name}\`: ${text}`;
    if (style === 'man') return `       -${name[0]}, --${name}\n              ${text}`;
    return `${name}  ${text} (default: ${pick(r, ['false', 'true', 'none', 'auto'])})`;
  });

function readme(r: Random, name: string): string[] {
  const purpose = pick(r, PURPOSES);
  const fn = pick(r, ['parse', 'render', 'convert', 'validate', 'load', 'format']);
  return [
    `# ${name}`,
    '',
    `${name[0]?.toUpperCase()}${name.slice(1)} is a ${pick(r, ['small library', 'command-line tool', 'fast, dependency-free module'])} for ${purpose}.`,
    '',
    '## Installation',
    '',
    '```',
    pick(r, [
      `npm install ${name}`,
      `pip install ${name}`,
      `cargo add ${name}`,
      `go get example.org/${name}`,
      `sudo apt install ${name}`,
    ]),
    '```',
    '',
    '## Usage',
    '',
    '```js',
    `import { ${fn} } from '${name}';`,
    `const result = ${fn}(input, { ${pick(r, OPTIONS)[0].replace('-', '')}: true });`,
    '```',
    '',
    explain(r, int(r, 1, 3)),
    '',
    '## API',
    '',
    `### ${fn}(input, [options])`,
    '',
    `Returns ${pick(r, ['a promise that resolves to the result', 'the converted value', 'an array of errors, empty when the input is valid'])}.`,
    ...(r() < 0.6 ? ['', '## Options', '', ...optionLines(r, 'md')] : []),
    '',
    ...(r() < 0.5 ? ['## Contributing', '', explain(r, 2), ''] : []),
    '## License',
    '',
    pick(r, LICENSES),
  ];
}

function packageManual(r: Random, name: string): string[] {
  const when = day(r);
  const command = `\\${pick(r, ['set', 'use', 'add', 'show'])}${pick(r, ['style', 'width', 'item', 'label', 'key'])}`;
  return [
    `The ${name} package`,
    person(r),
    `Version ${version(r)} — ${writeDate(r, when, pick(r, ['en', 'us'] as const))}`,
    '',
    ...(r() < 0.4 ? ['Abstract', explain(r, 2), ''] : []),
    '1 Introduction',
    wrap(
      `This package provides a way of ${pick(r, PURPOSES)}. ${pick(r, EXPLANATIONS).replace('{v}', version(r))}`,
      int(r, 70, 95),
    ),
    '',
    '2 Usage',
    `Load the package as usual with \\usepackage[⟨options⟩]{${name}}.`,
    '',
    '2.1 Package options',
    ...optionLines(r, 'tex'),
    '',
    '2.2 Commands',
    `${command}{⟨${pick(r, ['length', 'text', 'key=value list', 'number'])}⟩}`,
    explain(r, int(r, 2, 4)),
    '',
    `Example ${int(r, 1, 9)}`,
    `\\begin{${name}}`,
    `  ${command}{${pick(r, ['2em', 'Hello', 'left', '3'])}}`,
    `\\end{${name}}`,
    '',
    '3 Known issues',
    explain(r, int(r, 1, 3)),
    '',
    '4 Version history',
    ...Array.from(
      { length: int(r, 2, 5) },
      () =>
        `v${version(r)} (${writeDate(r, day(r), 'de')}) ${pick(r, CHANGES).replace('{opt}', pick(r, OPTIONS)[0]).replace('{v}', version(r))}`,
    ),
  ];
}

function manualPage(r: Random, name: string): string[] {
  const upper = name.toUpperCase();
  return [
    `${upper}(1)${' '.repeat(int(r, 10, 30))}User Commands${' '.repeat(int(r, 10, 30))}${upper}(1)`,
    '',
    'NAME',
    `       ${name} - ${pick(r, PURPOSES)}`,
    '',
    'SYNOPSIS',
    `       ${name} [OPTION]... [FILE]...`,
    '',
    'DESCRIPTION',
    wrap(
      `${name[0]?.toUpperCase()}${name.slice(1)} reads each FILE, or standard input when no FILE is given. ${pick(r, EXPLANATIONS).replace('{v}', version(r))}`,
      65,
    ).replace(/^/gm, '       '),
    '',
    'OPTIONS',
    ...optionLines(r, 'man'),
    '',
    'EXIT STATUS',
    '       0 on success, 1 if a file could not be read, 2 on invalid arguments.',
    '',
    ...(r() < 0.5
      ? [
          'FILES',
          `       ~/.config/${name}/config`,
          `              ${pick(r, EXPLANATIONS).replace('{v}', version(r))}`,
          '',
        ]
      : []),
    'SEE ALSO',
    `       ${project(r)}(1), ${project(r)}(5)`,
    '',
    `${name} ${version(r)}${' '.repeat(int(r, 10, 30))}${writeDate(r, day(r), 'en')}${' '.repeat(int(r, 5, 20))}${upper}(1)`,
  ];
}

function adminGuide(r: Random, name: string): string[] {
  const section = `${int(r, 1, 15)}.${int(r, 1, 9)}`;
  return [
    `${section}. ${pick(r, ['Installing and configuring', 'Setting up', 'Securing', 'Monitoring', 'Upgrading'])} ${name}`,
    '',
    wrap(
      `The ${name} service is ${pick(r, ['installed', 'not installed'])} by default. ${pick(r, ['Install it with the package manager', 'It is available in the main archive', 'Administrators usually install it on servers only'])}, and its configuration lives in /etc/${name}/${name}.conf. ${pick(r, EXPLANATIONS).replace('{v}', version(r))}`,
      int(r, 70, 95),
    ),
    '',
    `# apt install ${name}`,
    pick(r, ['Reading package lists... Done', 'Setting up ' + name + ' (' + version(r) + ') ...', '']),
    `# systemctl ${pick(r, ['restart', 'enable', 'status'])} ${name}`,
    '',
    `${pick(r, ['TIP', 'NOTE', 'BACK TO BASICS', 'CAUTION', 'GOING FURTHER'])} ${pick(r, ['Reloading the configuration', 'Log files', 'Permissions', 'Testing the settings'])}`,
    explain(r, int(r, 2, 3)),
    '',
    `${section}.${int(r, 1, 5)}. ${pick(r, ['Configuration', 'Access control', 'Troubleshooting', 'Log files'])}`,
    explain(r, int(r, 2, 4)),
    ...(r() < 0.6
      ? [
          '',
          `Example ${section}.${int(r, 1, 5)}. ${pick(r, ['Excerpt of the configuration file', 'Listing the active sessions'])}`,
          `${pick(r, ['listen', 'max_clients', 'log_level', 'allow'])} = ${pick(r, ['127.0.0.1', '64', 'info', 'all'])}`,
        ]
      : []),
  ];
}

function softwareDocumentation(r: Random, variant: number): SyntheticDocument {
  const name = project(r);
  const text = [readme, packageManual, manualPage, adminGuide][variant]!(r, name);
  return {
    label: 'other',
    source: `synthetic:other_software_${['readme', 'package', 'manpage', 'admin'][variant]}`,
    text: text.join('\n'),
    fields: {},
  };
}

/** Appended after every other template (syntheticDocuments.ts), so those draw the same numbers as before. */
export const SOFTWARE_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [softwareDocumentation, 4],
];
