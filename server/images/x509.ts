import "reflect-metadata";
import crypto, { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as Crypto);

/** Why a PEM was refused: not a certificate, not a key, or a key of another certificate. */
export class PemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PemError";
  }
}

export interface CertificateFacts {
  /** OpenSSL's one-line form, as HEPiX lists spell it: /C=CH/O=CERN/CN=… */
  subjectDn: string;
  issuerDn: string;
  email: string;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

const SHORT_NAMES: Record<string, string> = { E: "emailAddress", "1.2.840.113549.1.9.1": "emailAddress" };

/** A DN in OpenSSL's slash form, RDNs in the certificate's order. */
export function toSlashDn(name: x509.Name): string {
  return name
    .toJSON()
    .flatMap((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => `/${SHORT_NAMES[type] ?? type}=${value}`)))
    .join("");
}

export function parseCertificatePem(pem: string): x509.X509Certificate {
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) throw new PemError("This is not a PEM certificate (no BEGIN CERTIFICATE block)");
  try {
    return new x509.X509Certificate(pem.slice(pem.indexOf("-----BEGIN CERTIFICATE-----")));
  } catch (error) {
    throw new PemError(`The certificate cannot be read: ${(error as Error).message}`);
  }
}

/** Every certificate of a PEM bundle (a CA file may hold several). */
export function parseCertificateBundle(pem: string): x509.X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new PemError("This is not a PEM certificate (no BEGIN CERTIFICATE block)");
  return blocks.map(parseCertificatePem);
}

export function describeCertificate(cert: x509.X509Certificate): CertificateFacts {
  const subject = new x509.Name(cert.subjectName.toJSON());
  return {
    subjectDn: toSlashDn(cert.subjectName),
    issuerDn: toSlashDn(cert.issuerName),
    email: subject.getField("E")[0] ?? cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.find((n) => n.type === "email")?.value ?? "",
    commonName: subject.getField("CN")[0] ?? "",
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** The signing key of a PEM (PKCS#8 or PKCS#1), refused unless it belongs to `cert`. */
export async function importSigningKey(keyPem: string, cert: x509.X509Certificate): Promise<CryptoKey> {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(keyPem);
  } catch {
    throw new PemError("This is not a PEM private key (or it is encrypted: install it without a passphrase)");
  }
  const publicDer = crypto.createPublicKey(key).export({ type: "spki", format: "der" });
  if (!Buffer.from(cert.publicKey.rawData).equals(publicDer)) throw new PemError("The key does not match the certificate (their public keys differ)");
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  if (key.asymmetricKeyType === "rsa") return webcrypto.subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  if (key.asymmetricKeyType === "ec") {
    const namedCurve = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" }[key.asymmetricKeyDetails?.namedCurve ?? ""];
    if (namedCurve) return webcrypto.subtle.importKey("pkcs8", pkcs8, { name: "ECDSA", namedCurve }, false, ["sign"]);
  }
  throw new PemError(`Keys of type ${key.asymmetricKeyType} cannot sign image lists: use RSA or ECDSA (P-256/384/521)`);
}

const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** A self-signed CA: the demo's trust anchor, and tests' own CAs. */
export async function createCertificateAuthority({ name, notBefore = new Date(), days = 3650 }: { name: string; notBefore?: Date; days?: number }): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name,
    keys,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * 86_400_000),
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportKeyPem(keys.privateKey) };
}

/** An endorser's certificate for S/MIME signing, issued by `ca`. */
export async function issueEndorserCertificate({ ca, name, notBefore = new Date(), days = 365 }: { ca: IssuedCertificate; name: string; notBefore?: Date; days?: number }): Promise<IssuedCertificate> {
  const caCert = parseCertificatePem(ca.certPem);
  const caKey = await importSigningKey(ca.keyPem, caCert);
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: name,
    issuer: caCert.subjectName,
    publicKey: keys.publicKey,
    signingKey: caKey,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * 86_400_000),
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportKeyPem(keys.privateKey) };
}
