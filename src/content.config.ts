import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import {
  audienceSchema,
  campaignSchema,
  criteriaSchema,
  lessonSchema,
  pageSchema,
  quizSchema,
} from './lib/content/schemas';

const base = (folder: string): string => `./content/${folder}`;

export const collections = {
  lessons: defineCollection({ loader: glob({ pattern: '**/*.mdx', base: base('lessons') }), schema: lessonSchema }),
  quizzes: defineCollection({ loader: glob({ pattern: '*.yaml', base: base('quizzes') }), schema: quizSchema }),
  campaigns: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('campaigns') }), schema: campaignSchema }),
  audiences: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('audiences') }), schema: audienceSchema }),
  demonstration: defineCollection({ loader: glob({ pattern: '*.yaml', base: base('demonstration') }), schema: criteriaSchema }),
  pages: defineCollection({ loader: glob({ pattern: '*.mdx', base: base('pages') }), schema: pageSchema }),
};
