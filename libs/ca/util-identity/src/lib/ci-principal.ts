// The ci-provider principal (fulcio `pkg/identity/ciprovider/principal.go`): SAN and extensions come
// from the issuer's ci-issuer-metadata templates, evaluated over the token claims (flattened to
// strings) layered over the default template values, claims winning.
import { claimsToStringMap, type Claims } from './claims.js';
import { IdentityError } from './error.js';
import { CI_EXTENSIONS, type FulcioExtension } from './oids.js';
import { isTemplate, parseTemplate, type CompiledTemplate } from './template.js';
import type { CiIssuerMetadata } from './types.js';

const compiled = new Map<string, CompiledTemplate>();

function compile(src: string): CompiledTemplate {
  let t = compiled.get(src);
  if (!t) {
    t = parseTemplate(src);
    compiled.set(src, t);
  }
  return t;
}

/** fulcio `applyTemplateOrReplace`: a template if it contains `{{`, else the name of a claim/default. */
function apply(src: string, data: ReadonlyMap<string, string>, what: string): string {
  try {
    if (isTemplate(src)) return compile(src).execute(data);
  } catch (e) {
    const code = e instanceof IdentityError ? e.code : 'INVALID_TEMPLATE';
    const detail = e instanceof Error ? e.message : 'template failed';
    throw new IdentityError(code, `${what}: ${detail}`, { cause: e });
  }
  const v = data.get(src);
  if (v === undefined)
    throw new IdentityError(
      'MISSING_CLAIM',
      `${what}: value <${src}> not present in either claims or defaults`,
    );
  return v;
}

export interface CiPrincipalParts {
  readonly san: string;
  /** Extensions 1.2–1.6 and 1.9–1.23 with non-empty values, in OID order. */
  readonly extensions: readonly FulcioExtension[];
}

export function ciPrincipalParts(
  provider: string,
  metadata: CiIssuerMetadata,
  claims: Claims,
): CiPrincipalParts {
  const data = new Map(Object.entries(metadata.defaultTemplateValues));
  for (const [k, v] of claimsToStringMap(claims)) data.set(k, v);

  const san = apply(
    metadata.subjectAlternativeNameTemplate,
    data,
    `${provider} subject-alternative-name`,
  );
  if (san === '' || !URL.canParse(san)) {
    throw new IdentityError(
      'INVALID_CLAIM',
      `${provider} subject-alternative-name: the claims do not produce a valid URI`,
    );
  }

  const extensions: FulcioExtension[] = [];
  for (const [name, , oid, encoding] of CI_EXTENSIONS) {
    const src = metadata.extensionTemplates[name];
    if (src === undefined || src.trim() === '') continue;
    const value = apply(src, data, `${provider} ${name}`);
    // Extensions.Render skips empty values (e.g. GitHub's optional `environment`).
    if (value !== '') extensions.push({ oid, value, encoding });
  }
  return { san, extensions };
}
