import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// Chapters live at content/<lang>/<NN-slug>.mdx; the id is "<lang>/<NN-slug>".
const chapters = defineCollection({
  loader: glob({ pattern: '{zh,en}/*.mdx', base: './content' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    order: z.number().int(),
    terminal: z.boolean().default(false),
  }),
});

export const collections = { chapters };
