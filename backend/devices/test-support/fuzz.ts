/** A small seeded PRNG (mulberry32), so a failing fuzz case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mutation of a real frame: flipped bytes, cuts, duplications, inserted junk, or pure noise. */
export function mutate(frame: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(frame);
  switch (Math.floor(random() * 6)) {
    case 0: {
      const flips = 1 + Math.floor(random() * 4);
      for (let i = 0; i < flips && copy.length; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      return copy;
    }
    case 1:
      return copy.subarray(0, Math.floor(random() * copy.length));
    case 2: {
      const at = Math.floor(random() * copy.length);
      return Buffer.concat([copy.subarray(0, at), copy.subarray(at)]);
    }
    case 3: {
      const at = Math.floor(random() * (copy.length + 1));
      const junk = Buffer.alloc(1 + Math.floor(random() * 16));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(random() * 256);
      return Buffer.concat([copy.subarray(0, at), junk, copy.subarray(at)]);
    }
    case 4: {
      // Keep the header, randomize the rest (exercises length fields against content).
      for (let i = Math.min(4, copy.length); i < copy.length; i++) copy[i] = Math.floor(random() * 256);
      return copy;
    }
    default: {
      const noise = Buffer.alloc(Math.floor(random() * 64));
      for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
      return noise;
    }
  }
}
