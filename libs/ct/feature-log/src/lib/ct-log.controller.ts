import {
  All,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CtLogService } from './ct-log.service.js';
import { CtLogError } from './error.js';

/** What ctfe lets caches keep: entries and proofs never change; a short page may grow. */
const IMMUTABLE = 'public, max-age=86400';
const PARTIAL = 'public, max-age=60';

/** RFC 6962 §4 endpoints under `/<prefix>/ct/v1/`. Handlers parse, call the service, return its result. */
@Controller()
export class CtLogController {
  constructor(@Inject(CtLogService) private readonly log: CtLogService) {}

  @Post('ct/v1/add-chain')
  @HttpCode(200)
  addChain(@Body() body: unknown) {
    return this.log.addChain(body, false);
  }

  @Post('ct/v1/add-pre-chain')
  @HttpCode(200)
  addPreChain(@Body() body: unknown) {
    return this.log.addChain(body, true);
  }

  @Get('ct/v1/get-sth')
  @Header('Cache-Control', 'no-store')
  getSth() {
    return this.log.getSth();
  }

  @Get('ct/v1/get-sth-consistency')
  @Header('Cache-Control', IMMUTABLE)
  getSthConsistency(@Query('first') first: unknown, @Query('second') second: unknown) {
    return this.log.getSthConsistency(first, second);
  }

  @Get('ct/v1/get-proof-by-hash')
  @Header('Cache-Control', IMMUTABLE)
  getProofByHash(@Query('hash') hash: unknown, @Query('tree_size') treeSize: unknown) {
    return this.log.getProofByHash(hash, treeSize);
  }

  @Get('ct/v1/get-entries')
  async getEntries(
    @Query('start') start: unknown,
    @Query('end') end: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { entries, partial } = await this.log.getEntries(start, end);
    res.setHeader('Cache-Control', partial ? PARTIAL : IMMUTABLE);
    return { entries };
  }

  @Get('ct/v1/get-entry-and-proof')
  @Header('Cache-Control', IMMUTABLE)
  getEntryAndProof(@Query('leaf_index') leafIndex: unknown, @Query('tree_size') treeSize: unknown) {
    return this.log.getEntryAndProof(leafIndex, treeSize);
  }

  @Get('ct/v1/get-roots')
  getRoots() {
    return this.log.getRoots();
  }

  @Get('log.v3.json')
  metadata() {
    return this.log.metadata();
  }

  /** Any other method on an endpoint: 405, as ctfe answers it. */
  @All([
    'ct/v1/add-chain',
    'ct/v1/add-pre-chain',
    'ct/v1/get-sth',
    'ct/v1/get-sth-consistency',
    'ct/v1/get-proof-by-hash',
    'ct/v1/get-entries',
    'ct/v1/get-entry-and-proof',
    'ct/v1/get-roots',
  ])
  wrongMethod(@Req() req: Request): never {
    throw new CtLogError('METHOD_NOT_ALLOWED', `method not allowed: ${req.method}`);
  }
}
