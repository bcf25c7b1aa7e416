package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.MACProvider;
import com.nimbusds.jose.jwk.Curve;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * The JWS algorithms a configured key may verify. This, never the token's header, decides what is
 * accepted: an RSA key never verifies an HMAC token and vice versa.
 */
final class KeyAlgorithms {

    static final Set<JWSAlgorithm> RSA = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    /** What a JWKS key may verify: RSA and EC only, never HMAC. */
    static final Set<JWSAlgorithm> JWKS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private KeyAlgorithms() {
    }

    /**
     * HMAC algorithms whose minimum key length (RFC 7518 section 3.2: at least the hash size) the
     * secret meets: HS256 from 32 bytes, HS384 from 48, HS512 from 64.
     */
    static Set<JWSAlgorithm> forSecret(byte[] secret) {
        return Set.copyOf(MACProvider.getCompatibleAlgorithms(secret.length * 8));
    }

    /** @throws IllegalArgumentException for a key type or curve that cannot sign JWS */
    static Set<JWSAlgorithm> forPublicKey(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return RSA;
        }
        if (key instanceof ECPublicKey ec) {
            return Set.of(forCurve(Curve.forECParameterSpec(ec.getParams())));
        }
        throw new IllegalArgumentException("is not an RSA or EC public key");
    }

    /** @throws IllegalArgumentException for a curve other than P-256, P-384 and P-521 */
    static JWSAlgorithm forCurve(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new IllegalArgumentException("uses an unsupported EC curve (use P-256, P-384 or P-521)");
    }
}
