import { describe, expect, it } from 'vitest';
import { displayUri, isUri, parseUri, uriConfig } from '../../src/resolve/uri.js';
import { entry } from './support.js';

const loc = { file: 't', path: ['spec', 'source'] };

describe('URIs of the short form', () => {
  it('tells URIs from event types and capabilities', () => {
    expect(isUri('kafka://b/t')).toBe(true);
    expect(isUri('stellar.ledger.v1')).toBe(false);
    expect(isUri('postgres')).toBe(false);
  });

  it('splits hosts, port, user, password, path and query, decoding escapes', () => {
    const u = parseUri('postgres://ana:p%40ss@db.internal:5433/my%20db?table=t&sslmode=require');
    expect(u).toEqual({
      text: 'postgres://ana:p%40ss@db.internal:5433/my%20db?table=t&sslmode=require',
      scheme: 'postgres',
      parts: {
        url: 'postgres://ana:p%40ss@db.internal:5433/my%20db?table=t&sslmode=require',
        scheme: 'postgres',
        user: 'ana',
        password: 'p@ss',
        hosts: 'db.internal:5433',
        host: 'db.internal',
        port: '5433',
        path: '/my db',
        name: 'my db',
      },
      query: [
        ['table', 't'],
        ['sslmode', 'require'],
      ],
    });
  });

  it('keeps several brokers, and file paths whole (absolute or relative)', () => {
    expect(parseUri('kafka://b1:9092,b2:9092/topic')).toMatchObject({
      parts: { hosts: 'b1:9092,b2:9092', host: 'b1', port: '9092', name: 'topic' },
    });
    expect(parseUri('file:///var/data/x.jsonl')).toMatchObject({ parts: { path: '/var/data/x.jsonl' } });
    expect(parseUri('file://./data/x.jsonl')).toMatchObject({ parts: { path: './data/x.jsonl' } });
  });

  it('refuses malformed URIs with a reason', () => {
    expect(parseUri('kafka://b/%zz')).toEqual({ error: 'it has a malformed %-escape' });
  });

  it('hides the password when shown', () => {
    const u = parseUri('postgres://ana:secret@db/x');
    expect('error' in u ? '' : displayUri(u)).toBe('postgres://ana:***@db/x');
  });

  it('fills the config keys an entry maps with x-uri, coerced to their types, plus query keys', () => {
    const e = entry({
      name: 'pg',
      role: 'sink',
      configSchema: {
        type: 'object',
        properties: {
          host: { type: 'string', 'x-uri': 'host' },
          port: { type: 'integer', 'x-uri': 'port' },
          database: { type: 'string', 'x-uri': 'name' },
          batch: { type: 'integer' },
        },
      },
    });
    const u = parseUri('postgres://db:5433/events?batch=50&mode=x');
    if ('error' in u) throw new Error(u.error);
    expect(uriConfig(e, u, loc).map((c) => [c.key, c.value])).toEqual([
      ['host', 'db'],
      ['port', 5433],
      ['database', 'events'],
      ['batch', 50],
      ['mode', 'x'],
    ]);
  });

  it('gives the whole URI as url to an entry that maps no part', () => {
    const u = parseUri('https://api.example.com/v1?x=1');
    if ('error' in u) throw new Error(u.error);
    expect(uriConfig(entry({ name: 'h', role: 'source' }), u, loc).map((c) => [c.key, c.value])).toEqual([
      ['url', 'https://api.example.com/v1?x=1'],
      ['x', '1'],
    ]);
  });
});
