import { readKeyFile, writeKeyFile } from '../../crypto/key-file.ts';
import { formatKeyList } from '../../crypto/key-list.ts';
import { generateKey, KeyRing } from '../../crypto/key-ring.ts';
import { systemClock } from '../../domain/clock.ts';
import { verifyKeyRing } from '../../storage/key-registry.ts';
import { rewrapAll } from '../../storage/rewrap.ts';
import type { CliCommand } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { withStorage } from '../with-storage.ts';
import { expectNoArguments } from './arguments.ts';

export const keysGenerateCommand: CliCommand = {
  words: ['keys', 'generate'],
  usage: 'plugboard keys generate',
  summary: 'print a new kid:base64 key for PLUGBOARD_ENCRYPTION_KEYS (touches nothing)',
  async run(args, io) {
    expectNoArguments(args, 'keys generate');
    io.out(formatKeyList([generateKey()]));
    return 0;
  },
};

export const keysRotateCommand: CliCommand = {
  words: ['keys', 'rotate'],
  usage: 'plugboard keys rotate',
  summary: 'add a new encryption key and make it the active one (then run keys rewrap)',
  async run(args, io) {
    expectNoArguments(args, 'keys rotate');
    const config = loadCliConfig(io);
    return withStorage(config, async (storage) => {
      const current = storage.keys.ring.kids;
      const fresh = generateKey();
      if (storage.keys.source.kind === 'file') {
        const next = [fresh, ...(readKeyFile(storage.keys.source.path) ?? [])];
        await verifyKeyRing(storage.database.db, new KeyRing(next), systemClock());
        writeKeyFile(storage.keys.source.path, next);
        io.out(
          JSON.stringify({
            ActiveKeyId: fresh.kid,
            PreviousKeyIds: current,
            KeyFile: storage.keys.source.path,
          }),
        );
        io.err('Running servers pick up the new key file within seconds. Next: plugboard keys rewrap');
        return 0;
      }
      const next = [fresh, ...(config.encryptionKeys ?? [])];
      await verifyKeyRing(storage.database.db, new KeyRing(next), systemClock());
      io.out(
        JSON.stringify({
          ActiveKeyId: fresh.kid,
          PreviousKeyIds: current,
          NewKey: formatKeyList([fresh]),
          PLUGBOARD_ENCRYPTION_KEYS: formatKeyList(next),
        }),
      );
      io.err(
        [
          'Roll out the new key in two steps so every process can read what any process writes:',
          `  1. restart every process with NewKey appended after your current keys (known to all, not yet active: "${fresh.kid}" last);`,
          '  2. restart every process with the PLUGBOARD_ENCRYPTION_KEYS printed above (new key first: active);',
          '  3. run plugboard keys rewrap; remove an old key once it reports 0 values left for it.',
        ].join('\n'),
      );
      return 0;
    });
  },
};

export const keysRewrapCommand: CliCommand = {
  words: ['keys', 'rewrap'],
  usage: 'plugboard keys rewrap',
  summary: 're-encrypt stored secrets under the active key; safe while servers run',
  async run(args, io) {
    expectNoArguments(args, 'keys rewrap');
    const config = loadCliConfig(io);
    return withStorage(config, async (storage) => {
      const report = await rewrapAll(storage.database.db, storage.keys.ring);
      io.out(JSON.stringify(report));
      return report.columns.some((c) => c.unreadable > 0) ? 1 : 0;
    });
  },
};
