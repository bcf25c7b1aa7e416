package io.switchboard.server.auth;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an RSA or EC public key from PEM text with the JDK alone: {@code -----BEGIN PUBLIC KEY-----}
 * (X.509 SubjectPublicKeyInfo) or {@code -----BEGIN CERTIFICATE-----} (the certificate's key).
 */
final class PemKeys {

    static final int MIN_RSA_BITS = 2048;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PemKeys() {
    }

    /**
     * @return the key, an {@link RSAPublicKey} of at least 2048 bits or a
     *         {@link java.security.interfaces.ECPublicKey}
     * @throws IllegalArgumentException with a message that starts with the problem (no key material)
     */
    static PublicKey parse(String pem) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("is not a PEM block (expected -----BEGIN PUBLIC KEY-----)");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("holds invalid base64");
        }
        PublicKey key = switch (type) {
            case "PUBLIC KEY" -> fromSpki(der);
            case "CERTIFICATE" -> fromCertificate(der);
            case "RSA PUBLIC KEY" -> throw new IllegalArgumentException(
                    "is a PKCS#1 RSA PUBLIC KEY; convert it to -----BEGIN PUBLIC KEY----- "
                            + "(openssl rsa -RSAPublicKey_in -in key.pem -pubout)");
            default -> throw new IllegalArgumentException(
                    type.contains("PRIVATE") ? "must be a public key, not a private key"
                            : "holds an unsupported PEM block " + type);
        };
        if (key instanceof RSAPublicKey rsa) {
            requireRsaSize(rsa);
        }
        return key;
    }

    /** @throws IllegalArgumentException for an RSA key shorter than {@value #MIN_RSA_BITS} bits */
    static void requireRsaSize(RSAPublicKey key) {
        if (key.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA key must be at least " + MIN_RSA_BITS + " bits");
        }
    }

    private static PublicKey fromSpki(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("is not an RSA or EC public key");
    }

    private static PublicKey fromCertificate(byte[] der) {
        PublicKey key;
        try {
            key = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("holds an unreadable certificate");
        }
        String algorithm = key.getAlgorithm();
        if (!"RSA".equals(algorithm) && !"EC".equals(algorithm)) {
            throw new IllegalArgumentException("is not an RSA or EC public key");
        }
        return key;
    }
}
