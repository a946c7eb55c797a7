/** Stands in for `drizzle-kit` while a drizzle.config.ts is evaluated: its only runtime export is the identity
 * `defineConfig`, and loading the real package costs ~0.1 s on every hook run. */
export function defineConfig<T>(config: T): T {
  return config;
}
