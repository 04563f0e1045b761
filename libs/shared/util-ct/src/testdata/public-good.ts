// Real public-good Sigstore material, base64 DER.
// - LEAF_2024: a Fulcio leaf with one embedded SCT (2024-04-04), from the v0.3 DSSE bundle in
//   sigstore/sigstore-js `packages/client/src/__tests__/__fixtures__/bundles/valid.ts`
//   (commit 769a53d8713248a8bf49edfc2a5d1955b0dcc24d).
// - LEAF_2022: a Fulcio leaf with one embedded SCT (2022-07-22), from sigstore-js
//   `packages/verify/src/__tests__/key/sct.test.ts` (same commit).
// - INTERMEDIATE / ROOT: `O=sigstore.dev, CN=sigstore-intermediate` and its root, as published in
//   the public-good `trusted_root.json` (the copy embedded in @sigstore/tuf 5.0.1 `seeds.json`).
// - CTFE_*: `ctlogs[]` of that same trusted_root.json (publicKey.rawBytes and logId.keyId).

export const LEAF_2024_B64 = [
  'MIICzzCCAlWgAwIBAgIUfCIjfDLcI7FNPURkvg7/1uVyXNMwCgYIKoZIzj0EAwMwNzEVMBMGA1UEChMMc2lnc3RvcmUuZGV2',
  'MR4wHAYDVQQDExVzaWdzdG9yZS1pbnRlcm1lZGlhdGUwHhcNMjQwNDA0MTczNDUyWhcNMjQwNDA0MTc0NDUyWjAAMFkwEwYH',
  'KoZIzj0CAQYIKoZIzj0DAQcDQgAErZcQXuaOOFrIUVCT7WuCgKFGFEUcIISL1ecFG/KX6UE67Ve2ciATsF0PJMOI/MmkuAHm',
  '9efVcbrxGYEXgjvjtKOCAXQwggFwMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAzAdBgNVHQ4EFgQUwFVm',
  'zGLAZ9prSasJhtY4MdiIUjAwHwYDVR0jBBgwFoAU39Ppz1YkEZb5qNjpKFWixi4YZD8wHwYDVR0RAQH/BBUwE4ERYnJpYW5A',
  'ZGVoYW1lci5jb20wLAYKKwYBBAGDvzABAQQeaHR0cHM6Ly9naXRodWIuY29tL2xvZ2luL29hdXRoMC4GCisGAQQBg78wAQgE',
  'IAweaHR0cHM6Ly9naXRodWIuY29tL2xvZ2luL29hdXRoMIGJBgorBgEEAdZ5AgQCBHsEeQB3AHUA3T0wasbHETJjGR4cmWc3',
  'AqJKXrjePK3/h4pygC8p7o4AAAGOqi2BtwAABAMARjBEAiB5eS2QRB+/DYzC9QHTlxp8yg5I/6xi9neAj16kd3OuMgIge/Dz',
  'f963VD/c3CNt9lAHKjXlhuhKNeLNbljGz7R4r54wCgYIKoZIzj0EAwMDaAAwZQIwNt+C5EG0Tau+qkQkeqrvKe5WGsuozP58',
  'atoQMC/stBakkIdCtIYhVizS7WY9j2qnAjEAx8HqpcEXRqfJ72trf4Vk/RU8yHXoeCgaLxtYcMrJIeuUEkKLvfIBXz8CI/Sk',
  'daAG',
].join('');

export const LEAF_2022_B64 = [
  'MIICoTCCAiagAwIBAgIURm9on7zDvhPmPdvRSid8Qc1W0nEwCgYIKoZIzj0EAwMwNzEVMBMGA1UEChMMc2lnc3RvcmUuZGV2',
  'MR4wHAYDVQQDExVzaWdzdG9yZS1pbnRlcm1lZGlhdGUwHhcNMjIwNzIyMjExMTUxWhcNMjIwNzIyMjEyMTUxWjAAMFkwEwYH',
  'KoZIzj0CAQYIKoZIzj0DAQcDQgAEWfKrK8Ky+duY5xEgexxh2fhS+6RWxAodzdaQ3p75wvumEzpWXMynav3upjUqGw28+ZPn',
  'TpAYkryk/zl3pKRUEKOCAUUwggFBMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAzAdBgNVHQ4EFgQUHOAT',
  'bi5c3xsJdYKpMmkF/8QPVX8wHwYDVR0jBBgwFoAU39Ppz1YkEZb5qNjpKFWixi4YZD8wHwYDVR0RAQH/BBUwE4ERYnJpYW5A',
  'ZGVoYW1lci5jb20wLAYKKwYBBAGDvzABAQQeaHR0cHM6Ly9naXRodWIuY29tL2xvZ2luL29hdXRoMIGKBgorBgEEAdZ5AgQC',
  'BHwEegB4AHYACGCS8ChS/2hF0dFrJ4ScRWcYrBY9wzjSbea8IgY2b3IAAAGCJ8CenAAABAMARzBFAiEAueywtShv7qINRCpA',
  'najFJgvWrnazEdcfrO/xx/yTyFwCIE415V1imhqE+aiF52Idmzr57Y5//QJgZ5E5vadkxefQMAoGCCqGSM49BAMDA2kAMGYC',
  'MQDYQen2LUbFkSmg2mb9hXjmNL6TNp8b8xJSje72ZYhqiuika4CyQkcByHsbORkyvjICMQDgfIBIFgnkBIn0UIacFvoF6RWl',
  'g/bmkdftHVkdDS59Uv24OpwoGndgoG8wtLtOthg=',
].join('');

export const INTERMEDIATE_B64 = [
  'MIICGjCCAaGgAwIBAgIUALnViVfnU0brJasmRkHrn/UnfaQwCgYIKoZIzj0EAwMwKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2',
  'MREwDwYDVQQDEwhzaWdzdG9yZTAeFw0yMjA0MTMyMDA2MTVaFw0zMTEwMDUxMzU2NThaMDcxFTATBgNVBAoTDHNpZ3N0b3Jl',
  'LmRldjEeMBwGA1UEAxMVc2lnc3RvcmUtaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE8RVS/ysH+NOvuDZy',
  'PIZtilgUF9NlarYpAd9HP1vBBH1U5CV77LSS7s0ZiH4nE7Hv7ptS6LvvR/STk798LVgMzLlJ4HeIfF3tHSaexLcYpSASr1kS',
  '0N/RgBJz/9jWCiXno3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIB',
  'ADAdBgNVHQ4EFgQU39Ppz1YkEZb5qNjpKFWixi4YZD8wHwYDVR0jBBgwFoAUWMAeX5FFpWapesyQoZMi0CrFxfowCgYIKoZI',
  'zj0EAwMDZwAwZAIwPCsQK4DYiZYDPIaDi5HFKnfxXx6ASSVmERfsynYBiX2X6SJRnZU84/9DZdnFvvxmAjBOt6QpBlc4J/0D',
  'xvkTCqpclvziL6BCCPnjdlIB3Pu3BxsPmygUY7Ii2zbdCdliiow=',
].join('');

export const ROOT_B64 = [
  'MIIB9zCCAXygAwIBAgIUALZNAPFdxHPwjeDloDwyYChAO/4wCgYIKoZIzj0EAwMwKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2',
  'MREwDwYDVQQDEwhzaWdzdG9yZTAeFw0yMTEwMDcxMzU2NTlaFw0zMTEwMDUxMzU2NThaMCoxFTATBgNVBAoTDHNpZ3N0b3Jl',
  'LmRldjERMA8GA1UEAxMIc2lnc3RvcmUwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAT7XeFT4rb3PQGwS4IajtLk3/OlnpgangaB',
  'clYpsYBr5i+4ynB07ceb3LP0OIOZdxexX69c5iVuyJRQ+Hz05yi+UF3uBWAlHpiS5sh0+H2GHE7SXrk1EC5m1Tr19L9gg92j',
  'YzBhMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBRYwB5fkUWlZql6zJChkyLQKsXF+jAfBgNV',
  'HSMEGDAWgBRYwB5fkUWlZql6zJChkyLQKsXF+jAKBggqhkjOPQQDAwNpADBmAjEAj1nHeXZp+13NWBNa+EDsDP8G1WWg1tCM',
  'WP/WHPqpaVo0jhsweNFZgSs0eE7wYI4qAjEA2WB9ot98sIkoF3vZYdd3/VtWB5b9TNMea7Ix/stJ5TfcLLeABLE4BNJOsQ4v',
  'nBHJ',
].join('');

/** https://ctfe.sigstore.dev/2022 (signed LEAF_2024's SCT). */
export const CTFE_2022_KEY_B64 =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiPSlFi0CmFTfEjCUqF9HuCEcYXNKAaYalIJmBZ8yyezPjTqhxrKBpMnaocVtLJBI1eM3uXnQzQGAJdJ4gs9Fyw==';
export const CTFE_2022_LOG_ID_B64 = '3T0wasbHETJjGR4cmWc3AqJKXrjePK3/h4pygC8p7o4=';

/** https://ctfe.sigstore.dev/test (signed LEAF_2022's SCT). */
export const CTFE_TEST_KEY_B64 =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEbfwR+RJudXscgRBRpKX1XFDy3PyudDxz/SfnRi1fT8ekpfBd2O1uoz7jr3Z8nKzxA69EUQ+eFCFI3zeubPWU7w==';
export const CTFE_TEST_LOG_ID_B64 = 'CGCS8ChS/2hF0dFrJ4ScRWcYrBY9wzjSbea8IgY2b3I=';
