/**
 * The `rules` CLI: `npm run -s rules -- <command> …`. Thin: parse arguments, call the engine, print.
 * Each command lives in commands/<name>.ts and exports `run(args): Promise<number>` (the exit code).
 * Exit codes: 0 ok, 1 a test or check failed, 2 invalid pack, input or usage.
 */
const COMMANDS: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  validate: () => import('./commands/validate'),
  eval: () => import('./commands/eval'),
  test: () => import('./commands/test'),
  diff: () => import('./commands/diff'),
  fmt: () => import('./commands/fmt'),
  simulate: () => import('./commands/simulate'),
};

const USAGE = `usage: rules <command> [args]
  validate [pack-ref ...]                                   schema + semantic checks (all packs by default)
  eval <pack-ref> --input <file> [--set name=value ...] [--trace]
  test [pack-ref ...]                                       run the packs' own tests, with rule coverage
  diff <pack-ref> <pack-ref>                                semantic diff of two versions
  fmt <pack-ref> [--write]                                  print the pack with every JSON Logic slot compiled from
                                                            its formula text (--write: rewrite the file instead)
  simulate <pack-ref> --input <file> [--set name=value ...] [--variant <pack-ref>] [--sweep name=from:to:step]
pack-ref: <pack-id> (newest version), <pack-id>@<version>, or a path to a pack file`;

// A reader that closes early (`rules test | head -1`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || !COMMANDS[name]) {
    process.stderr.write(USAGE + '\n');
    return name && name !== '--help' && name !== '-h' ? 2 : 0;
  }
  const cmd = await COMMANDS[name]();
  return cmd.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`rules: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
