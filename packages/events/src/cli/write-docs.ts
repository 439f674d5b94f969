#!/usr/bin/env node
// npm run docs:events: writes docs/events.md and docs/asyncapi.json from the topic catalogue.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsyncApi, renderEventsMarkdown } from '../docs';

const docs = join(__dirname, '../../../../docs');
writeFileSync(join(docs, 'events.md'), renderEventsMarkdown());
writeFileSync(join(docs, 'asyncapi.json'), renderAsyncApi());
console.log(`written: ${join(docs, 'events.md')}, ${join(docs, 'asyncapi.json')}`);
