import { z } from 'astro/zod';

// Validation messages reach users (action input errors), so zod speaks Chinese everywhere.
z.config(z.locales.zhCN());

export { z };
