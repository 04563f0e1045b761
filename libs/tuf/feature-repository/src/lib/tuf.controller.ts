import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TufServiceError } from './error.js';
import { MirrorService } from './mirror.service.js';

/** Mirrors are static file trees: a query string means nothing, but a huge one is refused. */
const MAX_QUERY_LENGTH = 1024;

/** The TUF mirror: `GET /<file>` and `GET /targets/<file>` (spec tuf.md §1), plus `/metrics`. */
@Controller()
export class TufController {
  constructor(private readonly mirror: MirrorService) {}

  @Get('metrics')
  async metrics(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.send(await this.mirror.metrics());
  }

  @Get('*path')
  async file(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.originalUrl.indexOf('?');
    if (query >= 0 && req.originalUrl.length - query > MAX_QUERY_LENGTH) {
      throw new TufServiceError('BAD_REQUEST', 'query string too long');
    }
    const file = await this.mirror.read(req.path);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('ETag', file.etag);
    if (req.headers['if-none-match'] === file.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', file.body.length);
    res.status(200).end(file.body);
  }
}
