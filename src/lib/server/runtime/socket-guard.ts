import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite runs PostgreSQL in single-user mode, where the session's original user is always the
 * superuser: `set session authorization authenticator` can be undone by the client. The socket
 * is owner-only (see stack.ts), so only this platform's own processes reach it; as a second
 * wall, statements PostgREST never sends and that could leave the authenticator role (or run
 * SQL built at run time, which could) are refused before they reach the database.
 */
const refused: readonly RegExp[] = [
  /session[\s_"]*authorization/i, // SET/RESET SESSION AUTHORIZATION, set_config('session_authorization')
  /\bdiscard\b/i, // DISCARD ALL resets the session authorization
  /\breset\s+all\b/i,
  /(^|;)\s*(do|create|alter|drop|grant|revoke|execute|prepare|load|copy|set\s+session|set\s+role|reset\s+role|security\s+label|comment|vacuum|truncate)\b/i,
  /\b(query_to_xml|query_to_xmlschema|query_to_xml_and_xmlschema|cursor_to_xml|lo_import|lo_export|pg_read_file|pg_read_binary_file|pg_ls_dir|dblink\w*)\s*\(/i,
  // set_config's name must be a plain literal; a name built at run time could say session_authorization.
  /set_config\s*\(\s*(?!'[a-z_.]+'\s*,)/i,
];

/** Whether PostgREST's connection may send this statement to the embedded database. */
export function isAllowedStatement(sql: string): boolean {
  return !refused.some((pattern) => pattern.test(sql));
}

const replacement = 'qingyuan_refused_statement';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A frontend message with a refused statement replaced by one that fails to parse (so the
 * client gets an ordinary error and the session stays as it was); other messages pass.
 * Handles simple Query ('Q') and Parse ('P') messages, the two that carry SQL.
 */
export function guardMessage(message: Uint8Array): Uint8Array {
  const kind = message[0];
  if (kind !== 0x51 && kind !== 0x50) return message;
  const body = message.subarray(5);
  if (kind === 0x51) {
    const sql = decoder.decode(body.subarray(0, body.indexOf(0)));
    return isAllowedStatement(sql) ? message : frame(0x51, [encoder.encode(replacement), new Uint8Array([0])]);
  }
  const nameEnd = body.indexOf(0);
  const sqlEnd = body.indexOf(0, nameEnd + 1);
  const sql = decoder.decode(body.subarray(nameEnd + 1, sqlEnd));
  if (isAllowedStatement(sql)) return message;
  // Same statement name, the replacement text, no parameter types.
  return frame(0x50, [body.subarray(0, nameEnd + 1), encoder.encode(replacement), new Uint8Array([0, 0, 0])]);
}

function frame(kind: number, parts: Uint8Array[]): Uint8Array {
  const length = 4 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(1 + length);
  out[0] = kind;
  new DataView(out.buffer).setInt32(1, length);
  let at = 5;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The database as the socket server sees it: every message from a client goes through `guardMessage`. */
export function guardedDatabase(db: PGlite): PGlite {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'execProtocolRawStream') {
        return (message: Uint8Array, options: unknown) => target.execProtocolRawStream(guardMessage(message), options as never);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
