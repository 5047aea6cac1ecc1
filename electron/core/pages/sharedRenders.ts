/**
 * What keeps page pictures' memory bounded however many requests arrive at once (a browser asking for a
 * page grid, a script asking thirty times): a document's bytes are read, and a page rendered, only inside
 * one of a few slots; and requests for the same picture while it is being made share that one making.
 */

/** At most `limit` tasks run at a time; the others wait their turn in arrival order. */
export class TaskSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`TaskSlots needs a limit of 1 or more, not ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter (the count stays), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** One making per key at a time: a second request for a key in progress gets the first one's promise. */
export class SharedTasks<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const made = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, made);
    return made;
  }

  /** Keys being made now. */
  get size(): number {
    return this.inFlight.size;
  }
}
