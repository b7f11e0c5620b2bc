import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Checkpoint, initialCheckpoint } from './checkpoint.js';
import { CheckpointStore } from './checkpoint-store.js';

let dir: string;
let store: CheckpointStore;
beforeEach(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'exporter-checkpoint-')), 'exports');
  store = new CheckpointStore(dir);
  await store.init();
});

const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
const first = (id = 'exp-1'): Checkpoint => initialCheckpoint(id, WEEK, 50, new Date('2026-11-10T00:00:00Z'));

describe('CheckpointStore', () => {
  it('creates its directory and reads back what it saved; no checkpoint is undefined', async () => {
    expect(await store.load('exp-1')).toBeUndefined();
    const saved = {
      ...first(),
      jobId: 'job-1',
      cursor: 'abc',
      pagesWritten: 3,
      conversationsWritten: 150,
      byteOffset: 9_000,
    };
    await store.save(saved);
    expect(await store.load('exp-1')).toEqual(saved);
    expect(readdirSync(dir)).toEqual(['exp-1.checkpoint.json']);
  });

  it('replaces the file atomically: a reader never sees a partial checkpoint while saves go on', async () => {
    // Big enough that an in-place rewrite would be observed half-written.
    const big = { ...first(), error: 'x'.repeat(200_000) };
    await store.save(big);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = readFileSync(store.checkpointPath('exp-1'), 'utf8');
        expect(JSON.parse(text).exportId).toBe('exp-1');
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let page = 1; page <= 40; page++) await store.save({ ...big, pagesWritten: page });
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await store.load('exp-1'))?.pagesWritten).toBe(40);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('removes temp files a crash left behind, without touching the checkpoint', async () => {
    await store.save(first());
    writeFileSync(join(dir, 'exp-1.checkpoint.json.abc123.tmp'), '{"exportId": "exp-1", "pagesWr');
    await new CheckpointStore(dir).init();
    expect(readdirSync(dir)).toEqual(['exp-1.checkpoint.json']);
    expect(await store.load('exp-1')).toEqual(first());
  });

  it('loads every checkpoint and reports the files that are not checkpoints', async () => {
    await store.save(first('exp-1'));
    await store.save({ ...first('exp-2'), state: 'completed' });
    writeFileSync(join(dir, 'broken.checkpoint.json'), '{"half":');
    writeFileSync(join(dir, 'wrong.checkpoint.json'), JSON.stringify({ version: 1 }));
    writeFileSync(join(dir, 'other.checkpoint.json'), JSON.stringify(first('exp-9')));
    writeFileSync(join(dir, 'exp-1.ndjson'), '');
    const { checkpoints, unreadable } = await store.loadAll();
    expect(checkpoints.map((c) => [c.exportId, c.state])).toEqual([
      ['exp-1', 'running'],
      ['exp-2', 'completed'],
    ]);
    expect(unreadable.map((u) => u.file.split('/').at(-1))).toEqual([
      'broken.checkpoint.json',
      'other.checkpoint.json',
      'wrong.checkpoint.json',
    ]);
    expect(unreadable[0]?.error).toContain('not valid JSON');
    expect(unreadable[2]?.error).toContain('exportId');
    await expect(store.load('broken')).rejects.toThrow('not valid JSON');
  });
});
