import { describe, expect, it } from 'vitest';
import { CLI_FLAGS } from '../../server/contract';
import { FLAG_HELP, usage } from '../../server/main/usage';

describe('--help', () => {
  it('lists every flag of the CLI contract with its environment variable and what it is for', () => {
    const text = usage();
    for (const { flag, env } of CLI_FLAGS) {
      const line = text.split('\n').find((row) => row.trimStart().startsWith(`--${flag} `) || row.trim() === `--${flag}` || row.trimStart().startsWith(`--${flag}  `));
      expect(line, flag).toBeDefined();
      expect(line, flag).toContain(env);
      expect(FLAG_HELP[flag], flag).toBeTruthy();
    }
  });

  it('says a switch takes no value and gives defaults where there are any', () => {
    expect(usage()).toMatch(/--require-sign\s+AEC_REQUIRE_SIGN/);
    expect(usage()).toMatch(/--callback-port <value>.*default 9900/);
  });
});
