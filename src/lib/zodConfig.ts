import { z } from 'zod';

/**
 * zod 4 probes `new Function` when an object schema is built, to compile fast parsers; under
 * the production CSP (no eval) that probe is a reported violation. Interpreted parsing is
 * plenty fast for these small answers. Imported first by main.tsx, before any schema exists.
 */
z.config({ jitless: true });
