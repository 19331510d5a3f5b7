// The benchmarks' entry (`npm run bench -- [login-flood | export] [flags]`, through tools/bench/run.mjs):
// the national-scale table by default; the login flood and the member export on cases of their own.
import { exportAlone } from './export-alone';
import { loginFlood } from './login-flood';
import { nationalScale } from './scale/national';

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { 'login-flood': loginFlood, export: exportAlone };

const [first, ...rest] = process.argv.slice(2);
const command = first !== undefined ? COMMANDS[first] : undefined;
(command ? command(rest) : nationalScale(process.argv.slice(2))).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
