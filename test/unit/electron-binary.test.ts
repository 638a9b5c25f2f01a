import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectron, probeElectron } from '../../electron/electron-binary.mjs';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aec-electron-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project with node_modules/electron as npm leaves it; `binary` also downloads the binary. */
function project(state: 'no package' | 'not downloaded' | 'path only' | 'binary'): string {
  const root = tempDir();
  if (state === 'no package') return root;
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.5.0"}');
  if (state === 'not downloaded') return root;
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (state === 'binary') writeFileSync(join(pkg, 'dist', 'electron'), '');
  return root;
}

const display = { DISPLAY: ':0' };
const runs = (): null => null;

describe('finding an Electron that can run', () => {
  it('explains each way the binary can be missing', () => {
    const look = (root: string) => findElectron({ env: display, platform: 'linux', projectRoot: root, probe: runs });
    expect(look(project('no package'))).toEqual({ ok: false, reason: 'the electron package is not installed' });
    expect(look(project('not downloaded'))).toMatchObject({ ok: false, reason: expect.stringContaining('never downloaded') });
    expect(look(project('path only'))).toMatchObject({ ok: false, reason: expect.stringContaining('binary is missing') });
  });

  it('uses the downloaded binary of the electron package', () => {
    const root = project('binary');
    expect(findElectron({ env: display, platform: 'linux', projectRoot: root, probe: runs })).toEqual({
      ok: true,
      binary: join(root, 'node_modules', 'electron', 'dist', 'electron'),
      source: 'electron package',
    });
  });

  it('honours ELECTRON_PATH before the package, and says when it is wrong', () => {
    const root = project('no package');
    const binary = join(root, 'my-electron');
    writeFileSync(binary, '');
    expect(findElectron({ env: { ...display, ELECTRON_PATH: binary }, platform: 'linux', projectRoot: root, probe: runs }))
      .toEqual({ ok: true, binary, source: 'ELECTRON_PATH' });
    expect(findElectron({ env: { ...display, ELECTRON_PATH: `${binary}-gone` }, platform: 'linux', projectRoot: root, probe: runs }))
      .toEqual({ ok: false, reason: `ELECTRON_PATH points at ${binary}-gone, which does not exist` });
  });

  it('needs a display on Linux but not on Windows or macOS', () => {
    const root = project('binary');
    expect(findElectron({ env: {}, platform: 'linux', projectRoot: root, probe: runs })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no display'),
    });
    expect(findElectron({ env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux', projectRoot: root, probe: runs }).ok).toBe(true);
    expect(findElectron({ env: {}, platform: 'win32', projectRoot: root, probe: runs }).ok).toBe(true);
    expect(findElectron({ env: {}, platform: 'darwin', projectRoot: root, probe: runs }).ok).toBe(true);
  });

  it('reports a binary that is present but cannot run', () => {
    const root = project('binary');
    const result = findElectron({ env: display, platform: 'linux', projectRoot: root, probe: () => 'libgtk-3.so.0: cannot open shared object file' });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('libgtk-3.so.0') });
  });
});

describe.skipIf(process.platform === 'win32')('probing a binary', () => {
  function script(body: string): string {
    const file = join(tempDir(), 'fake-electron');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('accepts a binary that runs as Node', () => {
    expect(probeElectron(script('[ "$ELECTRON_RUN_AS_NODE" = 1 ] && printf 45.5.0'))).toBeNull();
  });

  it('returns the first error line of a binary that fails to load', () => {
    const problem = probeElectron(script('echo "error while loading shared libraries: libnss3.so" >&2\nexit 127'));
    expect(problem).toBe('error while loading shared libraries: libnss3.so');
  });
});
