// A self-signed P-256 CA certificate generated for these tests with
// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj '/CN=sigstead test IdP CA'`.
// Only its parseability matters (the ca-cert config check); its key was discarded.
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBkzCCATmgAwIBAgIUPMQ3uFpw4pu1A0f7oWDw0Qrc5mgwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUc2lnc3RlYWQgdGVzdCBJZFAgQ0EwHhcNMjYxMTIyMDQyMDE5
WhcNMzYxMTE5MDQyMDE5WjAfMR0wGwYDVQQDDBRzaWdzdGVhZCB0ZXN0IElkUCBD
QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBGSXkcc7GCFX+ROS54tvdig+S+u
0L0MrG71H8QrNFyBpAf/0VmWxA6/GC+K+Zb4Prk55P8Cx2wCZ+xoBYPV1MOjUzBR
MB0GA1UdDgQWBBToFdFCcV/JoFKXnSWfAXRmErlt3DAfBgNVHSMEGDAWgBToFdFC
cV/JoFKXnSWfAXRmErlt3DAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gA
MEUCIQD/N46ctjXodAZ6SSIVFmFyNFMcpIGY3VT/6ir/uqwI6gIgOtNYxJa02YV6
H/riViR/EhRgMN+wOoXSDYYMPuONXf0=
-----END CERTIFICATE-----
`;
