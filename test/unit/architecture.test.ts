// The layout rules of ARCHITECTURE.md, checked on the sources: arrows point one way, no import
// cycles, the domain does no I/O, and each piece of vocabulary has one home.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../server/contract';

const root = resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|vue|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(path);
  }
  return out;
}

const files = [...sources('server'), ...sources('electron'), ...sources('renderer/src')];
const text = new Map(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));

/** Relative imports of a file, resolved to repository paths (type-only imports included). */
function importsOf(file: string): string[] {
  const found: string[] = [];
  for (const match of text.get(file)!.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = resolve(root, dirname(file), match[1]!);
    for (const candidate of [base, `${base}.ts`, `${base}.mts`, `${base}.mjs`, join(base, 'index.ts')]) {
      const rel = relative(root, candidate);
      if (text.has(rel) && rel !== file) {
        found.push(rel);
        break;
      }
    }
  }
  return found;
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));

function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('architecture', () => {
  it('has no import cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps the domain pure: no I/O, nothing from http, store, core or main', () => {
    for (const file of files.filter((f) => f.startsWith('server/domain/'))) {
      for (const target of graph.get(file)!) expect(target, `${file} imports ${target}`).toMatch(/^server\/(domain|contract)\//);
      expect(text.get(file), file).not.toMatch(/from ['"]node:(fs|net|http|child_process)/);
    }
  });

  it('keeps the contract free of the rest of the server', () => {
    for (const file of files.filter((f) => f.startsWith('server/contract/'))) {
      for (const target of graph.get(file)!) expect(target, `${file} imports ${target}`).toMatch(/^server\/contract\//);
    }
  });

  it('never imports electron from the server, and the renderer only reaches the server through the contract', () => {
    for (const file of files.filter((f) => f.startsWith('server/'))) expect(text.get(file), file).not.toMatch(/from ['"]electron['"]/);
    for (const file of files.filter((f) => f.startsWith('renderer/'))) {
      for (const target of graph.get(file)!.filter((t) => t.startsWith('server/'))) expect(target, file).toMatch(/^server\/contract\//);
    }
  });

  it('points inwards: only main and http reach http, nothing but main reaches main', () => {
    // Command entry points (`*-command.ts`) start things, like main.
    const inner = files.filter((f) => /^server\/(core|store|settings|protocol|forward|alerts|backup)\//.test(f) && !f.endsWith('-command.ts'));
    for (const file of inner) {
      for (const target of graph.get(file)!) expect(target, `${file} imports ${target}`).not.toMatch(/^server\/(http|main)\//);
    }
  });

  it('has at most three files at the server root', () => {
    expect(readdirSync(join(root, 'server')).filter((name) => statSync(join(root, 'server', name)).isFile()).length).toBeLessThanOrEqual(3);
  });

  it('writes each action name as a string literal in exactly one file outside test/', () => {
    for (const action of ACTION_NAMES) {
      const holders = files.filter((file) => new RegExp(`['"\`]${action}['"\`]`).test(text.get(file)!));
      expect(holders, action).toEqual(['server/contract/actions.ts']);
    }
  });
});
