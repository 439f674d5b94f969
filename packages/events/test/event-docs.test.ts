import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopics, renderAsyncApi, renderEventsMarkdown } from '@jobcenter/events';

const docs = join(__dirname, '../../../docs');

describe('event documentation', () => {
  it('docs/events.md and docs/asyncapi.json match the topic catalogue (run npm run docs:events)', () => {
    expect(readFileSync(join(docs, 'events.md'), 'utf8')).toBe(renderEventsMarkdown());
    expect(readFileSync(join(docs, 'asyncapi.json'), 'utf8')).toBe(renderAsyncApi());
  });

  it('names every topic <domain>.<event>.v<major> with a matching CloudEvents type', () => {
    for (const topic of allTopics) {
      expect(topic.name).toMatch(/^[a-z]+\.[a-z-]+\.v\d+$/);
      expect(topic.type.endsWith(topic.name)).toBe(true);
    }
  });
});
