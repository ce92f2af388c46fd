/** Every output format of `weakify analyze --format`, one reporter per file. */
import { dot } from './dot.js';
import { json } from './json.js';
import { mermaid } from './mermaid.js';
import type { Reporter } from './reporter.js';
import { text } from './text.js';

export const reporters = { text, json, mermaid, dot } satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof reporters;
export type { Reporter, ReporterOptions, FileFix, TextReplacement } from './reporter.js';
