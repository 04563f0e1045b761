import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { CtLogService } from './ct-log.service.js';

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
  getSthConsistency(@Query('first') first: unknown, @Query('second') second: unknown) {
    return this.log.getSthConsistency(first, second);
  }

  @Get('ct/v1/get-proof-by-hash')
  getProofByHash(@Query('hash') hash: unknown, @Query('tree_size') treeSize: unknown) {
    return this.log.getProofByHash(hash, treeSize);
  }

  @Get('ct/v1/get-entries')
  getEntries(@Query('start') start: unknown, @Query('end') end: unknown) {
    return this.log.getEntries(start, end);
  }

  @Get('ct/v1/get-entry-and-proof')
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
}
