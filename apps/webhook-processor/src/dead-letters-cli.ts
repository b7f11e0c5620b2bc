import { main } from './dead-letters-command.js';

process.exitCode = await main(process.argv.slice(2));
