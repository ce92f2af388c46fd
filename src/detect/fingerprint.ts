import { createHash } from 'node:crypto';

/**
 * A stable id for a finding: the first 16 hex digits of the SHA-256 of what identifies it (file,
 * class, field; never a line), so ids survive edits that move code and match across runs.
 */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
