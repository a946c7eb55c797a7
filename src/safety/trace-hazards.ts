import type { ChunkTrace, DeployTrace } from '../embedded/trace-deploy.js';
import type { CheckContext } from '../rules/check-context.js';
import { analyseStatements } from '../sql/ddl-actions.js';
import { quote, type Hazard } from '../sql/safety-analysis.js';

/** A hazard and, when the embedded replay traced its statement, what that statement was seen to do. */
export interface JudgedHazard {
  hazard: Hazard;
  trace?: ChunkTrace;
}

/** The chunk of the trace that ran line `line` of migration `tag`. */
function chunkAt(trace: DeployTrace, tag: string, line: number): ChunkTrace | undefined {
  return trace.chunks.find((c) => c.tag === tag && c.fromLine <= line && line <= c.toLine);
}

/** The hazards as the trace corrects them (docs/safety.md, "Traced on the embedded replay"):
 * - a lock/* hazard whose statement was traced carries the trace (its message states the lock actually taken);
 * - lock/table-rewrite whose table kept its relfilenode is dropped: Postgres did not rewrite it. Not for a target
 *   older than Postgres 11, whose rewrites (any ADD COLUMN default) the traced server no longer does;
 * - a table that existed before the deploy and whose relfilenode a judged statement changed is lock/table-rewrite,
 *   even when the text did not predict it. */
export async function applyTrace(ctx: CheckContext, hazards: Hazard[], trace: DeployTrace, judged: Set<string>, postgresVersion: number): Promise<JudgedHazard[]> {
  const out: JudgedHazard[] = [];
  const rewriteSeen = new Set<string>();
  for (const hazard of hazards) {
    const chunk = hazard.rule.startsWith('lock/') ? chunkAt(trace, hazard.migration.tag, hazard.line) : undefined;
    if (!chunk) {
      out.push({ hazard });
      continue;
    }
    if (hazard.rule === 'lock/table-rewrite') {
      if (!chunk.rewrote.includes(hazard.table.key) && postgresVersion >= 11) continue;
      rewriteSeen.add(`${chunk.tag}:${chunk.chunk}:${hazard.table.key}`);
    }
    out.push({ hazard, trace: chunk });
  }
  for (const chunk of trace.chunks) {
    if (!judged.has(chunk.tag)) continue;
    for (const table of chunk.rewrote) {
      if (rewriteSeen.has(`${chunk.tag}:${chunk.chunk}:${table}`)) continue;
      const hazard = await rewriteHazard(ctx, chunk, table);
      if (hazard) out.push({ hazard, trace: chunk });
    }
  }
  return out;
}

/** lock/table-rewrite for a rewrite only the trace saw: the statement of the chunk that names the table (else its
 * first statement). */
async function rewriteHazard(ctx: CheckContext, chunk: ChunkTrace, table: string): Promise<Hazard | undefined> {
  const migration = ctx.folder.migrations.find((m) => m.tag === chunk.tag);
  if (!migration) return undefined;
  const inChunk = analyseStatements((await ctx.statements(migration)) ?? []).filter((a) => chunk.fromLine <= a.line && a.line <= chunk.toLine);
  const statement = inChunk.find((a) => a.actions.some((x) => x.table.key === table)) ?? inChunk[0];
  if (!statement) return undefined;
  return {
    rule: 'lock/table-rewrite',
    migration,
    line: statement.line,
    statement: quote(statement),
    table: { key: table, display: table },
    lock: 'ACCESS EXCLUSIVE',
    detail: 'the embedded replay saw its relfilenode change',
    traced: true,
  };
}
