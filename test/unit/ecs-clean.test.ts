import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { cleanEmptyValues, emptyPaths } from '../../src/ecs/clean.js';

const base = { family: 'f', containerDefinitions: [{ name: 'app', image: 'app:1' }] };

describe('cleaning a task definition before it is registered', () => {
  it('removes "", null, [], {} and lists of empty values at every depth, and what they leave empty', () => {
    const cleaned = cleanEmptyValues({
      ...base,
      ipcMode: null,
      memory: '',
      tags: [],
      volumes: [{ name: '', host: { sourcePath: '' } }],
      containerDefinitions: [
        {
          name: 'app',
          image: 'app:1',
          command: [''],
          links: ['', 'db'],
          logConfiguration: {},
          repositoryCredentials: { credentialsParameter: '' },
          cpu: 0,
          essential: false,
        },
      ],
    });
    expect(cleaned).toEqual({
      family: 'f',
      containerDefinitions: [{ name: 'app', image: 'app:1', links: ['db'], cpu: 0, essential: false }],
    });
  });

  it('keeps an environment variable’s empty value, but drops an entry with neither name nor value', () => {
    const cleaned = cleanEmptyValues({
      ...base,
      containerDefinitions: [
        {
          name: 'app',
          image: 'app:1',
          environment: [
            { name: 'EMPTY', value: '' },
            { name: '', value: '' },
            { name: 'SET', value: 'x' },
          ],
        },
      ],
    });
    expect(cleaned.containerDefinitions[0]).toEqual({
      name: 'app',
      image: 'app:1',
      environment: [
        { name: 'EMPTY', value: '' },
        { name: 'SET', value: 'x' },
      ],
    });
  });

  it('keeps the names and values of App Mesh proxy properties, but not of other proxy types', () => {
    const props = [{ name: 'IgnoredGID', value: '' }, { value: '1337' }];
    expect(cleanEmptyValues({ ...base, proxyConfiguration: { type: 'APPMESH', properties: props } })).toMatchObject({
      proxyConfiguration: {
        properties: [
          { name: 'IgnoredGID', value: '' },
          { name: '', value: '1337' },
        ],
      },
    });
    expect(cleanEmptyValues({ ...base, proxyConfiguration: { type: 'OTHER', properties: props } })).toMatchObject({
      proxyConfiguration: { properties: [{ name: 'IgnoredGID' }, { value: '1337' }] },
    });
  });

  it('keeps the empty values of the keys named, at any depth, in their empty form', () => {
    const def = {
      ...base,
      containerDefinitions: [
        {
          name: 'app',
          image: 'app:1',
          command: [],
          dockerLabels: {},
          logConfiguration: { logDriver: 'splunk', options: { tag: '' } },
        },
      ],
    };
    expect(cleanEmptyValues(def, ['command', 'dockerLabels', 'tag']).containerDefinitions[0]).toEqual(
      def.containerDefinitions[0],
    );
    expect(cleanEmptyValues(def).containerDefinitions[0]).toEqual({
      name: 'app',
      image: 'app:1',
      logConfiguration: { logDriver: 'splunk' },
    });
  });

  it('leaves the input untouched, and leaves no empty value in the CLI skeleton', () => {
    const skeleton = JSON.parse(readFileSync('test/fixtures/ecs/skeleton.json', 'utf8')) as Record<string, unknown>;
    const before = JSON.stringify(skeleton);
    expect(emptyPaths(skeleton).length).toBeGreaterThan(50);
    const cleaned = cleanEmptyValues(skeleton);
    expect(JSON.stringify(skeleton)).toBe(before);
    expect(emptyPaths(cleaned)).toEqual([]);
    expect(cleaned).toMatchObject({ family: 'skeleton-family', networkMode: 'none' });
  });
});
