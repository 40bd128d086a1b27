/**
 * esbuild plugin for browser bundles of paraisite's sources: a relative import of `x.js` whose
 * `x.browser.ts` sibling exists gets the sibling (Node-only details such as V8 flags stay in
 * `x.ts`), and any `node:` import is a build error naming the importer, so a browser bundle can
 * never carry one. Used by tsup.browser.config.ts and the demo page's build.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "esbuild";

export const browserVariants: Plugin = {
  name: "paraisite-browser-variants",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `${args.path} imported by ${args.importer}: the browser build must not reach Node-only modules` }],
    }));
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const variant = join(args.resolveDir, args.path.replace(/\.js$/, ".browser.ts"));
      return existsSync(variant) ? { path: variant } : undefined;
    });
  },
};

/** The same check on a finished bundle's text (for bundles of code the plugin did not see). */
export function nodeImportsIn(code: string): string[] {
  return [...new Set(code.match(/\bfrom\s*["']node:[\w/]+["']|\b(?:import|require)\s*\(\s*["']node:[\w/]+["']\s*\)/g) ?? [])];
}

