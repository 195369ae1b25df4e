import { describe, expect, it } from 'vitest';
import { Turns } from './Turns.js';

describe('Turns', () => {
  it('lets index 1 decide only after index 0, however early index 1 is ready', async () => {
    const turns = new Turns();
    const order: number[] = [];

    // Index 1 is ready first and waits; index 0 decides later, then hands the turn on.
    const second = turns.wait(1).then(() => {
      order.push(1);
      turns.done(1);
    });
    await Promise.resolve();
    expect(order).toEqual([]);

    await turns.wait(0);
    order.push(0);
    turns.done(0);
    await second;

    expect(order).toEqual([0, 1]);
    await turns.wait(2); // every index below 2 is done: no wait
  });

  it('hands the turn past an index that finished out of order', async () => {
    const turns = new Turns();
    turns.done(1);
    let third = false;
    const waiting = turns.wait(2).then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);

    turns.done(0);
    await waiting;
    expect(third).toBe(true);
  });
});
