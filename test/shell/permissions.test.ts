import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decidePermission } from '../../main/app/policies.js';

// Every permission name Electron 45 passes to setPermissionRequestHandler and
// setPermissionCheckHandler, plus one it may add later.
const PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control',
  'clipboard-read', 'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture',
  'fileSystem', 'fullscreen', 'geolocation', 'geolocation-approximate', 'hand-tracking', 'hid',
  'idle-detection', 'keyboardLock', 'local-fonts', 'local-network', 'local-network-access',
  'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock',
  'screen-wake-lock', 'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access',
  'system-wake-lock', 'top-level-storage-access', 'usb', 'vr', 'web-app-installation', 'web-printing',
  'window-management', 'unknown', 'a-permission-added-later',
];

for (const permission of PERMISSIONS) {
  test(`permission ${permission} is denied to the app page`, () => {
    assert.equal(decidePermission(permission, 'app://stemcrate/index.html'), false);
  });
}

test('permissions are denied to other origins', () => {
  for (const origin of ['https://crun.ai/', 'file:///', '', 'null']) {
    assert.equal(decidePermission('media', origin), false, origin);
  }
});
