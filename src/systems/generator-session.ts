/** A system's running generator (see `startGenerator`). Opaque outside the system that started it. */
export interface GeneratorSession {
  /** Starts loading the project's schema files, overlapping the caller's git reads. */
  preloadSchema?(files: string[]): void;
  close(): void;
}
