import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { Agent, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiJsonTextReply, DIRECT_ROUTES, jsonReply, type DirectRoute } from './direct-routes.js';
import { startHttpService, type RunningService } from './http-service.js';
import { PlatformModule } from './platform.module.js';

class NotFoundThing extends Error {
  readonly code = 'NOT_FOUND';
}

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown) {
    return body;
  }
  @Post('fast')
  fastViaApp(@Body() body: unknown) {
    return { via: 'app', body };
  }
  @Get('item')
  itemViaApp(@Query('id') id: unknown) {
    return { via: 'app', id };
  }
  @Get('missing')
  missing() {
    throw new NotFoundThing('no such thing (internal detail)');
  }
  @Get('boom')
  boom() {
    throw new Error('database password=hunter2 leaked?');
  }
}

@Module({
  imports: [
    PlatformModule.forService({
      classify: (e) =>
        e instanceof NotFoundThing ? { status: 404, message: 'entry not found' } : undefined,
    }),
  ],
  controllers: [EchoController],
  providers: [
    {
      provide: DIRECT_ROUTES,
      useValue: [
        {
          method: 'POST',
          path: '/fast',
          handle: ({ body, headers }) => {
            if ((body as { missing?: boolean }).missing) throw new NotFoundThing('gone');
            return Promise.resolve(
              jsonReply(201, { via: 'direct', body, auth: headers.authorization }),
            );
          },
        },
        {
          method: 'GET',
          path: '/item',
          query: /^id=[0-9]+$/,
          handle: ({ query, body }) => {
            if (query === 'id=404') throw new NotFoundThing('gone');
            return Promise.resolve(jsonReply(200, { via: 'direct', query, body }));
          },
        },
        {
          method: 'GET',
          path: '/text',
          query: /^(ascii|utf8)$/,
          handle: ({ query }) =>
            Promise.resolve(
              query === 'ascii'
                ? asciiJsonTextReply(200, '{"dash":"\\u2014","n":1}')
                : jsonReply(200, { dash: '\u2014', n: 1 }),
            ),
        },
      ] satisfies DirectRoute[],
    },
  ],
})
class TestModule {}

describe('startHttpService', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startHttpService(TestModule, {
      name: 'test',
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 1024,
      logger: false,
    });
  });
  afterAll(() => svc.close());

  it('answers /healthz', async () => {
    await request(svc.url).get('/healthz').expect(200, { status: 'ok' });
  });

  it('parses JSON whatever the content type', async () => {
    await request(svc.url)
      .post('/echo')
      .set('Content-Type', 'text/plain')
      .send('{"a":1}')
      .expect(201, { a: 1 });
  });

  it.each([
    ['malformed JSON', '{"a":', 400, 'request body is not valid JSON'],
    ['an oversize body', JSON.stringify({ a: 'x'.repeat(2000) }), 413, 'request body too large'],
  ])('rejects %s with a clear status', async (_n, body, status, message) => {
    const res = await request(svc.url)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code: status, message });
  });

  it('maps typed domain errors through the service classifier', async () => {
    const res = await request(svc.url).get('/missing').expect(404);
    expect(res.body).toEqual({ code: 404, message: 'entry not found' });
  });

  it('answers unknown routes with 404 and unexpected errors with a generic 500', async () => {
    await request(svc.url).get('/nope').expect(404);
    const res = await request(svc.url).get('/boom').expect(500);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  describe('direct routes', () => {
    it('answer a GET whose query has the shape they take, and leave every other shape to the app', async () => {
      const direct = await request(svc.url).get('/item?id=7').expect(200);
      expect(direct.body).toEqual({ via: 'direct', query: 'id=7', body: {} });
      expect(direct.headers['content-type']).toBe('application/json; charset=utf-8');
      for (const [path, id] of [
        ['/item', undefined],
        ['/item?id=7&id=8', ['7', '8']],
        ['/item?id=%37', '7'],
        ['/item?id=x', 'x'],
      ] as const) {
        const res = await request(svc.url).get(path).expect(200);
        expect(res.body).toEqual({ via: 'app', ...(id === undefined ? {} : { id }) });
      }
      const missing = await request(svc.url).get('/item?id=404').expect(404);
      expect(missing.body).toEqual({ code: 404, message: 'entry not found' });
    });

    it('answers ahead of the app with the route reply', async () => {
      const res = await request(svc.url)
        .post('/fast')
        .set('Authorization', 'Bearer t')
        .set('Content-Type', 'text/plain')
        .send('{"a":1}')
        .expect(201);
      expect(res.body).toEqual({ via: 'direct', body: { a: 1 }, auth: 'Bearer t' });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('send ASCII text as it is and UTF-8 text measured in bytes', async () => {
      for (const [query, length] of [
        ['ascii', '{"dash":"\\u2014","n":1}'.length],
        ['utf8', Buffer.byteLength('{"dash":"\u2014","n":1}')],
      ] as const) {
        const res = await request(svc.url).get(`/text?${query}`).expect(200);
        expect(res.body).toEqual({ dash: '\u2014', n: 1 });
        expect(res.headers['content-length']).toBe(String(length));
      }
    });

    it('reads an empty body as {}', async () => {
      const res = await request(svc.url).post('/fast').expect(201);
      expect(res.body).toMatchObject({ body: {} });
    });

    it.each([
      ['malformed JSON', '{"a":', 400, 'request body is not valid JSON'],
      ['a JSON string (strict mode)', '"a"', 400, 'request body is not valid JSON'],
      ['an oversize body', JSON.stringify({ a: 'x'.repeat(2000) }), 413, 'request body too large'],
    ])('answers %s as the app does', async (_n, body, status, message) => {
      for (const path of ['/echo', '/fast']) {
        const res = await request(svc.url)
          .post(path)
          .set('Content-Type', 'application/json')
          .send(body);
        expect([path, res.status, res.body]).toEqual([path, status, { code: status, message }]);
      }
    });

    it('maps thrown errors through the service classifier', async () => {
      const res = await request(svc.url).post('/fast').send({ missing: true }).expect(404);
      expect(res.body).toEqual({ code: 404, message: 'entry not found' });
    });

    it('leaves requests with a query string or a compressed body to the app', async () => {
      const q = await request(svc.url).post('/fast?x=1').send({ a: 1 }).expect(201);
      expect(q.body).toEqual({ via: 'app', body: { a: 1 } });
      const z = await postRaw(`${svc.url}/fast`, gzipSync('{"a":2}'), {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      });
      expect(z.status).toBe(201);
      expect(JSON.parse(z.text)).toEqual({ via: 'app', body: { a: 2 } });
    });
  });
});

describe('closing under keep-alive load', () => {
  it('closes busy keep-alive connections instead of waiting them out', async () => {
    const svc = await startHttpService(TestModule, {
      name: 'drain',
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 1024,
      logger: false,
    });
    // Eight clients keep their connections busy, each sending again as soon as it is answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const client = async () => {
      for (;;) {
        const ok = await new Promise<boolean>((resolve) => {
          const req = httpRequest(`${svc.url}/healthz`, { agent }, (r) => {
            r.resume();
            r.on('end', () => resolve(r.statusCode === 200));
          });
          req.on('error', () => resolve(false));
          req.end();
        });
        if (!ok) return; // closed or refused: the server is going away
      }
    };
    const clients = Array.from({ length: 8 }, () => client());
    await new Promise((ok) => setTimeout(ok, 200));
    const started = Date.now();
    await svc.close();
    // Well inside the 10 s cut-off: connections were drained, not waited out.
    expect(Date.now() - started).toBeLessThan(5_000);
    // Every client was cut off, although each kept its connection busy.
    await Promise.all(clients);
    agent.destroy();
  });
});

function postRaw(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
