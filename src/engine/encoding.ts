/**
 * Typed arrays as base64 text, bit for bit: Float64 values are written little-endian
 * whatever the platform's byte order, so a snapshot made on one machine restores
 * exactly on any other (-0, subnormals and all). Uses only `btoa`/`atob`, which every
 * JavaScript runtime mvsim targets provides, so the engine needs no Node built-in.
 */

const CHUNK = 0x8000;

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A Uint8Array as base64. */
export const encodeUint8 = (a: Uint8Array): string => bytesToBase64(a);

/** A Float64Array as base64 of its little-endian bytes. */
export function encodeFloat64(a: Float64Array): string {
  const bytes = new Uint8Array(a.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i]!, true);
  return bytesToBase64(bytes);
}

/** Decodes base64 to a Uint8Array of exactly `length` values; throws a RangeError naming `what` on any other length. */
export function decodeUint8(text: string, length: number, what: string): Uint8Array {
  const bytes = base64ToBytes(text);
  if (bytes.length !== length) throw new RangeError(`${what}: expected ${length} values, found ${bytes.length}`);
  return bytes;
}

/** Decodes base64 of little-endian bytes to a Float64Array of exactly `length` values. */
export function decodeFloat64(text: string, length: number, what: string): Float64Array {
  const bytes = base64ToBytes(text);
  if (bytes.length !== length * 8) throw new RangeError(`${what}: expected ${length} values, found ${bytes.length / 8}`);
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length }, (_, i) => view.getFloat64(i * 8, true));
}
