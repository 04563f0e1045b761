"""Obtains a signing certificate through sigstore-python's own signing path, then verifies it.

Run with the interpreter of the sigstore-python virtualenv:

    python sigstore_python_cert.py --trust-config FILE --token-file FILE \
        --identity EMAIL --issuer URL

This isolates the CA from the transparency log (e2e/signing.spec.ts runs `sigstore sign` and
`sigstore verify` through the whole stack), so it drives the library directly:

1. `sigstore.sign.Signer` builds a CSR, posts it to the CA named in the trust config's signing
   config (`caUrls`), and verifies the embedded SCT against the trusted root's CT keys
   (the SIGN keyring: only currently valid keys), exactly as `sigstore sign` does.
2. The verifier's own steps are applied to the certificate: the pyca/cryptography chain build
   with sigstore-python's WebPKI extension policies, the SCT against the VERIFY keyring, and the
   identity policy (SAN + issuer extension).

Prints one JSON object on stdout: {"ok": true, "certificate": PEM, "chainLength": N} or
{"ok": false, "stage": ..., "status": HTTP status, "body": response body, "error": text}.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone

from cryptography.hazmat.primitives.serialization import Encoding

from sigstore._internal.fulcio.client import FulcioClient, FulcioClientError
from sigstore._internal.sct import verify_sct
from sigstore._internal.timestamp import TimestampSource, TimestampVerificationResult
from sigstore._internal.trust import KeyringPurpose
from sigstore.models import ClientTrustConfig
from sigstore.oidc import IdentityToken
from sigstore.sign import Signer, SigningContext
from sigstore.verify.policy import Identity
from sigstore.verify.verifier import Verifier


def fail(stage: str, error: BaseException) -> None:
    result: dict[str, object] = {"ok": False, "stage": stage, "error": f"{type(error).__name__}: {error}"}
    response = getattr(error.__cause__, "response", None)
    if response is not None:
        result["status"] = response.status_code
        result["body"] = response.text
    print(json.dumps(result))
    sys.exit(2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trust-config", required=True)
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--identity", required=True)
    parser.add_argument("--issuer", required=True)
    args = parser.parse_args()

    with open(args.trust_config, encoding="utf-8") as f:
        trust_config = ClientTrustConfig.from_json(f.read())
    with open(args.token_file, encoding="utf-8") as f:
        token = IdentityToken(f.read().strip())
    trusted_root = trust_config.trusted_root

    # Only the CA is exercised here: read its URL from the document and sign without a log.
    fulcio_url = trust_config._inner.signing_config.ca_urls[0].url
    context = SigningContext(fulcio=FulcioClient(fulcio_url), rekor=None, trusted_root=trusted_root)  # type: ignore[arg-type]

    try:
        # With cache=True the constructor requests the certificate and verifies its SCT.
        signer = Signer(token, context, cache=True)
        cert = signer._signing_cert()
    except FulcioClientError as e:
        fail("fulcio", e)
        return
    except Exception as e:  # noqa: BLE001 - report any sign-time verification failure
        fail("sign", e)
        return

    try:
        # `Verifier(...)` requires a Rekor key in the trusted root; set up only what the
        # chain check reads.
        verifier = Verifier.__new__(Verifier)
        verifier._fulcio_certificate_chain = trusted_root.get_fulcio_certs()
        verifier._trusted_root = trusted_root
        now = TimestampVerificationResult(
            source=TimestampSource.TRANSPARENCY_SERVICE, time=datetime.now(timezone.utc)
        )
        chain = verifier._verify_chain_at_time(cert, now)
        verify_sct(cert, chain, trusted_root.ct_keyring(KeyringPurpose.VERIFY))
        Identity(identity=args.identity, issuer=args.issuer).verify(cert)
    except Exception as e:  # noqa: BLE001
        fail("verify", e)
        return

    print(
        json.dumps(
            {
                "ok": True,
                "certificate": cert.public_bytes(Encoding.PEM).decode(),
                "chainLength": len(chain),
            }
        )
    )


if __name__ == "__main__":
    main()
