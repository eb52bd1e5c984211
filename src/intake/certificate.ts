/**
 * What is wrong with a server's certificate, in plain words, for Node's TLS error codes; null for
 * any other error. A server that answers with a certificate this machine does not accept was reached:
 * saying "could not reach" sent operators to the firewall. The certificate is the server's to mend,
 * or, for one issued by the organisation's own authority, that authority is to be trusted here.
 */
export function certificateProblem(code: string | undefined): string | null {
  switch (code) {
    case "CERT_HAS_EXPIRED": return "its security certificate has expired (check this machine's clock too)";
    case "CERT_NOT_YET_VALID": return "its security certificate is not valid yet (check this machine's clock)";
    case "ERR_TLS_CERT_ALTNAME_INVALID": return "its security certificate is made out for another name";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return "its security certificate is self-made, not issued by an authority this machine trusts";
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      return "its security certificate is issued by an authority this machine does not trust";
    case "CERT_REVOKED": return "its security certificate has been revoked";
    default: return null;
  }
}

/** A failure's mend, in the intakes' way (no full stop: the caller ends the sentence): who can mend it, and how an organisation's own authority is trusted. */
export const CERTIFICATE_FIX = "ask whoever runs it to renew or correct the certificate, or, if the organisation issues its own certificates, trust its authority on this machine (for the service: systemctl edit somarkiv, then Environment=NODE_EXTRA_CA_CERTS=/path/to/ca.pem)";
