// Real public-good Sigstore certificates, base64 DER: the intermediate
// `O=sigstore.dev, CN=sigstore-intermediate` (P-384, pathlen 0, EKU codeSigning) as published in the
// public-good `trusted_root.json` (the copy embedded in @sigstore/tuf 5.0.1 `seeds.json`), and a
// Fulcio leaf it issued on 2024-04-04, from sigstore/sigstore-js
// `packages/client/src/__tests__/__fixtures__/bundles/valid.ts` (commit 769a53d8713248a8bf49edfc2a5d1955b0dcc24d).

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
