import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { RekorService } from './rekor.service.js';
import { keyed } from './log-entry.js';

/** Rekor's v1 REST API (openapi.yaml). Handlers parse, call the service, return its result. */
@Controller('api/v1')
export class RekorController {
  constructor(@Inject(RekorService) private readonly rekor: RekorService) {}

  @Get('log')
  @Header('Cache-Control', 'no-store')
  logInfo() {
    return this.rekor.logInfo();
  }

  @Get('log/publicKey')
  @Header('Content-Type', 'application/x-pem-file')
  publicKey(@Query('treeID') treeId?: unknown) {
    return this.rekor.publicKeyPem(treeId);
  }

  @Get('log/proof')
  proof(
    @Query('firstSize') firstSize: unknown,
    @Query('lastSize') lastSize: unknown,
    @Query('treeID') treeId?: unknown,
  ) {
    return this.rekor.consistencyProof(firstSize, lastSize, treeId);
  }

  @Post('log/entries')
  async create(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const entry = await this.rekor.createEntry(body);
    res
      .status(201)
      .setHeader('Location', this.rekor.location(entry.id))
      .setHeader('ETag', entry.id);
    return keyed(entry);
  }

  @Get('log/entries')
  async byIndex(@Query('logIndex') logIndex: unknown) {
    return keyed(await this.rekor.entryByIndex(logIndex));
  }

  @Get('log/entries/:id')
  async byId(@Param('id') id: string) {
    return keyed(await this.rekor.entryById(id));
  }

  @Post('log/entries/retrieve')
  @HttpCode(200)
  retrieve(@Body() body: unknown) {
    return this.rekor.retrieve(body);
  }

  @Post('index/retrieve')
  @HttpCode(200)
  async search(
    @Body() body: unknown,
    @Query('afterIndex') afterIndex: unknown,
    @Query('limit') limit: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = await this.rekor.searchIndex(body, { afterIndex, limit });
    if (page.nextAfterIndex !== undefined) {
      res.setHeader('X-Next-After-Index', page.nextAfterIndex.toString());
    }
    return page.ids;
  }
}
