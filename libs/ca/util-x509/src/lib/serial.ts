// CertificateSerialNumber (RFC 5280 §4.1.2.2): positive, at most 20 octets, unpredictable.
import { randomBytes } from 'node:crypto';
import { unsignedInteger } from './der/writer.js';
import { X509Error } from './error.js';

/** 20 random bytes with the top bit clear: a positive INTEGER whose encoding is ≤ 20 octets. */
export function randomSerial(): Buffer {
  const serial = randomBytes(20);
  serial.writeUInt8(serial.readUInt8(0) & 0x7f || 0x01, 0);
  return serial;
}

/** The INTEGER TLV for an unsigned big-endian serial, rejecting zero and encodings over 20 octets. */
export function serialInteger(serial: Buffer): Buffer {
  const tlv = unsignedInteger(serial);
  // A long-form length byte is ≥ 0x81, so anything over 20 octets fails the second check.
  const contentLength = tlv.readUInt8(1);
  if (contentLength === 1 && tlv.readUInt8(2) === 0)
    throw new X509Error('INVALID_PROFILE', 'serial number must be positive');
  if (contentLength > 20)
    throw new X509Error('INVALID_PROFILE', 'serial number must encode in at most 20 octets');
  return tlv;
}
