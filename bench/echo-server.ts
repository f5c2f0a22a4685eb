/**
 * The baseline: a bare Fastify server that answers POST /echo with the JSON body it was sent. It measures what
 * HTTP + JSON parsing + serialisation cost on this machine, so Topograph's figures can be read as a ratio.
 */
import Fastify from 'fastify';

const port = Number(process.env.PORT ?? 0);
const app = Fastify({ logger: false });

app.post('/echo', async (req) => req.body);
app.get('/healthz', async () => ({ status: 'ok' }));

await app.listen({ port, host: '127.0.0.1' });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
