// Stand-ins for Electron's safeStorage, which exists only inside Electron. The encrypting one uses
// AES-256-GCM from node:crypto with a per-instance key in place of Electron's OS-held key. The app
// itself always goes through safeStorage and never encrypts on its own.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../main/secrets/types.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Creates a safeStorage that encrypts and reports `backend` as its Linux backend. */
export function encryptingSafeStorage(backend = 'gnome_libsecret'): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plainText) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, IV_BYTES));
      decipher.setAuthTag(encrypted.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(encrypted.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** Creates Electron's Linux fallback as the app meets it: "available", but with the basic_text backend. */
export function basicTextSafeStorage(): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'basic_text',
    encryptString: (plainText) => Buffer.from(plainText, 'utf8'),
    decryptString: (encrypted) => encrypted.toString('utf8'),
  };
}
