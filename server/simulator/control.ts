import type { SimulatorControl } from '../http/admin/services';
import type { SimulatorStatus } from '../contract';
import { Simulator, type SimulatorOptions } from './simulator';

/** The dashboard's start/stop switch for the built-in simulator, aimed at our own callback listener. */
export function simulatorControl(callbackUrl: string, options: Omit<SimulatorOptions, 'url'> = {}): SimulatorControl {
  let current: Simulator | undefined;
  const status = (): SimulatorStatus => {
    const s = current?.status();
    return {
      available: true,
      running: s?.running ?? false,
      sent: s?.sent ?? 0,
      allowed: s?.allowed ?? 0,
      denied: s?.denied ?? 0,
      errors: s?.errors ?? 0,
    };
  };
  return {
    status,
    async start() {
      if (!current?.status().running) {
        current = new Simulator({ channels: 6, viewers: 60, speed: 10, restartEveryMinutes: 30, ...options, url: `${callbackUrl}aec` });
        current.start();
      }
      return status();
    },
    async stop() {
      await current?.stop();
      return status();
    },
  };
}
