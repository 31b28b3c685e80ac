export { FLAGS, type FlagSpec, type Settings } from './flags.js';
export { helpText } from './help.js';
export { type CliIo, type CliRun, main, serverOptions } from './main.js';
export { RECORD_HELP, recordMain } from './record.js';
export { type Command, resolveCommand } from './settings.js';
