import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): about 20 ms here, cheap for a server,
// slow for an attacker with a stolen table.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** An argon2id hash in PHC string form. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** Whether the password matches the hash; a malformed hash is a mismatch, not a crash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified when the account does not exist so timing does not tell. */
export const dummyHash = '$argon2id$v=19$m=19456,t=2,p=1$RWY7McNaruVQEHnJzdQHYA$k5DGsoDCykFbjaGtXTHv0PILgBdEk2/LhL8/DT6CmCU';

// First passwords are printed on slips and must be changed at first sign-in, so a lighter
// argon2id (4 MiB, 1 pass: about 3 ms) keeps a 2,000-pupil import to seconds.
const firstOptions = { memoryCost: 4096, timeCost: 1, parallelism: 1, outputLen: 32 } as const;

/** An argon2id hash for a first password that has to be changed at first sign-in. */
export async function hashFirstPassword(password: string): Promise<string> {
  return hash(password, firstOptions);
}

/**
 * A first password for a printed slip: 8 characters from letters and digits that cannot be
 * mistaken for one another (no 0/o, 1/l/i), easy for a pupil to type.
 */
export function firstPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
