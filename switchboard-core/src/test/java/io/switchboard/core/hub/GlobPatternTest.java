package io.switchboard.core.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@Timeout(10)
class GlobPatternTest {

    @ParameterizedTest(name = "''{0}'' matches ''{1}''")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "chat:lobby      | chat:lobby",
            "*               | ''",
            "*               | anything:at-all",
            "**              | ''",
            "chat:*          | chat:",
            "chat:*          | chat:lobby",
            "chat:*          | chat:a:b:c",
            "*:lobby         | chat:lobby",
            "a*c             | ac",
            "a*c             | abc",
            "a*c             | abbbbc",
            "a*c             | acacac",
            "a?c             | abc",
            "a?c             | a?c",
            "???             | xyz",
            "?*              | x",
            "*?              | xyz",
            "*a*b*           | xaxxbx",
            "*a*b*           | ab",
            "abc***          | abc",
            "***abc          | abc",
            "a*b*c           | aXbYbZc",
            "news:team-*-eu  | news:team-red-eu",
            "a.c             | a.c",
            "[ab]            | [ab]",
            "a+              | a+",
            "\\d             | \\d",
    })
    void matches(String pattern, String text) {
        assertThat(GlobPattern.matches(pattern, text)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' does not match ''{1}''")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "''              | a",
            "a               | ''",
            "?               | ''",
            "?*              | ''",
            "chat:lobby      | chat:lobby2",
            "chat:lobby      | chat:lobb",
            "chat:lobby      | xchat:lobby",
            "chat:lobby      | Chat:lobby",
            "chat:*          | chats:lobby",
            "chat:*          | chat",
            "*:lobby         | chat:lobby2",
            "a*c             | ab",
            "a*c             | abcd",
            "a*c             | bc",
            "a?c             | ac",
            "a?c             | abbc",
            "???             | xy",
            "???             | wxyz",
            "*a*b*           | ba",
            "a.c             | abc",
            "[ab]            | a",
            "a+              | aa",
            "\\d             | 1",
            "news:team-*-eu  | news:team-red-us",
    })
    void doesNotMatch(String pattern, String text) {
        assertThat(GlobPattern.matches(pattern, text)).isFalse();
    }

    @Test
    void emptyPatternMatchesOnlyEmptyText() {
        assertThat(GlobPattern.matches("", "")).isTrue();
        assertThat(GlobPattern.matches("", " ")).isFalse();
    }

    @Test
    void pathologicalPatternFailsFast() {
        String text = "a".repeat(100_000);
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> GlobPattern.matches("a*a*a*a*a*a*b", text));
        assertThat(matched).isFalse();
    }

    @Test
    void pathologicalPatternWithManyStarsFailsFast() {
        String text = "a".repeat(50_000) + "c";
        String pattern = "*a".repeat(30) + "*b";
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> GlobPattern.matches(pattern, text));
        assertThat(matched).isFalse();
    }

    @Test
    void pathologicalPatternStillMatchesWhenItShould() {
        String text = "a".repeat(100_000) + "b";
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> GlobPattern.matches("a*a*a*a*a*a*b", text));
        assertThat(matched).isTrue();
    }

    @Test
    void agreesWithARegexReferenceOnRandomInputs() {
        Random random = new Random(42);
        char[] patternChars = {'a', 'b', '*', '?'};
        char[] textChars = {'a', 'b'};
        for (int i = 0; i < 20_000; i++) {
            String pattern = random(random, patternChars, random.nextInt(7));
            String text = random(random, textChars, random.nextInt(9));
            assertThat(GlobPattern.matches(pattern, text))
                    .as("pattern '%s' against '%s'", pattern, text)
                    .isEqualTo(reference(pattern, text));
        }
    }

    private static String random(Random random, char[] alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private static boolean reference(String glob, String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
    }
}
