/** One file a plan changes: its path relative to the project root, and its text before and after. */
export interface FileChange {
  file: string;
  before: string;
  after: string;
}

/** A plan entry (or part of one) that was not carried out in a file, and why, in one sentence. */
export interface SkippedEntry {
  /** The plan entry's id; `prettier` when formatting a file failed (see format-changes). */
  entryId: string;
  file: string;
  reason: string;
  /**
   * The file itself could not be used (gone since the plan was made, or not parsable by the
   * transforms' parser): nothing of it was tried. Unlike a transform's refusal, which is an answer
   * about the entry, this leaves the plan undone, and the CLI exits 1.
   */
  unusableFile?: true;
}

/**
 * What applying a plan would do, before anything is written. `files` holds only files whose text
 * changes, sorted by path; `skipped` is sorted by file, then in the order the transforms ran.
 */
export interface ChangeSet {
  files: FileChange[];
  skipped: SkippedEntry[];
  /** Ids of the dispose entries whose back-pointer's declared type the change widens to admit undefined. */
  widened?: string[];
  /**
   * Ids of the dispose entries the change adds nothing for, and refuses nothing of: the dispose
   * methods already hold what inject-dispose would write. Where analyze still reports such a
   * back-pointer, that code does not always run (a condition or an early return before it).
   */
  inPlace?: string[];
}
