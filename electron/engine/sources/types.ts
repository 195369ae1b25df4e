import type { DuckDBConnection } from '@duckdb/node-api';

/** What intake learned about a file before any source looked at it. */
export interface FileHead {
  /** The file's name inside its bundle, for the few hints a name gives (never trusted alone). */
  name: string;
  /** The first bytes of the content (decompressed when gzip). */
  bytes: Buffer;
  /** The same bytes decoded as UTF-8. */
  text: string;
  /** True when the content is gzip, judged by its magic bytes whatever the file is called. */
  gzip: boolean;
  /** True when `text` holds the whole content. */
  complete: boolean;
  size: number;
}

/** A source's verdict on a file: the layout it will read, or why the file is not a log. */
export interface Detection {
  layout: string;
  /** Set when the file is recognised but holds no events (a digest file, for instance). */
  skipReason?: string;
}

/** One evidence file of a batch. */
export interface LoadFile {
  /** Path of the file on disk (inside the case's temporary folder for archive members). */
  file: string;
  size: number;
  sha256: string;
  evidenceId: string;
}

/**
 * A batch of evidence files of one layout and compression, for a source to load together: one
 * query over many files costs far less than one query a file.
 */
export interface LoadContext {
  /** A connection of its own. */
  conn: DuckDBConnection;
  layout: string;
  gzip: boolean;
  files: LoadFile[];
  /** A private temporary folder for this batch, removed by intake afterwards. */
  tmpDir: string;
  /**
   * Writes the evidence rows (results by evidence id). A source calls it inside the transaction
   * that adds the batch's events, so that each file is in the case whole or not at all.
   */
  recordEvidence(results: Map<string, LoadResult>): Promise<void>;
}

export interface LoadResult {
  recordsRead: number;
  recordsRejected: number;
  /** The first problem, naming the record (`record 3: not a JSON object`). */
  firstError: string | null;
  /** Set when the file turned out to hold no events at all (an empty `Records` list). */
  skipReason?: string | null;
}

/**
 * One log format. Intake asks each source in turn to `detect` a file from its first bytes; the
 * first that recognises it `load`s it. A new format (Vault, Kubernetes, GCP...) is one more module
 * beside cloudtrail.ts, listed in sources/index.ts.
 */
export interface SourceModule {
  /** The format id written to `events.source` and `evidence.format` (`aws.cloudtrail`). */
  id: string;
  detect(head: FileHead): Detection | null;
  /** Loads a batch; returns each file's result by evidence id. */
  load(ctx: LoadContext): Promise<Map<string, LoadResult>>;
}
