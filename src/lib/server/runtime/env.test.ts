import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, test } from 'vitest';
import { readStartEnv, servedAddress } from './env.ts';

const lan = {
  eth0: [{ family: 'IPv4', address: '192.168.1.23', internal: false } as NetworkInterfaceInfo],
  lo: [{ family: 'IPv4', address: '127.0.0.1', internal: true } as NetworkInterfaceInfo],
};

describe('servedAddress', () => {
  test('is the host it listens on', () => {
    expect(servedAddress('127.0.0.1', 4321, lan)).toBe('http://127.0.0.1:4321');
  });

  test('is the LAN address when it listens on every interface, so phones in the classroom can open printed QR codes', () => {
    expect(servedAddress('0.0.0.0', 8080, lan)).toBe('http://192.168.1.23:8080');
    expect(servedAddress('0.0.0.0', 8080, { lo: lan.lo })).toBe('http://127.0.0.1:8080');
  });
});

describe('readStartEnv', () => {
  test('names every bad variable', () => {
    const read = readStartEnv({ PORT: 'x', SEED: '2' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/PORT[\s\S]*SEED/);
  });
});
