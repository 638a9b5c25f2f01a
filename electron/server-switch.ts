// Which server the desktop app follows, and the steps of changing it: at start the remembered
// one (this computer if it cannot be reached), a saved LAN server chosen in the menu, a new one
// from "Connect to a Server…", forgetting one. Electron-free: main.ts hands in the effects.

import type { Summary } from '../server/contract';
import type { FollowedServer } from './followed-server';
import type { ServerChoice } from './menus';
import { choose, currentServer, THIS_COMPUTER, withoutServer, withServer, type SavedServer, type ServerList } from './server-list';

export interface SwitchEffects {
  thisComputer(): FollowedServer;
  lanServer(server: SavedServer): FollowedServer;
  probe(server: SavedServer): Promise<{ ok: true; value: Summary } | { ok: false; error: string }>;
  save(list: ServerList): Promise<void>;
  /** The app now follows `next` (window, tray, notifications); the previous one is stopped already. */
  followed(next: FollowedServer): void;
  /** Tells the operator something went wrong, in a sentence. */
  tell(message: string): void;
}

export class ServerSwitch {
  private following: FollowedServer | undefined;

  constructor(private list: ServerList, private readonly effects: SwitchEffects) {}

  get current(): FollowedServer {
    if (this.following === undefined) throw new Error('ServerSwitch.start() first');
    return this.following;
  }

  /** Follows the remembered server, or this computer when there is none or it does not answer. */
  async start(): Promise<void> {
    const remembered = currentServer(this.list);
    if (remembered !== null) {
      const probe = await this.effects.probe(remembered);
      if (probe.ok) return this.use(this.effects.lanServer(remembered));
      this.effects.tell(`${probe.error} Showing ${THIS_COMPUTER.toLowerCase()} instead; choose the server again in the Server menu once it is back.`);
    }
    this.use(this.effects.thisComputer());
  }

  /** The menu's choice: this computer (null) or a saved LAN server, checked before leaving the current one. */
  async follow(url: string | null): Promise<void> {
    if (url === (this.following?.url ?? null)) return;
    if (url === null) return this.switchTo(this.effects.thisComputer(), choose(this.list, null));
    const saved = this.list.servers.find((server) => server.url === url);
    if (saved === undefined) return;
    const probe = await this.effects.probe(saved);
    if (!probe.ok) return this.effects.tell(probe.error);
    await this.switchTo(this.effects.lanServer(saved), choose(this.list, url));
  }

  /** A server that "Connect to a Server…" checked: saved and followed. */
  async connected(server: SavedServer): Promise<void> {
    await this.switchTo(this.effects.lanServer(server), withServer(this.list, server));
  }

  /** Forgets the LAN server followed now; back to this computer. */
  async forgetCurrent(): Promise<void> {
    const url = this.following?.url ?? null;
    if (url === null) return;
    await this.switchTo(this.effects.thisComputer(), withoutServer(this.list, url));
  }

  choices(): ServerChoice[] {
    const current = this.following?.url ?? null;
    return [
      { label: THIS_COMPUTER, url: null, current: current === null },
      ...this.list.servers.map((server) => ({ label: server.name, url: server.url, current: current === server.url })),
    ];
  }

  stop(): void {
    this.following?.stop();
  }

  /** Saved first, so what the window shows is what the next start shows. */
  private async switchTo(next: FollowedServer, list: ServerList): Promise<void> {
    this.list = list;
    try {
      await this.effects.save(list);
    } catch (error) {
      this.effects.tell(`The server list could not be saved (${(error as Error).message}); the choice lasts until the app quits.`);
    }
    this.use(next);
  }

  private use(next: FollowedServer): void {
    this.following?.stop();
    this.following = next;
    this.effects.followed(next);
  }
}
