import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file's content, or its content and mode. */
export type FileContent = string | { text: string; mode: number };

/** Temporary directories holding file trees (relative path → content), removed together by cleanup(). */
export class TempDirs {
  private readonly dirs: string[] = [];

  constructor(private readonly prefix = 'arkit-') {}

  make(files: Record<string, FileContent> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), this.prefix));
    this.dirs.push(dir);
    for (const [rel, content] of Object.entries(files)) {
      const abs = join(dir, rel);
      mkdirSync(dirname(abs), { recursive: true });
      if (typeof content === 'string') writeFileSync(abs, content);
      else writeFileSync(abs, content.text, { mode: content.mode });
    }
    return dir;
  }

  cleanup(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}
