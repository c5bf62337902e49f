// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createGate } from './positions';
import { isTileUrl, saveTiles, TILES_KEY } from './tiles';

describe('tile source', () => {
  it('takes an http(s) template with {z}, {x} and {y}, or nothing', () => {
    expect(isTileUrl('')).toBe(true);
    expect(isTileUrl('https://tiles.example.net/{z}/{x}/{y}.png')).toBe(true);
    expect(isTileUrl('http://127.0.0.1:8080/{z}/{x}/{y}.png')).toBe(true);
    expect(isTileUrl('https://tiles.example.net/{z}/{x}.png')).toBe(false);
    expect(isTileUrl('ftp://tiles.example.net/{z}/{x}/{y}.png')).toBe(false);
    expect(isTileUrl('javascript:alert(1)//{z}{x}{y}')).toBe(false);
  });

  it('remembers a good source and refuses a bad one without changing anything', () => {
    expect(saveTiles({ url: ' https://t.example.net/{z}/{x}/{y}.png ', attribution: '© Someone' })).toBe(true);
    expect(JSON.parse(localStorage.getItem(TILES_KEY)!)).toEqual({ url: 'https://t.example.net/{z}/{x}/{y}.png', attribution: '© Someone' });
    expect(saveTiles({ url: 'https://t.example.net/tile.png', attribution: '' })).toBe(false);
    expect(JSON.parse(localStorage.getItem(TILES_KEY)!).url).toBe('https://t.example.net/{z}/{x}/{y}.png');
  });
});

describe('position requests', () => {
  it('lets at most the limit through at once, the rest in order', async () => {
    const gate = createGate(2);
    const order: number[] = [];
    let peak = 0;
    const job = async (n: number) => {
      await gate.acquire();
      peak = Math.max(peak, gate.running);
      order.push(n);
      await new Promise((r) => setTimeout(r, 5));
      gate.release();
    };
    await Promise.all([1, 2, 3, 4, 5].map(job));
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(gate.running).toBe(0);
  });
});
