// grad-lens: the command line over the same core the extension uses.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, UsageError } from './cli/args';
import { analyzeCommand, type CommandResult } from './cli/analyze';
import { deriveCommand } from './cli/derive';

const USAGE = `usage:
  grad-lens analyze FILE [--lines START-END] [--dims N=64,...] [--json]
  grad-lens check FILE [--lines START-END] [--dims N=8,...] [--json]
  grad-lens derive EXPR --wrt NAME --shape NAME=RxC ... [--assume "rows of Y sum to 1"] [--dims N=4] [--print latex|numpy] [--json]
  grad-lens jacobian EXPR --wrt NAME --shape NAME=RxC ... [--dims N=2] [--vec row-major|column-major] [--pattern off] [--json]
exit: 0 no errors, 1 errors found, 2 could not run`;

type Command = (args: ReturnType<typeof parseArgs>, wasmDir: string | undefined) => Promise<CommandResult>;

const COMMANDS: Record<string, Command> = {
  analyze: analyzeCommand,
  check: (args, wasmDir) => import('./cli/check').then((m) => m.checkCommand(args, wasmDir)),
  derive: deriveCommand,
  jacobian: (args) => import('./cli/jacobian').then((m) => m.jacobianCommand(args)),
};

/** The bundled CLI finds the parser's .wasm beside itself; under tsx the core resolves node_modules. */
function wasmDir(): string | undefined {
  return existsSync(join(__dirname, 'tree-sitter-python.wasm')) ? __dirname : undefined;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help' || args.command === '--help' || args.flags.has('help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`unknown command '${args.command}'`);
    const result = await command(args, wasmDir());
    process.stdout.write(`${result.stdout}\n`);
    return result.exitCode;
  } catch (err) {
    const message = err instanceof UsageError ? err.message : `internal error: ${(err as Error).message}`;
    process.stderr.write(`grad-lens: ${message}\n${err instanceof UsageError ? USAGE + '\n' : ''}`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
