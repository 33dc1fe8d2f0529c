"""Certificate texts (research notes §3; docs/device-reference.md "Certificates"), tagged
[C] real capture, [D] Cisco documentation, [G] guess."""

from __future__ import annotations

# -- crypto ca export TP pkcs12 PASS [C x2]: blank line, the title, the PEM-style block ---------
EXPORT_TITLE = "Exported pkcs12 follows:"
PKCS12_BEGIN = "-----BEGIN PKCS12-----"
PKCS12_END = "-----END PKCS12-----"
BASE64_LINE = 64  # [C] 64 characters a line
# [G] no capture of an export refused; wording in the ASA `ERROR:` style.
EXPORT_NO_TRUSTPOINT = "ERROR: Trustpoint {name} not found"
EXPORT_NO_KEYS = "ERROR: Trustpoint {name} has no keypair and identity certificate to export"

# -- crypto ca import TP pkcs12 PASS [C x3] ----------------------------------------------------
IMPORT_ENTER = 'Enter the base 64 encoded pkcs12.\nEnd with the word "quit" on a line by itself:'
IMPORT_END_WORD = "quit"
IMPORT_REPLACE = (  # [C] CalebSargeant/docs asa.rst
    "% You already have RSA or ECDSA keys named {name}.\n"
    "% If you replace them, all device certs issued using these keys\n"
    "% will be removed.\n"
    "% Do you really want to replace them? [yes/no]: "
)
IMPORT_CA_ACCEPTED = "Trustpoint CA certificate accepted."  # [C]
IMPORT_OK = "INFO: Import PKCS12 operation completed successfully"  # [C] no final period
# [G] what the ASA prints when the answer to the replace question is no.
IMPORT_ABORTED = "% Import aborted: the existing keys were kept."
# [G] a pasted block that is not base64 / not a PKCS12, or a wrong passphrase.
IMPORT_BAD_DATA = "ERROR: Failed to parse pkcs12 message."
IMPORT_BAD_PASSPHRASE = "ERROR: Import PKCS12 operation failed (wrong passphrase)"
YES_NO_AGAIN = "% Please answer 'yes' or 'no'."  # [G]

# -- show crypto ca trustpoints [G]: the IOS layout (IOS captures, research notes §3.4); the ASA
# form was not found. The toolkit matches only `^Trustpoint (\S+):`.
TRUSTPOINT_TITLE = "Trustpoint {name}:"
TRUSTPOINT_SUBJECT = ("    Subject Name:", "    {subject}", "          Serial Number: {serial}")
TRUSTPOINT_CONFIGURED = "    Certificate configured."
TRUSTPOINT_NOT_AUTHENTICATED = "    Not authenticated."  # [G]

# -- show crypto ca certificates [C x4] (letsencrypt-to-ASA README and others) -----------------
CERTIFICATE_BLOCK = (
    "{kind}\n"
    "  Status: Available\n"
    "  Certificate Serial Number: {serial}\n"
    "  Certificate Usage: {usage}\n"
    "  Public Key Type: RSA ({bits} bits)\n"
    "  Signature Algorithm: SHA256 with RSA Encryption\n"
    "  Issuer Name:\n"
    "    {issuer}\n"
    "  Subject Name:\n"
    "    {subject}\n"
    "  Validity Date:\n"
    "    start date: {start}\n"
    "    end   date: {end}\n"
    "  Associated Trustpoints: {trustpoint}\n"
)
CERT_DATE = "%H:%M:%S UTC %b %d %Y"  # [C] `22:58:35 MSK Dec 3 2017` (the day not padded)
PROMPT_TRUSTPOINT = "{host}(config-ca-trustpoint)# "  # [C] sub-mode prompt (research §6.3)
