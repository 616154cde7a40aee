/** HTTP-like outcomes of the learning functions' SQLSTATE codes (see the learning migration). */
export type FailureCode = 'BAD_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

const codes: Record<string, FailureCode> = {
  QYBAD: 'BAD_REQUEST',
  QYFOR: 'FORBIDDEN',
  QYNOF: 'NOT_FOUND',
  QYDUP: 'CONFLICT',
  QYLIM: 'CONFLICT',
  QYLAT: 'CONFLICT',
  QYCLO: 'CONFLICT',
  '42501': 'FORBIDDEN',
};

/** A refusal the user can act on; its message is the database's Chinese one. */
export class DomainError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    /** The SQLSTATE the database raised, when it did (QYLIM tells an attempt limit from other conflicts). */
    readonly sqlstate?: string,
  ) {
    super(message);
  }
}

/** Turns a PostgREST error from a learning function into a DomainError, or a plain Error when unexpected. */
export function fromPostgrest(error: { code?: string; message: string }, what: string): Error {
  const code = error.code ? codes[error.code] : undefined;
  return code ? new DomainError(code, error.message, error.code) : new Error(`${what}: ${error.message}`);
}
