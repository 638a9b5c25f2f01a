// `node --import ./fake-electron-register.mjs main.js`: makes `import ... from 'electron'`
// load fake-electron.mjs, so the real bundle runs under plain Node.
import { register } from 'node:module';

const fake = new URL('./fake-electron.mjs', import.meta.url).href;
const hooks = `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: ${JSON.stringify(fake)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
