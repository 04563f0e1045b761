// Key and CSR vectors generated once with OpenSSL 3.0.19 for these tests (public material only;
// the private keys were discarded). Commands: `openssl genpkey -algorithm <alg> [-pkeyopt …]`,
// `openssl pkey -pubout`, `openssl req -new -key <key> -subj /CN=ignored [-sha256|-sha384]`.

/** openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 | openssl pkey -pubout */
export const RSA_1024_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC/YWWEL4vMqvO5mAGlGiV9yP9D',
  'meDxEdB6oYkUzOfQ/v8TkwakvP/ippnPcJoJ8EDvmD4ISF+lueNeZ75uyHRX8uKj',
  'zvC4fXkVBgI8Hx20i4olPWZ8Vseso+uU+viF1v4Ry4iYEHq7GbTDvBR7PT+t83q0',
  'lPUHsL81rjEOBB5JNwIDAQAB',
  '-----END PUBLIC KEY-----',
].join('\n');

/** RSA 2048 (same key as RSA_2048_PKCS1_PUB and the RSA CSRs) */
export const RSA_2048_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtMbqVhDR+mNru5/ouRDG',
  'ZhrE+XYZN+azEHvW6e2HLxvU/OGvasoCXaCtUNUI3ixQBfw4ArwNEMBXm05E+mKJ',
  'ZBn5LvYeT/Zg07L3nWn3TEdpu++65ivio7oGD7B+D/6iK2pd45NxAa4Nxpun23t1',
  '3oArrLv3O8k2uRqfc7R8YRp8D5cGYwGRCTKlLyRST4csywmRi6cuaab46Wegebgm',
  'vrJBtzJ17UasN8i7vMM4YhirVZeA+sKeZZkiIggWmJfX7kZHg8OPGyELxl4kcqYk',
  '6F1SS2gYmrSA7at/SRvl4ABm2ciUuKogTzbJaC6g+GWoNXW2pK4xG6lQm3UBMztG',
  'rQIDAQAB',
  '-----END PUBLIC KEY-----',
].join('\n');

/** openssl rsa -RSAPublicKey_out */
export const RSA_2048_PKCS1_PUB = [
  '-----BEGIN RSA PUBLIC KEY-----',
  'MIIBCgKCAQEAtMbqVhDR+mNru5/ouRDGZhrE+XYZN+azEHvW6e2HLxvU/OGvasoC',
  'XaCtUNUI3ixQBfw4ArwNEMBXm05E+mKJZBn5LvYeT/Zg07L3nWn3TEdpu++65ivi',
  'o7oGD7B+D/6iK2pd45NxAa4Nxpun23t13oArrLv3O8k2uRqfc7R8YRp8D5cGYwGR',
  'CTKlLyRST4csywmRi6cuaab46WegebgmvrJBtzJ17UasN8i7vMM4YhirVZeA+sKe',
  'ZZkiIggWmJfX7kZHg8OPGyELxl4kcqYk6F1SS2gYmrSA7at/SRvl4ABm2ciUuKog',
  'TzbJaC6g+GWoNXW2pK4xG6lQm3UBMztGrQIDAQAB',
  '-----END RSA PUBLIC KEY-----',
].join('\n');

/** RSA 3072 */
export const RSA_3072_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEAoNri9TizU3QTJxHfPEpe',
  'HsufBL/1PGZS1r7cbVe/Z/NSozBMs9bcUu1NTL/GjFc92EpLpmt1ka//emguUPKF',
  '6rJ+xBm3wg9A8Ec67Ng1l2kt35SyP6SNGs8rtZrjvjp7J8UlMI0o4UY94oq1H3kk',
  'lyK93ANRYttVSe86S16bY3d5UBONaztrlIg+eAKVTKaXUIMLavxcmxHbzvOJybPQ',
  'rhVCjoOLJrDlrn+b3MfqwNdvPlg+Svf7vVTPs9OwkTpHlCREN7VBYKpQz+Zp0x6F',
  'Y5BGztgIR60XFJoxxvj4Ibd9JtMkD0vcZOUWnMNqhV5/ZGlGZBlqemikaerR2A5a',
  'tQU32jf2ERxrNrwoDGbK8r48DxQzA5sKpxKU/M32nOPvLZlDVws5bqbptLyvwV19',
  'DR+nlb0C4RB9ZnTRFWCy/lqOjWNI358Sow8ytb/2d9S0QPX674SjvcLZ/YPvKhJX',
  'bmFr05R89bxdVmrHfYHGyrGUGDtkgpKCDmS9/A2Rq0gXAgMBAAE=',
  '-----END PUBLIC KEY-----',
].join('\n');

/** RSA 4096 */
export const RSA_4096_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA0tE/xjgnZAT1D2zxyvr4',
  'zn7+quA0MTGrhzN9cJWUiKkaKOqJ/6t6cqov7NAVGdadqQZFJjiK1cMLZHB9jjXX',
  'BpZFdKKxZ6VOCb4b5w8vYwr39hHKMOKkXiWyJMOa+lfUMaLk7NbDTEC4yhwtZaxT',
  '73nxVvEgOHNbK6/rSqDnxNjL6QP0cwIKWj3AcPsIH8v6jRGIldETR6yHynAyjiKx',
  'vP1W8OKTBMgo3sHSvZf3DFrJJLYjipVBvbNMlMj92+f/pPB+6iHnisR0AwBR9wjM',
  'FLDsxGX7K3JmPOtisfO/e5GYp7kek8zfQsig0zHJNPJvZYeiZp3lY8x+KMtMRCuN',
  'SQg4U3PbrzF3F1TS9u2TQTiIrwTytxas0kvYHgmVh8Yuh7cgaiCkbSOP7+rILNr3',
  '+MwemrsTXRqXOVv1MP6GugxriK/VlRcgp3KdyWC/zK7Q7sGltKcS4lENmKr7Mdhp',
  '8uRpxJndb5IlhvXQbFooVNHKCL0j6BMdCmrmr76FFVChAo+yRotsoryPgJl6OPA4',
  'IDiq4s9c7pYV4EEpFXzyP6SfVr+4XvHr3Vg4XnReDMBeq+UP/KLUcfY22J3inf48',
  'TsiJJECymszl+3To0kJ7/QQ8+nROTBIR1+D7GLX1oqkNjdafJ7lMNlBvEyFEHdUt',
  'M+oOmQCTAiMuDfn53uqESWkCAwEAAQ==',
  '-----END PUBLIC KEY-----',
].join('\n');

/** ec_paramgen_curve:secp256k1 */
export const SECP256K1_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEFojBtjpAs8XeET2zGSJGZ6XVM7bd4alP',
  'vfdqZfeRAirJdWwe0+NJhRqU6LM5MOY96RtfW1eFsLieL7AMsUdQ+w==',
  '-----END PUBLIC KEY-----',
].join('\n');

/** ec_paramgen_curve:P-256 (same key as the P-256 CSRs) */
export const P256_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEV+vEGbZHkudPq9Iyp8HRDed8eSwi',
  '79us6cnCRjtXeh+g0a1vrvqUF4uS4oAN0aIjBhjfwW16dUi2WKx0YFnB7A==',
  '-----END PUBLIC KEY-----',
].join('\n');

/** openssl genpkey -algorithm ED448 */
export const ED448_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MEMwBQYDK2VxAzoAave2WH2fACxZNxvf6pPGxP3qnSEo4LL8CSi8dskIb+15D6j2',
  'r/9FzFQk8vzGcjAEvZbAv6EThTiA',
  '-----END PUBLIC KEY-----',
].join('\n');

/** openssl genpkey -algorithm X25519 */
export const X25519_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MCowBQYDK2VuAyEANUDCR0D+hPeJtYqssPwvVMzn7m5r08EV/GGmeowZTyQ=',
  '-----END PUBLIC KEY-----',
].join('\n');

/** openssl genpkey -algorithm RSA-PSS (id-RSASSA-PSS SPKI) */
export const RSA_PSS_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIBIDALBgkqhkiG9w0BAQoDggEPADCCAQoCggEBAL2Unr6nrr5/hRhCKwZ00TKF',
  'srNbr/NNAyrUCyCcnirREmXPv7rInLpEQEfm/X1vXDYXqkDyY5JBdU8ASxldOdrQ',
  'MM+ZE2b/x500fwzfiVwS0aSeX74GsPGmYkmA/Qm8Pc/qmimUNCoVJOC8BLqtiGui',
  'gpfK54ijgP70EvgvvEfqCDTerOiM3vxcZS/gMfUzvsPK5oMNP06nbl9TWojOMOLc',
  'ergsCoVNgQqS4xQrxuWU7R1vdQOUSdoaG7H+JyeCg3hMcPJGUFVVTCWZMX/iiuzb',
  'jOp1Cdn+qxRPYki4sh7dUL1msHWWPMX2EKiiqtaBQJaAGulQS+SZND4wUYHYuVkC',
  'AwEAAQ==',
  '-----END PUBLIC KEY-----',
].join('\n');

/** openssl gendsa (2048-bit parameters) */
export const DSA_PUB = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIDQjCCAjUGByqGSM44BAEwggIoAoIBAQCZrDlEMaU9RR5x00ZdLgmH2cokR5p5',
  'TJ8nAzuivgbg1CyBV6CZDOyZGB5FaxyZw3JdYauCQuLhY+CCXPd0zUpoWcqAcjEp',
  'h9mlT2bMUYUB3I6RMwvULM+9+x0k+kQ/4WbYwCBo/di8yVX/sm57X9vCvHE/tW+D',
  'l1dlyTLNi7jk6s+Dpzp3axEoRuFDphGrXSAYw1zGUdqjAqMrXUEsosFLx1Vf3KeY',
  'SmwdSRk/EkywKOcpNW8eS1OUmfNe+k1ji6Avou/+lxRuo0bZH1Y326iueisJkXj1',
  'ZQ7jm1haWDO6MtRl/BXkCLu7znbhOaj4Tj+1t6qRG4G6XaZ3/0Rr/viBAh0AnZFs',
  'oGHS/ZerOTYT6siKFDOxf/aHxuTfihAOJwKCAQARD0RJ5tjRVTWD6BIJyocNy1Ri',
  'GJVvljymLhqBmRl6ZdezJV5ZR5aqlp2eem3HUSw4H6lU+WZo0KpvPqEucMrNWqRP',
  'PvXc8O3mESSgWXfJfW3WAVg1ShRtnzoNsonom1ae9PfG2IVKAxoDQ/+wzbs5O0x2',
  'Og+gTaFm2WamJGBZKJt/Z7V8YXNUqmxpQx1OCgrgm85fvi/kS555JAF8PEwah50f',
  'rQtIuf/M7GAadQaL+yMzyt2jP+Je8CaKkZqxuoZfpjIy3Qir26dBSsRIaCg/XI85',
  'Xaw+YiJp1Z66DAfCqrE8PZ3nykCgmB+AeUPrgKRbKwxObiJtTUbpfET0tKsvA4IB',
  'BQACggEAWw5rZXufmWKj3oOScWgG6I4Ld02XI4DyEFOKRCuHTLt3vYsvI9CoEV5V',
  'RG/C5c3mWe0G5GF4cjOe/AHt/eR1Zu6wWBkBoyZawx6aSTI+FnPzo/dZdj0N5USw',
  'g7vByEtQIyPySzBC2fmRqT7s/qzF3zbMRI6tTLXS3aIChteth/jF34VPlvAyzxtQ',
  'C7mBTsKCt2XNPT0QY+mcNmGsl8dpQJuv4GMB2hTN4sf2Ch8IkhKNgB4/jQUceLzF',
  'jJ5DuBxfVy8hZJSbHG7RXQ/J1dN+t2G8ddd3Uf2JBj7gn0Khgi3Won2erCepVSpN',
  'yX5Aa4sAw9aqcwZNBvrd5M/as/v0YA==',
  '-----END PUBLIC KEY-----',
].join('\n');

/** openssl req -new -key p256.key -subj /CN=ignored -sha256 */
export const CSR_P256_SHA256 = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIHMMHQCAQAwEjEQMA4GA1UEAwwHaWdub3JlZDBZMBMGByqGSM49AgEGCCqGSM49',
  'AwEHA0IABFfrxBm2R5LnT6vSMqfB0Q3nfHksIu/brOnJwkY7V3ofoNGtb676lBeL',
  'kuKADdGiIwYY38FtenVItlisdGBZweygADAKBggqhkjOPQQDAgNIADBFAiAGF0sF',
  'OdY2byQH4dF996ExaIBR3lRDfPlR/C+U0S7JkAIhAOKvdR/qc4xRUwnQRM0FFdwO',
  'VNI+CM4WjhFZm9gi0NAW',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');

/** same key, -sha384 (valid signature, hash not permitted for P-256) */
export const CSR_P256_SHA384 = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIHMMHQCAQAwEjEQMA4GA1UEAwwHaWdub3JlZDBZMBMGByqGSM49AgEGCCqGSM49',
  'AwEHA0IABFfrxBm2R5LnT6vSMqfB0Q3nfHksIu/brOnJwkY7V3ofoNGtb676lBeL',
  'kuKADdGiIwYY38FtenVItlisdGBZweygADAKBggqhkjOPQQDAwNIADBFAiAe4Nyn',
  'X1k49HxIBTHmUewIPfcb97tjFIVj/z/hk9T0bQIhAK6RvuFCTwzY3kKswPOaNc34',
  'd/7zGJdN14C16rdVc4Wh',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');

/** openssl req -new -key rsa2048.key -sha256 */
export const CSR_RSA2048_SHA256 = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIICVzCCAT8CAQAwEjEQMA4GA1UEAwwHaWdub3JlZDCCASIwDQYJKoZIhvcNAQEB',
  'BQADggEPADCCAQoCggEBALTG6lYQ0fpja7uf6LkQxmYaxPl2GTfmsxB71unthy8b',
  '1Pzhr2rKAl2grVDVCN4sUAX8OAK8DRDAV5tORPpiiWQZ+S72Hk/2YNOy951p90xH',
  'abvvuuYr4qO6Bg+wfg/+oitqXeOTcQGuDcabp9t7dd6AK6y79zvJNrkan3O0fGEa',
  'fA+XBmMBkQkypS8kUk+HLMsJkYunLmmm+OlnoHm4Jr6yQbcyde1GrDfIu7zDOGIY',
  'q1WXgPrCnmWZIiIIFpiX1+5GR4PDjxshC8ZeJHKmJOhdUktoGJq0gO2rf0kb5eAA',
  'ZtnIlLiqIE82yWguoPhlqDV1tqSuMRupUJt1ATM7Rq0CAwEAAaAAMA0GCSqGSIb3',
  'DQEBCwUAA4IBAQCkWMMf72zfN8MvBS2wiEaZjM4JwkOaj5fivLEaSlWWTsZXDcDL',
  'WGpmGPyJOu570GnXR/EVe+c+4tx4HKekDppu3kjhd7D1UlMmAbUN13H5NfHG7df5',
  'Y3q/c/ORpv+KK7NjKz5fTQFk6H9iEcScXjImXouIABhmUsJsZ93PijRjiLZGHq+v',
  '2IjmfyPL4SVDztTywXxoa+6A7rkfa+lfhBIJuZR1yd555Y3kJuST9ivZwuHstP8a',
  'Hby2cIYk48S9mjtvH0O4N20UMl9cwyCiwE6FrR25rxEf82dtEuikD3HFxgk6Lzot',
  'C/zfIDKcKmQ7yISRAr8sOlOaPuOP4owgOH8q',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');

/** -sigopt rsa_padding_mode:pss (RSASSA-PSS signature) */
export const CSR_RSA2048_PSS = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIICjDCCAT8CAQAwEjEQMA4GA1UEAwwHaWdub3JlZDCCASIwDQYJKoZIhvcNAQEB',
  'BQADggEPADCCAQoCggEBALTG6lYQ0fpja7uf6LkQxmYaxPl2GTfmsxB71unthy8b',
  '1Pzhr2rKAl2grVDVCN4sUAX8OAK8DRDAV5tORPpiiWQZ+S72Hk/2YNOy951p90xH',
  'abvvuuYr4qO6Bg+wfg/+oitqXeOTcQGuDcabp9t7dd6AK6y79zvJNrkan3O0fGEa',
  'fA+XBmMBkQkypS8kUk+HLMsJkYunLmmm+OlnoHm4Jr6yQbcyde1GrDfIu7zDOGIY',
  'q1WXgPrCnmWZIiIIFpiX1+5GR4PDjxshC8ZeJHKmJOhdUktoGJq0gO2rf0kb5eAA',
  'ZtnIlLiqIE82yWguoPhlqDV1tqSuMRupUJt1ATM7Rq0CAwEAAaAAMEIGCSqGSIb3',
  'DQEBCjA1oA8wDQYJYIZIAWUDBAIBBQChHDAaBgkqhkiG9w0BAQgwDQYJYIZIAWUD',
  'BAIBBQCiBAICAN4DggEBACE3ZwjzFO9XXdrcEVQuloANVVMa5o7ryHsteYmJ9eks',
  'BlTbAoHmcc5EhycqsV6MJ1HcjmTTBmU6hOXHJUP1gMpVcns+RI9fayVF5MyxKAiS',
  '2ils5Khh28XJ5z0cnATDdPLGzKda09YYoPBx89E4CW6aIkYmGI8eP6QUSUSEOODL',
  'dz3yBAPu3dnBE6RnjGuj0JvL2p98RSYpSGpw3Pebvty6fJx/R1nW71GIJRsc2nWL',
  'nVlGEcbdf9Jr6BOpi2a67Kg/aPXuECBGP058zHzGPT9g4EeoMmPYVFOid7aHuGEJ',
  'TjFK8snf9wAcqjle4DcmdNW01an1K+CbVhDTLs9TtvE=',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');

/** openssl req -new -key ed25519.key */
export const CSR_ED25519 = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIGRMEUCAQAwEjEQMA4GA1UEAwwHaWdub3JlZDAqMAUGAytlcAMhABPfmmuS8zEC',
  'DWctKvkU7Exdd85jQn42+0geF9GMBEaJoAAwBQYDK2VwA0EAbxQ4OKd7kxVGkNcP',
  'VN26Pbcgs5JxtV2onj9ZNzCEruBBlCDs7Zv3/MMAPDEbSY1yq+jKPDG6DpadPFBy',
  'AQ+BBg==',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');

/** RSA-1024 key (too small) */
export const CSR_RSA1024_SHA256 = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIIBUTCBuwIBADASMRAwDgYDVQQDDAdpZ25vcmVkMIGfMA0GCSqGSIb3DQEBAQUA',
  'A4GNADCBiQKBgQC/YWWEL4vMqvO5mAGlGiV9yP9DmeDxEdB6oYkUzOfQ/v8Tkwak',
  'vP/ippnPcJoJ8EDvmD4ISF+lueNeZ75uyHRX8uKjzvC4fXkVBgI8Hx20i4olPWZ8',
  'Vseso+uU+viF1v4Ry4iYEHq7GbTDvBR7PT+t83q0lPUHsL81rjEOBB5JNwIDAQAB',
  'oAAwDQYJKoZIhvcNAQELBQADgYEAFVZ+YDa6GX4Zhpj1Rt5hRE5TxQBdhH1kW/so',
  '+QENDE/TxxbmcqGFEO/u6jLj/rzfykhlWdUU6K8bdAvwTISg377rw+HqnuYI79+9',
  'fpX/lZsX6XiPDHKmEK8+gCvso9QgrgQEMeVrbnHNsV6aUTNo6+C+/N5RY2YOk6fx',
  '019RlhM=',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');

/** secp256k1 key (curve not supported) */
export const CSR_SECP256K1_SHA256 = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIHKMHECAQAwEjEQMA4GA1UEAwwHaWdub3JlZDBWMBAGByqGSM49AgEGBSuBBAAK',
  'A0IABBaIwbY6QLPF3hE9sxkiRmel1TO23eGpT733amX3kQIqyXVsHtPjSYUalOiz',
  'OTDmPekbX1tXhbC4ni+wDLFHUPugADAKBggqhkjOPQQDAgNJADBGAiEAh3utPonZ',
  's1nl2KByiPEWnW2vy6GQsqZMBk+GaWHZKp8CIQCiyEbIfAJGkH86GUCdvYvRT7Ri',
  '2A/VKhzWRS3y3DehxA==',
  '-----END CERTIFICATE REQUEST-----',
].join('\n');
