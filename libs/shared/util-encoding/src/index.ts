export { fromBase64, isStdBase64, toBase64, fromHex, toHex } from './lib/base64.js';
export { derTlv } from './lib/der.js';
export { certificatePemBlocks, encodePem } from './lib/pem.js';
export { ecSpki, uncompressedEcSpki, type EcSpki, type NamedCurve } from './lib/ec-spki.js';
