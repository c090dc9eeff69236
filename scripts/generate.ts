/**
 * Documents generated from the command definitions (the one source of truth): the README's input and
 * output tables, and each command's action.yml. test/unit/generated.test.ts fails when a file drifts;
 * `UPDATE_GENERATED=1 npm test -- generated` rewrites them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { commands } from '../src/definitions/index.js';
import type { CommandDefinition } from '../src/runtime/spec.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function inputsTable(def: CommandDefinition<unknown>): string {
  const rows = Object.entries(def.inputs).map(([name, spec]) => {
    const notes = [spec.required ? '**required**' : '', spec.multiple ? 'list' : '', spec.secret ? 'secret' : '']
      .filter(Boolean)
      .join(', ');
    const dflt = spec.default !== undefined && spec.default !== '' ? `\`${cell(spec.default)}\`` : '';
    return `| \`${name}\` | ${notes} | ${dflt} | ${cell(spec.description)} |`;
  });
  return tables(
    ['| input | | default | description |', '| --- | --- | --- | --- |', ...rows],
    Object.entries(def.outputs),
  );
}

/** An inputs table followed by an outputs table. */
function tables(inputs: string[], outputs: Array<[string, string]>): string {
  const outputRows = outputs.map(([name, text]) => `| \`${name}\` | ${cell(text)} |`);
  return [...inputs, '', '| output | description |', '| --- | --- |', ...outputRows].join('\n');
}

/** Replaces the text between `<!-- generated:KEY -->` and `<!-- /generated:KEY -->` markers. */
export function replaceSection(doc: string, key: string, body: string): string {
  const start = `<!-- generated:${key} -->`;
  const end = `<!-- /generated:${key} -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i === -1 || j === -1 || j < i) throw new Error(`README has no section markers for ${key}`);
  return `${doc.slice(0, i + start.length)}\n${body}\n${doc.slice(j)}`;
}

/** The root composite action's inputs and outputs, read from the hand-written action.yml. */
export function compositeTable(actionYml: string): string {
  const action = parse(actionYml) as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };
  const rows = Object.entries(action.inputs).map(([name, spec]) => {
    const dflt = spec.default ? `\`${cell(spec.default)}\`` : '';
    return `| \`${name}\` | ${dflt} | ${cell(spec.description)} |`;
  });
  const outputs = Object.entries(action.outputs).map(([name, o]): [string, string] => [name, o.description]);
  return tables(['| input | default | description |', '| --- | --- | --- |', ...rows], outputs);
}

export function readmeWithTables(readme: string): string {
  let doc = readme;
  for (const def of commands as CommandDefinition<unknown>[]) doc = replaceSection(doc, def.name, inputsTable(def));
  return replaceSection(doc, 'action', compositeTable(readFileSync('action.yml', 'utf8')));
}

const BRANDING: Record<string, string> = {
  's3-sync': 'upload-cloud',
  'ecr-push': 'package',
  'ecs-render': 'file-text',
  'ecs-deploy': 'server',
  'lambda-deploy': 'zap',
  notify: 'bell',
};

/** A YAML scalar that survives any text: single-quoted, quotes doubled. */
const q = (text: string): string => `'${text.replace(/'/g, "''").replace(/\n/g, ' ')}'`;

/** `<command>/action.yml`: a node24 sub-action running dist/<command>/index.js with every input and output. */
export function actionYml(def: CommandDefinition<unknown>): string {
  const lines = [
    `# Generated from src/definitions/${def.name}.ts by scripts/generate.ts; edit the definition, then run`,
    '# `UPDATE_GENERATED=1 npm test -- generated`.',
    `name: ${q(`aws-release-kit ${def.name}`)}`,
    `description: ${q(def.description)}`,
    'author: aws-release-kit',
    'branding:',
    `  icon: ${BRANDING[def.name] ?? 'box'}`,
    '  color: orange',
    'inputs:',
  ];
  for (const [name, spec] of Object.entries(def.inputs)) {
    lines.push(
      `  ${name}:`,
      `    description: ${q(spec.description)}`,
      `    required: ${spec.required ? 'true' : 'false'}`,
    );
    const dflt = spec.actionDefault ?? spec.default;
    if (dflt !== undefined && dflt !== '') lines.push(`    default: ${q(dflt)}`);
  }
  lines.push('outputs:');
  for (const [name, text] of Object.entries(def.outputs)) lines.push(`  ${name}:`, `    description: ${q(text)}`);
  lines.push('runs:', '  using: node24', `  main: ../dist/${def.name}/index.js`, '');
  return lines.join('\n');
}
