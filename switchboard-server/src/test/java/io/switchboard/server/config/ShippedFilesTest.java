package io.switchboard.server.config;

import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.server.auth.JwtOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example file and the documentation stay in step with the keys the loader knows. */
@Timeout(30)
class ShippedFilesTest {

    @Test
    void theExampleFileLoadsAndShowsTheDefaults() {
        ServerConfig config = new ConfigLoader(Map.of()).load(repoFile("config/example.yaml"));

        assertThat(config.options().transport()).isEqualTo(TransportOptions.defaults());
        assertThat(config.options().limits()).isEqualTo(LimitOptions.defaults());
        assertThat(config.options().namespaces()).containsExactly(NamespaceOptions.chatDefaults(),
                new NamespaceOptions("news", SubscribePolicy.CLAIM, false, false, false, 20, Duration.ofHours(1)));
        assertThat(config.jwt().clockSkew()).isEqualTo(JwtOptions.DEFAULT_CLOCK_SKEW);
        assertThat(config.jwt().jwksRefreshInterval()).isEqualTo(JwtOptions.DEFAULT_JWKS_REFRESH_INTERVAL);
        assertThat(config.devMode()).isTrue();
    }

    @Test
    void theExampleFileMentionsEveryKey() throws IOException {
        String example = Files.readString(repoFile("config/example.yaml"));

        for (String key : ConfigKeys.KEYS) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            assertThat(example).as(key).containsPattern("(?m)^[ #]*" + leaf + ":");
        }
        for (String key : ConfigKeys.NAMESPACE_KEYS) {
            assertThat(example).as(key).containsPattern("(?m)^ +" + key + ":");
        }
    }

    @Test
    void theDocumentationDescribesEveryKey() throws IOException {
        String docs = Files.readString(repoFile("docs/configuration.md"));

        for (String key : ConfigKeys.KEYS) {
            assertThat(docs).as(key).contains("| `" + key + "` |");
        }
        for (String key : ConfigKeys.NAMESPACE_KEYS) {
            assertThat(docs).as(key).contains("| `" + key + "` |");
        }
    }

    /** A file of the repository, whether the tests run from the module or the root directory. */
    private static Path repoFile(String path) {
        Path fromModule = Path.of("..").resolve(path);
        return Files.exists(fromModule) ? fromModule : Path.of(path);
    }
}
