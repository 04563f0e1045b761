import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
