package io.switchboard.server.config;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Real keys in PEM form for configuration tests. */
final class TestKeys {

    static final String SECRET = "0123456789abcdef0123456789abcdef"; // 32 bytes

    private TestKeys() {
    }

    static String ecPublicKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return pem(generator.generateKeyPair().getPublic());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
