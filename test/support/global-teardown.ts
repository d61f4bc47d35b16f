/**
 * jest global teardown: stops the run's moto_server (started by global-setup.ts). Where jest has no
 * globalTeardown configured, global-setup.ts stops it when the jest process exits.
 */
import { stopRunMotoServer } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await stopRunMotoServer();
}
