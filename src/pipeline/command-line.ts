// Options of the command-line tools: every tool takes --help, and a wrong option or value gets one
// clear line and exit status 1, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses process.argv for a tool; prints help and exits 0 for --help, or one line and exits 1 on a mistake. */
export function parseCommandLine<T extends Options>(command: string, help: string, options: T) {
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false });
    if ((values as { help?: boolean }).help) {
      console.log(help);
      process.exit(0);
    }
    return values as ReturnType<typeof parseArgs<{ options: T }>>['values'];
  } catch (error) {
    fail(command, (error as Error).message.split('\n')[0]);
  }
}

/** One line saying what is wrong, and exit status 1. */
export function fail(command: string, message: string): never {
  console.error(`${command}: ${message.replace(/\.$/, '')}. See ${command} -- --help.`);
  process.exit(1);
}
