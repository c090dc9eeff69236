import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { validateAction } from '@action-validator/core';
import { actionYml, readmeWithTables } from '../../scripts/generate.js';
import { commands } from '../../src/definitions/index.js';

const update = process.env['UPDATE_GENERATED'] === '1';

/** Compares a generated file with the committed one; UPDATE_GENERATED=1 rewrites it instead. */
function expectFile(path: string, expected: string): void {
  const actual = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (update && actual !== expected) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, expected);
  } else expect(actual).toBe(expected);
}

describe('generated files (UPDATE_GENERATED=1 npm test -- generated rewrites them)', () => {
  it('the README documents every input and output of every command', () => {
    expectFile('README.md', readmeWithTables(readFileSync('README.md', 'utf8')));
  });

  for (const def of commands) {
    describe(`${def.name}/action.yml`, () => {
      it('is generated from the definition', () => {
        expectFile(`${def.name}/action.yml`, actionYml(def));
      });

      it('has exactly the definition inputs and outputs, with the same defaults and required flags', () => {
        const action = parse(readFileSync(`${def.name}/action.yml`, 'utf8')) as {
          inputs: Record<string, { required: boolean; default?: string }>;
          outputs: Record<string, unknown>;
          runs: { using: string; main: string };
        };
        expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(def.inputs).sort());
        expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(def.outputs).sort());
        for (const [name, spec] of Object.entries(def.inputs)) {
          expect(action.inputs[name]?.required).toBe(!!spec.required);
          expect(action.inputs[name]?.default ?? '').toBe(spec.actionDefault ?? spec.default ?? '');
        }
        expect(action.runs).toEqual({ using: 'node24', main: `../dist/${def.name}/index.js` });
      });

      it('passes GitHub’s action schema', () => {
        // @action-validator's schema predates the node24 runtime; the rest of the file is checked as is.
        const text = readFileSync(`${def.name}/action.yml`, 'utf8').replace('using: node24', 'using: node20');
        expect(validateAction(text).errors).toEqual([]);
      });
    });
  }
});
