/**
 * A POSIX ustar archive of regular files (owner root, mtime 0), for copying secret files into
 * a created container before it starts. Paths are relative to the archive root.
 */
export function tarFiles(files: readonly { path: string; mode: number; content: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const rel = f.path.replace(/^\/+/, '');
    const header = Buffer.alloc(512);
    let name = rel;
    let prefix = '';
    if (Buffer.byteLength(rel) > 100) {
      const cut = rel.lastIndexOf('/', 155);
      if (cut <= 0 || Buffer.byteLength(rel.slice(cut + 1)) > 100)
        throw new Error(`path too long for a tar header: ${f.path}`);
      prefix = rel.slice(0, cut);
      name = rel.slice(cut + 1);
    }
    const field = (value: string, offset: number, length: number) =>
      header.write(value, offset, length, 'utf8');
    const num = (n: number, offset: number, length: number) =>
      field(n.toString(8).padStart(length - 1, '0'), offset, length - 1);
    field(name, 0, 100);
    num(f.mode & 0o7777, 100, 8);
    num(0, 108, 8);
    num(0, 116, 8);
    num(f.content.length, 124, 12);
    num(0, 136, 12);
    header.fill(' ', 148, 156);
    field('0', 156, 1);
    field('ustar\u0000', 257, 6);
    field('00', 263, 2);
    field('root', 265, 32);
    field('root', 297, 32);
    field(prefix, 345, 155);
    let sum = 0;
    for (const b of header) sum += b;
    field(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
    blocks.push(header, f.content, Buffer.alloc((512 - (f.content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
