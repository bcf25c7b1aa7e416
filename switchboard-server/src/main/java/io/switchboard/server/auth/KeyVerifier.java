package io.switchboard.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * One configured key with the algorithms it may verify (decided by the key, not the token).
 *
 * @param kid        the key id from the JWKS, or {@code null} for a configured secret or PEM key
 * @param algorithms the JWS algorithms this key accepts
 * @param verifier   a thread-safe nimbus verifier for the key
 */
record KeyVerifier(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {

    KeyVerifier {
        algorithms = Set.copyOf(algorithms);
    }

    static KeyVerifier forSecret(byte[] secret) {
        try {
            return new KeyVerifier(null, KeyAlgorithms.forSecret(secret), new MACVerifier(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token.hmac_secret is unusable");
        }
    }

    /** @throws IllegalArgumentException for a key type, size or curve that is not accepted */
    static KeyVerifier forPublicKey(String kid, PublicKey key) {
        Set<JWSAlgorithm> algorithms = KeyAlgorithms.forPublicKey(key);
        try {
            if (key instanceof RSAPublicKey rsa) {
                PemKeys.requireRsaSize(rsa); // JWKS keys come here without PemKeys.parse
                return new KeyVerifier(kid, algorithms, new RSASSAVerifier(rsa));
            }
            return new KeyVerifier(kid, algorithms, new ECDSAVerifier((ECPublicKey) key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unsupported key");
        }
    }

    boolean accepts(JWSAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }

    /** Never throws: any failure inside the crypto provider counts as a bad signature. */
    boolean verifies(SignedJWT jwt) {
        if (!accepts(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        try {
            return verifier.verify(jwt.getHeader(), jwt.getSigningInput(), jwt.getSignature());
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    KeyVerifier restrictTo(JWSAlgorithm algorithm) {
        return new KeyVerifier(kid, Set.of(algorithm), verifier);
    }
}
