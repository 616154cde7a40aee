import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { fakeDocx, storedZip } from '../../../../tests/helpers/zip';
import { isImage, sniffEvidence } from './sniff';
import { LocalStore, newEvidenceKey } from './store';

const bytes = (...parts: (string | number[])[]): Uint8Array => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));

describe('sniffEvidence', () => {
  test('recognises PDF, JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffEvidence(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffEvidence(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffEvidence(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffEvidence(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
  });

  test("recognises DOCX and XLSX from the archive's content types", async () => {
    expect(sniffEvidence(fakeDocx())).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('表').addRow(['a']);
    expect(sniffEvidence(new Uint8Array(await book.xlsx.writeBuffer()))).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  test('refuses HTML, SVG, a plain zip, a macro-enabled document and an empty file', () => {
    expect(sniffEvidence(bytes('<!doctype html><script>alert(1)</script>'))).toBeNull();
    expect(sniffEvidence(bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeNull();
    expect(sniffEvidence(storedZip({ 'a.txt': 'x' }))).toBeNull();
    expect(sniffEvidence(storedZip({ '[Content_Types].xml': 'application/vnd.ms-word.document.macroEnabled.main+xml' }))).toBeNull();
    expect(sniffEvidence(new Uint8Array())).toBeNull();
  });

  test('treats only images as inline', () => {
    expect([isImage('image/png'), isImage('application/pdf'), isImage('image/svg+xml')]).toEqual([true, false, false]);
  });
});

describe('LocalStore', () => {
  test('keeps bytes and type under a random key in files only the owner can read', async () => {
    const store = new LocalStore(join(mkdtempSync(join(tmpdir(), 'qy-ev-')), 'evidence'));
    const key = newEvidenceKey();
    await store.put(key, bytes('%PDF-1.4'), 'application/pdf');
    expect(statSync(join(store.dir, key)).mode & 0o777).toBe(0o600);
    expect(await store.get(key)).toEqual({ bytes: bytes('%PDF-1.4'), type: 'application/pdf' });
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  test('refuses keys that could leave the folder', async () => {
    await expect(new LocalStore(tmpdir()).get('../../etc/passwd')).rejects.toThrow('invalid evidence key');
  });
});
