// README.md's tables of actions, deny codes, settings and forward-mode fallbacks are written from
// server/contract by scripts/docs-tables.ts. A contract change without `npm run docs` fails here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, DENY_REASONS, SETTING_KEYS } from '../../server/contract';
import { BLOCK_NAMES, README_PATH, blockIn, renderBlock, withBlocks } from '../../scripts/docs-tables';

const readme = readFileSync(README_PATH, 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe("README.md's generated tables", () => {
  for (const name of BLOCK_NAMES) {
    it(`holds the ${name} table as the contract renders it now`, () => {
      const inReadme = blockIn(readme, name);
      expect(inReadme, `README.md lacks the <!-- generated:${name} --> … <!-- /generated:${name} --> markers`).toBeDefined();
      expect(inReadme, `README.md's ${name} table is out of date: run \`npm run docs\``).toBe(renderBlock(name));
    });
  }

  it('are rewritten in place, leaving the rest of the README as it was', () => {
    expect(withBlocks(readme), 'README.md is not what `npm run docs` writes: run it').toBe(readme);
    const stale = readme.replace(/<!-- generated:actions -->[\s\S]*?<!-- \/generated:actions -->/, '<!-- generated:actions -->\nold\n<!-- /generated:actions -->');
    expect(stale).not.toBe(readme);
    expect(withBlocks(stale)).toBe(readme);
  });

  it('name every action, deny code and setting of the contract, each in a row of the same width', () => {
    const rows = (name: (typeof BLOCK_NAMES)[number]): string[] => renderBlock(name).split('\n').filter((line) => line.startsWith('| '));
    for (const action of ACTION_NAMES) expect(rows('actions').some((row) => row.startsWith(`| \`${action}\` |`)), action).toBe(true);
    for (const reason of DENY_REASONS) expect(rows('deny-codes').some((row) => row.includes(`| \`${reason}\` |`)), reason).toBe(true);
    for (const key of SETTING_KEYS) expect(rows('settings').some((row) => row.startsWith(`| \`${key}\` |`)), key).toBe(true);
    for (const name of BLOCK_NAMES) {
      const tables = renderBlock(name).split('\n\n').filter((part) => part.startsWith('| '));
      for (const part of tables) {
        const widths = part.split('\n').map((line) => line.split(/(?<!\\)\|/).length);
        expect(new Set(widths).size, `${name}: rows of different widths`).toBe(1);
      }
    }
  });

  it('link only to headings the README has', () => {
    const headings = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(headings.has(link), `#${link}`).toBe(true);
  });
});
