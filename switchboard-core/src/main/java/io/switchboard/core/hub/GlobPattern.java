package io.switchboard.core.hub;

/**
 * Glob matching for the {@code channels} claim: {@code *} matches any run of characters (including
 * none), {@code ?} exactly one; everything else is literal. Iterative, linear in practice, so a
 * hostile pattern cannot make matching explode.
 */
public final class GlobPattern {

    private GlobPattern() {
    }

    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
