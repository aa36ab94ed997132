import { CompiledQuery, type Compilable } from 'kysely';

/** Where one of a call's values goes in a query compiled once; only ever seen by `build`. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query whose shape never changes, compiled once and run with each call's values. Kysely builds
 * and compiles a query's operation tree at every call; on the watcher's path (a room taken on or
 * dropped writes and reads about ten queries) that was a tenth of the BFF's CPU (docs/bench.md).
 *
 * `build` is called once, with placeholders in place of its parameters: it may only hand them to
 * Kysely as values (`where(…, '=', value)`, `values({ … })`, `limit(value)`), never look inside
 * them. The SQL is the dialect's of the database `build` uses; run the result with
 * `db.executeQuery(…)` on that database or a transaction of it.
 */
export function compiledOnce<Values extends unknown[], O>(build: (...values: Values) => Compilable<O>): (...values: Values) => CompiledQuery<O> {
  let compiled: { sql: string; parameters: readonly unknown[] } | undefined;
  return (...values) => {
    if (!compiled) {
      const slots = Array.from({ length: build.length }, (_, i) => new Slot(i));
      // The placeholders stand in for the values at compile time only; see the comment above.
      const { sql, parameters } = build(...(slots as unknown as Values)).compile();
      for (const slot of slots) {
        if (!parameters.includes(slot)) throw new Error(`compiledOnce: value ${slot.index} of the query is not one of its parameters`);
      }
      compiled = { sql, parameters };
    }
    const parameters = compiled.parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.index] : parameter));
    // Same SQL text, same shape of rows as the built query's.
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<O>;
  };
}
