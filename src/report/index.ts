/** Every output format of `weakify analyze --format`, one reporter per file. */
import { dot } from './dot.js';
import { github } from './github.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { mermaid } from './mermaid.js';
import type { Reporter } from './reporter.js';
import { sarif } from './sarif.js';
import { text } from './text.js';

export const reporters = { text, json, markdown, sarif, github, mermaid, dot } satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof reporters;
export type { Reporter, ReporterOptions, FileFix, TextReplacement } from './reporter.js';
