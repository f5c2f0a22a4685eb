import { Command, Option } from 'commander';
import * as commands from './cli/commands.js';
import type { BootstrapSettings } from './cli/commands.js';
import { loadConfig } from './config.js';
import { Store } from './store/store.js';

/** npm run cli -- <apps|users|tokens> <add|remove|list> …: administration against DATABASE_URL. */

type Note = (settings: BootstrapSettings) => string | undefined;

/** Opens and migrates the configured store, runs one command, prints its output, closes the store. */
async function run(command: (store: Store) => Promise<string>, note?: Note): Promise<void> {
  const config = loadConfig();
  const store = await Store.open(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    const applied = await store.migrate();
    if (applied.length) console.error(`migrated the database: ${applied.join(', ')}`);
    console.log(await command(store));
    const warning = note?.({ apps: config.bootstrapApps.map((a) => a.code), adminToken: config.adminToken !== undefined });
    if (warning) console.error(warning);
  } finally {
    await store.close();
  }
}

const appNote = (app: string): Note => (s) => commands.bootstrapOverrideNote(s, { app });
const userNote = (user: string): Note => (s) => commands.bootstrapOverrideNote(s, { user });

function appsCommand(): Command {
  const apps = new Command('apps').description('apps that call the ESB API (bk_app_code and bk_app_secret)');
  apps
    .command('add <code>')
    .description('register an app with a new secret, printed once')
    .option('--trusted', 'may name a user with bk_username alone (no bk_token)')
    .addOption(new Option('--untrusted', 'must present a bk_token for its user').conflicts('trusted'))
    .option('--rotate', 'if the app exists, replace its secret (trust is kept unless --trusted/--untrusted)')
    .action((code: string, o: { trusted?: true; untrusted?: true; rotate?: true }) => {
      const trusted = o.trusted ? true : o.untrusted ? false : undefined;
      return run((store) => commands.addApp(store, code, { trusted, rotate: o.rotate }), o.rotate ? appNote(code) : undefined);
    });
  apps
    .command('remove <code>')
    .description('remove an app')
    .action((code: string) => run((store) => commands.removeApp(store, code), appNote(code)));
  apps
    .command('list')
    .description('list apps and whether each is trusted')
    .action(() => run(commands.listApps));
  return apps;
}

function usersCommand(): Command {
  const users = new Command('users').description('user accounts');
  users
    .command('add <username>')
    .description('add a user')
    .option('--admin', 'make the user an administrator')
    .option('--no-admin', 'make the user not an administrator (with --update)')
    .option('--enterprise <id>', 'the enterprise the user belongs to (default: "default")')
    .option('--update', 'if the user exists, change it (what is not given is kept)')
    .action((username: string, o: { admin?: boolean; enterprise?: string; update?: true }) =>
      run((store) => commands.addUser(store, username, o), o.update ? userNote(username) : undefined),
    );
  users
    .command('remove <username>')
    .description('remove a user and their tokens')
    .action((username: string) => run((store) => commands.removeUser(store, username), userNote(username)));
  users
    .command('list')
    .description('list users')
    .action(() => run(commands.listUsers));
  return users;
}

function tokensCommand(): Command {
  const tokens = new Command('tokens').description("users' access tokens (bk_token, and the OpenAPI's bearer token)");
  tokens
    .command('add <username>')
    .description('create an access token for a user, printed once')
    .option('--name <name>', 'a label to list and remove the token by')
    .action((username: string, o: { name?: string }) => run((store) => commands.addToken(store, username, o)));
  tokens
    .command('remove <username>')
    .description("remove a user's tokens: all of them, or those with --name")
    .option('--name <name>', 'only the tokens with this label')
    .action((username: string, o: { name?: string }) => run((store) => commands.removeTokens(store, username, o), userNote(username)));
  tokens
    .command('list <username>')
    .description("list a user's tokens (names and creation times)")
    .action((username: string) => run((store) => commands.listTokens(store, username)));
  return tokens;
}

const program = new Command('topograph')
  .description('Topograph administration; the database is DATABASE_URL, migrated first')
  .addCommand(appsCommand())
  .addCommand(usersCommand())
  .addCommand(tokensCommand());

try {
  await program.parseAsync();
} catch (err) {
  // One line, never a stack: the operator's mistakes (CliError, ConfigError) and the environment's (an
  // unreachable database) alike.
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
