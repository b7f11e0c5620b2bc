import { type FileHandle, open, stat } from 'node:fs/promises';

/**
 * The NDJSON file of one export, opened for appending at a known length. Opening truncates the file to the
 * checkpoint's `byteOffset`, which drops whatever a crash left after the last completed page (a half-written page,
 * or a whole page whose checkpoint never made it to disk). Each `append` writes one page and fsyncs before it
 * resolves, so the checkpoint written afterwards never points past durable data.
 */
export class NdjsonFile {
  private constructor(
    private readonly handle: FileHandle,
    private offset: number,
    readonly path: string,
  ) {}

  /** Opens (creating it if needed) and truncates to `byteOffset`; refuses a file shorter than the checkpoint says. */
  static async open(path: string, byteOffset: number): Promise<NdjsonFile> {
    const size = await stat(path).then(
      (s) => s.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return 0;
        throw error;
      },
    );
    if (size < byteOffset) {
      throw new Error(`${path} holds ${size} bytes but its checkpoint says ${byteOffset} were written`);
    }
    const handle = await open(path, 'a');
    try {
      if (size > byteOffset) {
        await handle.truncate(byteOffset);
        await handle.sync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new NdjsonFile(handle, byteOffset, path);
  }

  /** Bytes durably written so far: the `byteOffset` to checkpoint. */
  get byteOffset(): number {
    return this.offset;
  }

  /** Appends one line per record and fsyncs; resolves with the new length. Nothing to write: no I/O. */
  async append(records: readonly unknown[]): Promise<number> {
    if (records.length === 0) return this.offset;
    const data = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.handle.write(data, written, data.length - written);
      written += bytesWritten;
    }
    await this.handle.sync();
    this.offset += data.length;
    return this.offset;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
