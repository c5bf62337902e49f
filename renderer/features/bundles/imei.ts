import { luhnValid } from '../../../shared/imei';

export { luhnValid };

/** Words for what is wrong with one IMEI, or null when it is 15 digits with a valid Luhn digit. */
export function imeiProblem(value: string): string | null {
  if (!/^\d+$/.test(value)) return 'Only digits are allowed';
  if (value.length !== 15) return `Must be 15 digits, has ${value.length}`;
  if (!luhnValid(value)) return 'Wrong check digit (Luhn)';
  return null;
}

export interface ImeiLine {
  /** 1-based line number in the pasted text or file. */
  line: number;
  value: string;
  problem: string | null;
}

/**
 * Pasted text or a file's content → one IMEI per line (commas, semicolons and tabs also separate),
 * blank lines skipped, each checked; repeats are flagged.
 */
export function parseImeiText(text: string): { lines: ImeiLine[]; valid: string[] } {
  const lines: ImeiLine[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    for (const part of raw.split(/[,;\t]/)) {
      const value = part.trim();
      if (!value) continue;
      let problem = imeiProblem(value);
      if (!problem && seen.has(value)) problem = `Repeats line ${seen.get(value)}`;
      if (!problem) seen.set(value, index + 1);
      lines.push({ line: index + 1, value, problem });
    }
  });
  return { lines, valid: lines.filter((l) => !l.problem).map((l) => l.value) };
}
