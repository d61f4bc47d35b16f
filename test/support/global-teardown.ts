/**
 * jest global teardown: stops the run's moto_server and removes the run's temporary directory (both made
 * by global-setup.ts). Where jest has no globalTeardown configured, both go when the jest process exits.
 */
import { stopRunMotoServer } from './global-setup';
import { removeRunTmpDir } from './run-tmpdir';

export default async function globalTeardown(): Promise<void> {
  await stopRunMotoServer();
  removeRunTmpDir();
}
