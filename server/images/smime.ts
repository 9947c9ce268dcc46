import crypto, { webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describeCertificate, importSigningKey, parseCertificatePem, type CertificateFacts } from "./x509";

pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as Crypto }));

const OID = { data: "1.2.840.113549.1.7.1", signedData: "1.2.840.113549.1.7.2", contentType: "1.2.840.113549.1.9.3", messageDigest: "1.2.840.113549.1.9.4", signingTime: "1.2.840.113549.1.9.5" };

/** Lines end in CRLF inside S/MIME: the signed bytes are the canonical form. */
export function toCanonicalText(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/**
 * Signs `content` as S/MIME multipart/signed with a detached PKCS#7 (CMS) signature, SHA-256,
 * the signer's certificate included: what `openssl smime -sign` writes and vmcatcher reads.
 */
export async function signSmime({ content, certPem, keyPem, now = new Date() }: { content: string; certPem: string; keyPem: string; now?: Date }): Promise<string> {
  const canonical = Buffer.from(toCanonicalText(content), "utf8");
  const x509cert = parseCertificatePem(certPem);
  const key = await importSigningKey(keyPem, x509cert);
  const cert = pkijs.Certificate.fromBER(x509cert.rawData);
  const digest = crypto.createHash("sha256").update(canonical).digest();
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: now })] }),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [cert],
  });
  await signedData.sign(key, 0, "SHA-256", canonical);
  const der = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema().toBER(false);
  const boundary = `----cloudscope-${crypto.createHash("sha256").update(canonical).digest("hex").slice(0, 24)}`;
  const signature = Buffer.from(der).toString("base64").replace(/.{1,64}/g, "$&\r\n");
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="${boundary}"`,
    "",
    "This is an S/MIME signed message",
    "",
    `--${boundary}`,
    canonical.toString("utf8"),
    `--${boundary}`,
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7s"',
    "",
    signature,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** Why a signed message was refused, in words, with a vmcatcher-style code where one fits. */
export class SmimeError extends Error {
  constructor(
    readonly reason: "not-smime" | "bad-signature" | "untrusted" | "expired-signer",
    message: string,
  ) {
    super(message);
    this.name = "SmimeError";
  }
}

export interface SmimeParts {
  /** The signed bytes, canonical (CRLF). */
  content: string;
  signature: Buffer;
}

/** Splits an S/MIME multipart/signed message into its signed part and its detached signature. */
export function splitSmime(message: string): SmimeParts {
  const headerEnd = message.search(/\r?\n\r?\n/);
  const headers = headerEnd < 0 ? "" : message.slice(0, headerEnd).replace(/\r?\n[ \t]+/g, " ");
  const type = /^content-type:\s*multipart\/signed\s*;(.*)$/im.exec(headers);
  const boundary = type && /boundary="?([^";\r\n]+)"?/i.exec(type[1]!)?.[1];
  if (!boundary) throw new SmimeError("not-smime", "Not an S/MIME signed message (no multipart/signed Content-Type with a boundary)");
  const delimiter = `--${boundary}`;
  const canonical = toCanonicalText(message);
  const first = canonical.indexOf(`${delimiter}\r\n`);
  const second = first < 0 ? -1 : canonical.indexOf(`\r\n${delimiter}\r\n`, first + delimiter.length + 2);
  const end = second < 0 ? -1 : canonical.indexOf(`\r\n${delimiter}--`, second + 2);
  if (second < 0 || end < 0) throw new SmimeError("not-smime", "The S/MIME message does not have its two parts (content and signature)");
  const content = canonical.slice(first + delimiter.length + 2, second);
  const signaturePart = canonical.slice(second + delimiter.length + 4, end);
  const bodyStart = signaturePart.indexOf("\r\n\r\n");
  const base64 = bodyStart < 0 ? "" : signaturePart.slice(bodyStart + 4).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) throw new SmimeError("not-smime", "The signature part is not base64");
  return { content, signature: Buffer.from(base64, "base64") };
}

export interface VerifiedSmime {
  content: string;
  signer: CertificateFacts;
}

/**
 * Checks the detached signature of `message` against `trustedCaPems` at `now`: signature,
 * certificate chain and validity. Returns the signed content and who signed it.
 */
export async function verifySmime({ message, trustedCaPems, now = new Date() }: { message: string; trustedCaPems: string[]; now?: Date }): Promise<VerifiedSmime> {
  const { content, signature } = splitSmime(message);
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(signature));
    if (info.contentType !== OID.signedData) throw new Error("not SignedData");
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    throw new SmimeError("bad-signature", "The signature is not a readable PKCS#7 SignedData structure");
  }
  const signerCert = findSignerCertificate(signedData);
  if (!signerCert) throw new SmimeError("bad-signature", "The signature carries no signer certificate");
  const signer = describeCertificate(parseCertificatePem(toPem(signerCert)));
  if (now < signer.notBefore || now > signer.notAfter) {
    throw new SmimeError("expired-signer", `The signer's certificate (${signer.subjectDn}) is valid from ${signer.notBefore.toISOString()} to ${signer.notAfter.toISOString()}, not now`);
  }
  const signatureOk = await signedData.verify({ signer: 0, data: new Uint8Array(Buffer.from(content, "utf8")).buffer, checkChain: false }).catch(() => false);
  if (!signatureOk) throw new SmimeError("bad-signature", "The signature does not verify: the list was changed after signing, or signed with another key");
  const trusted = trustedCaPems.map((pem) => pkijs.Certificate.fromBER(parseCertificatePem(pem).rawData));
  const chain = await new pkijs.CertificateChainValidationEngine({ certs: [signerCert], trustedCerts: trusted, checkDate: now }).verify().catch((error: unknown) => ({ result: false, resultMessage: String(error) }));
  if (!chain.result) throw new SmimeError("untrusted", `The signer ${signer.subjectDn} (issued by ${signer.issuerDn}) does not chain to a trusted CA: ${chain.resultMessage}`);
  return { content, signer };
}

function findSignerCertificate(signedData: pkijs.SignedData): pkijs.Certificate | null {
  const sid = signedData.signerInfos[0]?.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return null;
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
}

function toPem(cert: pkijs.Certificate): string {
  const base64 = Buffer.from(cert.toSchema().toBER(false)).toString("base64").replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`;
}
