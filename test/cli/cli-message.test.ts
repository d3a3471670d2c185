import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliMessage } from '../../main/cli/cli-message.js';

describe('cliMessage', () => {
  it('names the key command for a missing key', () => {
    assert.equal(
      cliMessage({ code: 'no_key', message: 'No crun.ai API key is set. Add your key in Settings.' }),
      'No crun.ai API key is set. Store a key with "stemcrate key set < key.txt", or set CRUN_API_KEY.',
    );
  });

  it('replaces the Settings advice of a rejected key', () => {
    const message = cliMessage({ code: 'invalid_key', message: 'crun.ai rejected the API key (HTTP 401). Check the key in Settings, or create a new one on crun.ai.' });
    assert.equal(message, 'crun.ai rejected the API key (HTTP 401). Store a key with "stemcrate key set < key.txt", or set CRUN_API_KEY.');
  });

  it('names the flag for a duplicate', () => {
    assert.match(cliMessage({ code: 'duplicate', message: 'Already separated. Confirm to separate it again.' }), /Add --confirm-duplicate to submit it anyway\.$/);
  });

  it('keeps other messages', () => {
    assert.equal(cliMessage({ code: 'network', message: 'Cannot reach crun.ai.' }), 'Cannot reach crun.ai.');
  });
});
