import {
  All,
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  MethodNotAllowedException,
  Post,
} from '@nestjs/common';
import { IssuanceService } from './issuance.service.js';
import { parseV1Request, parseV2Request } from './signing-request.js';

/** Fulcio's HTTP API (grpc-gateway paths), v2 plus the legacy v1 that cosign v2 calls. */
@Controller('api')
export class FulcioController {
  constructor(@Inject(IssuanceService) private readonly issuance: IssuanceService) {}

  @Post('v2/signingCert')
  @HttpCode(200)
  async signingCertV2(@Body() body: unknown, @Headers('authorization') auth?: string) {
    return v2Response(await this.issuance.issue(parseV2Request(body, auth)));
  }

  @Post('v1/signingCert')
  @HttpCode(201)
  @Header('Content-Type', 'application/pem-certificate-chain')
  async signingCertV1(@Body() body: unknown, @Headers('authorization') auth?: string) {
    return v1Response(await this.issuance.issue(parseV1Request(body, auth)));
  }

  @Get('v2/trustBundle')
  trustBundle() {
    return { chains: this.issuance.trustBundle().map((certificates) => ({ certificates })) };
  }

  @Get('v2/configuration')
  configuration() {
    return { issuers: this.issuance.configuration() };
  }

  @Get('v1/rootCert')
  @Header('Content-Type', 'application/pem-certificate-chain')
  rootCert() {
    return pemChainText(this.issuance.trustBundle().flat());
  }

  /** Another method on one of the paths above (grpc-gateway answers 501 Unimplemented). */
  @All(['v2/signingCert', 'v1/signingCert', 'v2/trustBundle', 'v2/configuration', 'v1/rootCert'])
  wrongMethod(): never {
    throw new MethodNotAllowedException();
  }
}

/** The v2 answer: the leaf with its embedded SCT, then the CA chain. */
export function v2Response(chain: string[]) {
  return { signedCertificateEmbeddedSct: { chain: { certificates: chain } } };
}

/** The v1 answer: the PEM chain as text. */
export function v1Response(chain: string[]): string {
  return pemChainText(chain);
}

/**
 * A chain as upstream's legacy API writes it: each PEM block (ending with its newline) and one more
 * newline, the whole trimmed, so blocks are separated by a blank line.
 */
function pemChainText(pems: readonly string[]): string {
  return pems
    .map((pem) => `${pem}\n`)
    .join('')
    .trim();
}
