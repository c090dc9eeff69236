import type { CommandDefinition } from './spec.js';

export const PROGRAM = 'aws-release-kit';

export function usageLine(def: CommandDefinition<unknown>): string {
  const required = Object.entries(def.inputs)
    .filter(([, s]) => s.required)
    .map(([n]) => `--${n} VALUE`);
  return `${PROGRAM} ${def.name} ${[...required, '[--input value ...]'].join(' ')}`;
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

export function commandHelp(def: CommandDefinition<unknown>): string {
  const names = Object.keys(def.inputs);
  const pad = Math.min(28, Math.max(...names.map((n) => n.length + 2)) + 2);
  const out = [`${PROGRAM} ${def.name}: ${def.description}`, '', `Usage: ${usageLine(def)}`, '', 'Inputs:'];
  for (const [name, spec] of Object.entries(def.inputs)) {
    const notes = [
      spec.required ? 'required' : undefined,
      spec.default !== undefined && spec.default !== '' ? `default: ${spec.default}` : undefined,
      spec.multiple ? 'several allowed' : undefined,
      spec.secret ? 'secret' : undefined,
    ].filter(Boolean);
    const text = `${spec.description}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    const flag = `--${name}`.padEnd(pad);
    const indent = ' '.repeat(pad + 2);
    out.push(`  ${flag}${flag.length >= pad ? `\n${indent}` : ''}${wrap(text, 100 - pad, indent)}`);
  }
  out.push('', 'Outputs (one JSON object on the last line of stdout):');
  for (const [name, text] of Object.entries(def.outputs)) {
    out.push(`  ${name.padEnd(pad)}${wrap(text, 100 - pad, ' '.repeat(pad + 2))}`);
  }
  out.push(
    '',
    'Inputs may also come from INPUT_<NAME> environment variables (as in GitHub Actions); flags win.',
    'Lists: repeat the flag or put one value per line. Booleans: --name true|false, or a bare --name for true.',
  );
  return out.join('\n');
}

export function programHelp(defs: CommandDefinition<unknown>[], version: string): string {
  const pad = Math.max(...defs.map((d) => d.name.length)) + 2;
  return [
    `${PROGRAM} ${version}: ship a release to AWS and tell the team.`,
    '',
    `Usage: ${PROGRAM} <command> [--input value ...]`,
    `       ${PROGRAM} <command> --help`,
    '',
    'Commands:',
    ...defs.map((d) => `  ${d.name.padEnd(pad)}${d.description}`),
    '',
    'Logs go to stderr; the outputs are one JSON object on the last line of stdout.',
    'Exit codes: 0 done, 1 failed, 2 bad input (nothing was changed).',
  ].join('\n');
}
