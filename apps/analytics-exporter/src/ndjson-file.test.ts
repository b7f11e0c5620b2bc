import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { NdjsonFile } from './ndjson-file.js';

let path: string;
beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'exporter-ndjson-')), 'exp.ndjson');
});

const ids = () =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);

describe('NdjsonFile', () => {
  it('creates the file and appends one line per record; the offset is the durable length', async () => {
    const file = await NdjsonFile.open(path, 0);
    const first = await file.append([{ id: 'a' }, { id: 'b' }]);
    expect(first).toBe(statSync(path).size);
    expect(await file.append([])).toBe(first);
    const second = await file.append([{ id: 'c' }]);
    await file.close();
    expect(second).toBe(statSync(path).size);
    expect(ids()).toEqual(['a', 'b', 'c']);
  });

  it('truncates to the checkpoint offset on open: a half-written page is dropped, then appending goes on', async () => {
    const file = await NdjsonFile.open(path, 0);
    const checkpointed = await file.append([{ id: 'a' }, { id: 'b' }]);
    await file.close();
    // The crash: a whole page whose checkpoint was never saved, then half a line.
    appendFileSync(path, '{"id":"c"}\n{"id":"d"}\n{"id":"e", "conv');

    const resumed = await NdjsonFile.open(path, checkpointed);
    expect(statSync(path).size).toBe(checkpointed);
    expect(resumed.byteOffset).toBe(checkpointed);
    await resumed.append([{ id: 'c' }, { id: 'd' }, { id: 'e' }]);
    await resumed.close();
    expect(ids()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses a file shorter than its checkpoint says (data lost outside the exporter)', async () => {
    writeFileSync(path, '{"id":"a"}\n');
    await expect(NdjsonFile.open(path, 1_000)).rejects.toThrow('holds 11 bytes but its checkpoint says 1000');
  });
});
