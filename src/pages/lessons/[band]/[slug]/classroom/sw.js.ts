import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { createHash } from 'node:crypto';
import source from '~/lib/classroom/classroom-sw.js?raw';
import { lessonPaths } from '~/lib/content/lessons';

/**
 * The service worker of one lesson's classroom pages, served from their folder so its scope is
 * exactly those pages. Its version is a hash of the lesson and the worker's code.
 */
export const getStaticPaths = lessonPaths satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { lesson } = props as InferGetStaticPropsType<typeof getStaticPaths>;
  const version = createHash('sha256')
    .update(source)
    .update(lesson.body ?? '')
    .update(JSON.stringify(lesson.data))
    .digest('hex')
    .slice(0, 16);
  return new Response(source.replace("const VERSION = '__VERSION__';", `const VERSION = '${version}';`), { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
};
