/**
 * Runs the work of one key at a time; what arrives for the key while a batch runs goes together
 * into the next batch. The first request of a quiet key runs at once. `run` answers each item in
 * order, with a result or the error that item alone failed with; when it throws, every item of the
 * batch fails with that error.
 */
export class KeyedBatches<T, R> {
  private readonly queues = new Map<
    string,
    { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[]
  >();

  constructor(
    private readonly run: (items: T[]) => Promise<(R | Error)[]>,
    private readonly maxBatch = 100,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      const fresh = [{ item, resolve, reject }];
      this.queues.set(key, fresh);
      void this.drain(key, fresh);
    });
  }

  private async drain(
    key: string,
    queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[],
  ): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const results = await this.run(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => {
          const result = results[index];
          if (result instanceof Error) entry.reject(result);
          else entry.resolve(result as R);
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.queues.delete(key);
  }
}
