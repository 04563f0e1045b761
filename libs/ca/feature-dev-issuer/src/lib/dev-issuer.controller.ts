import { Body, Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { DevIssuerService, type TokenRequest } from './dev-issuer.service.js';

@Controller()
export class DevIssuerController {
  constructor(@Inject(DevIssuerService) private readonly issuer: DevIssuerService) {}

  @Get('.well-known/openid-configuration')
  discovery() {
    return this.issuer.discovery();
  }

  @Get('jwks')
  @Header('Cache-Control', 'max-age=300')
  jwks() {
    return this.issuer.jwks();
  }

  /** `POST /token {"email": "..."}` or `{"subject": "..."}` → `{"access_token", "id_token", ...}`. */
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async token(@Body() raw: unknown) {
    // A POST without a body leaves nothing to read; treat it as an empty request (→ 400 below).
    const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const request: TokenRequest = {
      email: optionalString(body['email']),
      subject: optionalString(body['subject'] ?? body['sub']),
      audience: optionalString(body['audience'] ?? body['aud']),
    };
    const { token, expiresIn } = await this.issuer.mint(request);
    return { access_token: token, id_token: token, token_type: 'Bearer', expires_in: expiresIn };
  }
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
