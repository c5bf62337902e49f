/** Command-line history with up/down recall, like a shell: the draft being typed is kept. */
export class CommandHistory {
  private readonly entries: string[] = [];
  private cursor = 0;
  private draft = '';

  constructor(private readonly limit = 200) {}

  push(command: string): void {
    if (command && this.entries[this.entries.length - 1] !== command) {
      this.entries.push(command);
      if (this.entries.length > this.limit) this.entries.shift();
    }
    this.cursor = this.entries.length;
    this.draft = '';
  }

  /** The previous command (Up); `current` is what the line holds now. */
  up(current: string): string {
    if (this.cursor === this.entries.length) this.draft = current;
    if (this.cursor > 0) this.cursor--;
    return this.entries[this.cursor] ?? current;
  }

  /** The next command (Down), or the draft after the newest. */
  down(): string {
    if (this.cursor < this.entries.length) this.cursor++;
    return this.cursor === this.entries.length ? this.draft : this.entries[this.cursor]!;
  }

  get size(): number {
    return this.entries.length;
  }
}
