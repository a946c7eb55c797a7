/** Which failures of a replay are only the doing of an extension the embedded Postgres has as an empty stand-in:
 * the statement uses an object the real extension would have created (its schema, a function, a type, a view), or
 * an object an earlier statement would have created had it not been skipped for that reason. Such statements are
 * skipped and counted (replay/unsupported names the count); everything else still applies and is judged. */

/** What each extension creates that a migration may name, as far as its documentation and catalog go. */
const EXTENSION_OBJECTS: Record<string, { schemas?: string[]; names?: RegExp }> = {
  pg_cron: { schemas: ['cron'] },
  pg_net: { schemas: ['net'] },
  pgmq: { schemas: ['pgmq'] },
  supabase_vault: { schemas: ['vault'] },
  pgsodium: { schemas: ['pgsodium', 'pgsodium_masks'] },
  pg_graphql: { schemas: ['graphql'] },
  pg_tle: { schemas: ['pgtle'] },
  wrappers: { names: /^[a-z_]*_fdw_(handler|validator|meta)$/ },
  moddatetime: { names: /^moddatetime$/ },
  http: { names: /^(http|http_(get|post|put|patch|delete|head|header|request|response|method|content_type|set_curlopt|reset_curlopt|list_curlopt)|urlencode|bytea_to_text|text_to_bytea)$/ },
  pg_jsonschema: { names: /^(json|jsonb)_matches_schema$|^jsonschema_(is_valid|validation_errors)$/ },
  hypopg: { names: /^hypopg/ },
  index_advisor: { names: /^index_advisor$/ },
  pg_stat_statements: { names: /^pg_stat_statements(_info|_reset)?$/ },
  plpgsql_check: { names: /^(plpgsql_check_|plpgsql_show_dependency_tb$|plpgsql_profiler_|plpgsql_coverage_)/ },
  pgjwt: { names: /^(sign|verify|algorithm_sign|url_encode|url_decode|try_cast_double)$/ },
  pg_hashids: { names: /^(id_encode|id_decode|id_decode_once)$/ },
  postgis: { names: /^(st_|geometry|geography|box2d|box3d|spatial_ref_sys$)/ },
  pg_repack: { schemas: ['repack'] },
  timescaledb: { schemas: ['_timescaledb_catalog', 'timescaledb_information'], names: /^(create_hypertable|add_retention_policy|add_compression_policy|time_bucket)$/ },
};

/** Whether the failures an extension's absence causes are recognised (its objects are catalogued here). */
export const knowsObjectsOf = (extension: string) => Object.hasOwn(EXTENSION_OBJECTS, extension);

/** `function cron.schedule(unknown) does not exist`, `relation "net._http_response" does not exist`, `schema "vault"
 * does not exist`, `type "http_response" does not exist`: the object's name as the error gives it. */
const MISSING = /^(?:function|procedure|relation|type|schema|view|materialized view|table|sequence|operator)\s+"?([^"(\s]+)"?.*\bdoes not exist$/;

/** `CREATE [OR REPLACE] … FUNCTION|VIEW|TABLE|… name`: what a skipped statement would have created. */
const CREATES = /^create\s+(?:or\s+replace\s+)?(?:(?:temp|temporary|unlogged|materialized|recursive)\s+)*(?:function|procedure|view|table|type|sequence|aggregate)\s+(?:if\s+not\s+exists\s+)?((?:"[^"]+"|[a-z_][a-z0-9_$]*)(?:\s*\.\s*(?:"[^"]+"|[a-z_][a-z0-9_$]*))?)/i;

const unquote = (name: string) => name.split(/\s*\.\s*/).map((part) => (part.startsWith('"') ? part.slice(1, -1) : part.toLowerCase()));

/** One stand-in extension's skipped statements. */
export interface SkippedStatements {
  extension: string;
  count: number;
  /** Where the first one is (display path, line). */
  file: string;
  line: number;
}

export interface UnsupportedSkipper {
  /** The stand-in extension a failure is due to, or undefined when the statement fails on its own. Counts it. */
  blame(statement: string, errorMessage: string, at: { file: string; line: number }): string | undefined;
  skipped(): SkippedStatements[];
}

/** Judges failures for a replay whose stand-ins are `standIns` (extension names). */
export function unsupportedSkipper(standIns: string[]): UnsupportedSkipper {
  /** Objects skipped statements would have created (last name part, and schema.name), with their extension. */
  const derived = new Map<string, string>();
  const counts = new Map<string, SkippedStatements>();
  const owner = (missing: string): string | undefined => {
    const parts = unquote(missing);
    const name = parts.at(-1)!;
    const schema = parts.length > 1 ? parts[0] : undefined;
    const direct = derived.get(parts.join('.')) ?? derived.get(name);
    if (direct) return direct;
    return standIns.find((ext) => {
      const objects = EXTENSION_OBJECTS[ext];
      if (!objects) return false;
      if (parts.length === 1 && objects.schemas?.includes(name)) return true;
      return (schema !== undefined && objects.schemas?.includes(schema)) || objects.names?.test(name) === true;
    });
  };
  return {
    blame(statement, errorMessage, at) {
      const missing = MISSING.exec(errorMessage.trim());
      const extension = missing ? owner(missing[1]) : undefined;
      if (!extension) return undefined;
      const created = CREATES.exec(withoutComments(statement));
      if (created) {
        const parts = unquote(created[1]);
        derived.set(parts.join('.'), extension);
        derived.set(parts.at(-1)!, extension);
      }
      const seen = counts.get(extension);
      if (seen) seen.count++;
      else counts.set(extension, { extension, count: 1, ...at });
      return extension;
    },
    skipped: () => [...counts.values()],
  };
}

function withoutComments(text: string): string {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
}
