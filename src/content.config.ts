import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { readFacts } from './lib/content/content-files';
import { audienceSchema, campaignSchema, criteriaSchema, factSchema, lessonSchema, pageSchema, quizSchema, surveySchema, templateSchema } from './lib/content/schemas';

const base = (folder: string): string => `./content/${folder}`;

/**
 * The fact table: every entry of every `content/facts/*.yaml` (each file a list), one entry per
 * id. A malformed file or an id used in two files stops the build, naming the file.
 */
const factsLoader: Loader = {
  name: 'qingyuan-facts',
  load: async ({ store, parseData, watcher }) => {
    const { facts, errors } = readFacts('content');
    if (errors.length > 0) throw new Error(errors.join('\n'));
    store.clear();
    for (const { file: _file, ...fact } of facts) store.set({ id: fact.id, data: await parseData({ id: fact.id, data: fact }) });
    watcher?.add(base('facts'));
  },
};

export const collections = {
  lessons: defineCollection({ loader: glob({ pattern: '**/*.mdx', base: base('lessons') }), schema: lessonSchema }),
  quizzes: defineCollection({ loader: glob({ pattern: '*.yaml', base: base('quizzes') }), schema: quizSchema }),
  campaigns: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('campaigns') }), schema: campaignSchema }),
  audiences: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('audiences') }), schema: audienceSchema }),
  demonstration: defineCollection({ loader: glob({ pattern: '*.yaml', base: base('demonstration') }), schema: criteriaSchema }),
  facts: defineCollection({ loader: factsLoader, schema: factSchema }),
  surveys: defineCollection({ loader: glob({ pattern: '*.yaml', base: base('surveys') }), schema: surveySchema }),
  templates: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('templates') }), schema: templateSchema }),
  pages: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('pages') }), schema: pageSchema }),
};
