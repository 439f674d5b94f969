import type { DataSource, EntityManager } from 'typeorm';

/** Thrown by a step when the service began to stop: the seeding ends there and resumes later. */
export class DemoSeedingStopped extends Error {
  override name = 'DemoSeedingStopped';
  constructor(readonly step: string) {
    super(`demo data stopped before step "${step}"; it resumes there on the next start`);
  }
}

/**
 * The finished steps of a service's demo seeding, in its own database (table `demo_data_step`,
 * created with the first step: demo data only, so never part of a production schema). A seeding
 * cut short (the service stopped, a wait timed out, a step failed) resumes after its last
 * finished step on the next start: each step runs once, and what it returned (an id, say) is
 * kept for the steps after it. A step's effect and its record commit together when the step
 * writes through the transaction `stepInTransaction` gives it; a step that calls use cases with
 * transactions of their own is recorded right after them (a process killed in that instant
 * repeats that one step).
 */
export class DemoProgress {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly signal: AbortSignal,
    private readonly done: Map<string, unknown>,
  ) {}

  static async open(dataSource: DataSource, signal: AbortSignal): Promise<DemoProgress> {
    await dataSource.query(`CREATE TABLE IF NOT EXISTS demo_data_step (
      step text PRIMARY KEY,
      result jsonb,
      done_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows: { step: string; result: unknown }[] = await dataSource.query(
      'SELECT step, result FROM demo_data_step',
    );
    return new DemoProgress(dataSource, signal, new Map(rows.map((row) => [row.step, row.result])));
  }

  /** How many steps have finished (in this and earlier runs). */
  get finished(): number {
    return this.done.size;
  }

  has(step: string): boolean {
    return this.done.has(step);
  }

  /** Runs `action` unless `step` finished before; resolves with what it returned then or now. */
  async step<T>(step: string, action: () => Promise<T>): Promise<T> {
    if (this.done.has(step)) return this.done.get(step) as T;
    if (this.signal.aborted) throw new DemoSeedingStopped(step);
    const result = await action();
    await this.record(this.dataSource.manager, step, result);
    return result;
  }

  /** Like `step`, with the effect and the record in one transaction. */
  async stepInTransaction<T>(step: string, action: (manager: EntityManager) => Promise<T>) {
    if (this.done.has(step)) return this.done.get(step) as T;
    if (this.signal.aborted) throw new DemoSeedingStopped(step);
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await action(manager);
      await this.record(manager, step, value, false);
      return value;
    });
    this.done.set(step, result ?? null);
    return result;
  }

  /** Marks steps finished without running them (data seeded before steps were recorded). */
  async markDone(steps: string[]): Promise<void> {
    for (const step of steps)
      if (!this.done.has(step)) await this.record(this.dataSource.manager, step, null);
  }

  private async record(manager: EntityManager, step: string, result: unknown, remember = true) {
    await manager.query(
      'INSERT INTO demo_data_step (step, result) VALUES ($1, $2) ON CONFLICT (step) DO NOTHING',
      [step, JSON.stringify(result ?? null)],
    );
    if (remember) this.done.set(step, result ?? null);
  }
}
