/**
 * Lets work that runs two at a time take its decisions in index order: `wait(i)` returns once
 * every index below `i` is `done`. At most one finished item waits, so memory stays bounded.
 */
export class Turns {
  private next = 0;
  private readonly finished = new Set<number>();
  private readonly waiting = new Map<number, () => void>();

  async wait(index: number): Promise<void> {
    if (index <= this.next) return;
    await new Promise<void>((resolve) => this.waiting.set(index, resolve));
  }

  done(index: number): void {
    this.finished.add(index);
    while (this.finished.has(this.next)) {
      this.finished.delete(this.next);
      this.next++;
    }
    const wake = this.waiting.get(this.next);
    this.waiting.delete(this.next);
    wake?.();
  }
}
