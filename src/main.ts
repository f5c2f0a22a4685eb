import { ConfigError, loadConfig } from './config.js';
import { buildTopograph } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const topograph = await buildTopograph(config);
  const shutdown = async () => {
    await topograph.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await topograph.app.listen({ port: config.port, host: config.host });
  topograph.app.log.info(`Topograph on ${topograph.store.dialect}: ESB ${address}/api/c/compapi/v2/cc/<name>/, docs ${address}/docs`);
  // Plainly, for the person who ran `npm start`: where to point a browser.
  process.stdout.write(
    [
      `Topograph is running (${topograph.store.dialect}).`,
      `  Web console:  ${address}/`,
      `  API docs:     ${address}/docs`,
      ...(topograph.firstAdminToken
        ? [
            '',
            'First start: the administrator `admin` was created. Sign in to the console with this access token;',
            'it is shown only now (set TOPOGRAPH_ADMIN_TOKEN to choose your own):',
            `  ${topograph.firstAdminToken}`,
          ]
        : []),
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `configuration: ${err.message}` : err);
  process.exit(1);
});
