import type { MigrationFolder } from './migration-folder.js';

/** Per migration (in order): why its listed SQL file cannot serve (a FIFO, a directory, a link out of the project,
 * no permission), or undefined. Only work-tree sources can say; git sources answer all undefined. */
export function sqlFileProblems(folder: MigrationFolder): Promise<(string | undefined)[]> {
  return Promise.all(folder.migrations.map((m) => folder.source.problem?.(m.sqlPath)));
}
