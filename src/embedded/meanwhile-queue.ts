/** Main-thread work of a replay step that does not need the database (comparing what was read with what was
 * expected), run while the worker applies the next statement instead of before it. Tasks run in order; the first
 * error surfaces at `settled()`. `cancel()` drops what has not run yet (the run they belong to was abandoned). */
export class MeanwhileQueue {
  private last: Promise<void> = Promise.resolve();
  private generation = 0;
  private failure: { error: unknown } | undefined;

  add(task: () => void): void {
    const generation = this.generation;
    // setImmediate: after the microtasks in which the migrator sends its next statement to the worker
    const run = () => {
      if (generation !== this.generation || this.failure) return;
      try {
        task();
      } catch (error) {
        this.failure = { error };
      }
    };
    this.last = this.last.then(() => new Promise<void>((resolve) => setImmediate(() => (run(), resolve()))));
  }

  cancel(): void {
    this.generation++;
    this.failure = undefined;
  }

  async settled(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure.error;
  }
}
