import { readFileSync } from 'node:fs';

/** The exact expected output of a reporter, read without any trimming. */
export function expected(name: string): string {
  return readFileSync(new URL(`./__expected__/${name}`, import.meta.url), 'utf8');
}
