/**
 * Room codes and tokens. Codes are short and read aloud in a classroom, so
 * they use letters that cannot be mistaken for one another; tokens are 128
 * random bits (node:crypto), kept by the relay only as SHA-256 hashes, and
 * compared in constant time (hash to a fixed length, then timingSafeEqual).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '../protocol/relay';

export function newRoomCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

/** 128 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

/** A seed for a room's market or its bots: random, never derived from anything a student sees. */
export function newSeed(): string {
  return randomBytes(16).toString('hex');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Does `token` hash to `hash`? Constant time in the token's content (both sides are 32-byte digests). */
export function tokenMatches(token: string, hash: string): boolean {
  const a = createHash('sha256').update(token, 'utf8').digest();
  const b = Buffer.from(hash, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}
