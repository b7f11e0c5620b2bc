import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Checkpoint, checkpointSchema } from './checkpoint.js';

const SUFFIX = '.checkpoint.json';

/** A checkpoint file that could not be read: reported, never resumed. */
export interface UnreadableCheckpoint {
  file: string;
  error: string;
}

/**
 * Checkpoints on disk, one file per export in `dir`. Writes are atomic: the JSON goes to a temp file in the same
 * directory, is fsynced, then renamed over the checkpoint, and the directory is fsynced, so a crash leaves either
 * the old checkpoint or the new one, never half of one.
 */
export class CheckpointStore {
  constructor(readonly dir: string) {}

  /** Creates the directory and removes temp files a crash left behind. */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp')) await rm(join(this.dir, name), { force: true });
    }
  }

  checkpointPath(exportId: string): string {
    return join(this.dir, `${exportId}${SUFFIX}`);
  }

  dataPath(exportId: string): string {
    return join(this.dir, `${exportId}.ndjson`);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const target = this.checkpointPath(checkpoint.exportId);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    await this.syncDir();
  }

  /** The checkpoint of `exportId`, or undefined when there is none. Throws when the file is not a checkpoint. */
  async load(exportId: string): Promise<Checkpoint | undefined> {
    let text: string;
    try {
      text = await readFile(this.checkpointPath(exportId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseCheckpoint(text, this.checkpointPath(exportId));
  }

  /** Every checkpoint in the directory, and the files that are not valid checkpoints. */
  async loadAll(): Promise<{ checkpoints: Checkpoint[]; unreadable: UnreadableCheckpoint[] }> {
    const checkpoints: Checkpoint[] = [];
    const unreadable: UnreadableCheckpoint[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      if (!name.endsWith(SUFFIX)) continue;
      const file = join(this.dir, name);
      try {
        checkpoints.push(parseCheckpoint(await readFile(file, 'utf8'), file));
      } catch (error) {
        unreadable.push({ file, error: (error as Error).message });
      }
    }
    return { checkpoints, unreadable };
  }

  /** Makes the rename durable: the directory entry itself is fsynced. */
  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

function parseCheckpoint(text: string, file: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const result = checkpointSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file} is not a checkpoint: ${problems}`);
  }
  if (!file.endsWith(`${result.data.exportId}${SUFFIX}`)) throw new Error(`${file} holds another export's checkpoint`);
  return result.data;
}
