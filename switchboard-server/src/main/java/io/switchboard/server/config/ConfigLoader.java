package io.switchboard.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.core.config.ConfigException;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.warmup.WarmupOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the server configuration: the embedded {@code switchboard-default.yaml}, then the user's file
 * (whose keys win, and whose {@code namespaces}, when present, replace the default ones), then
 * {@code SWITCHBOARD_*} environment variables. Every problem is a {@link ConfigException} whose
 * message starts with the full key.
 *
 * <p>When no token key source is configured the result is in development mode: a random HMAC secret
 * that lives only in this process, and the demo page.
 */
public final class ConfigLoader {

    static final String DEFAULT_RESOURCE = "switchboard-default.yaml";
    static final int DEV_SECRET_BYTES = 32;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Map<String, String> env;
    private final Path workingDir;
    private final SecureRandom random = new SecureRandom();

    /** @param env the environment to read {@code SWITCHBOARD_*} overrides from */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.workingDir = Path.of("").toAbsolutePath();
    }

    /** A loader reading the process environment. */
    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /**
     * @param file the user's YAML file, or {@code null} for the embedded defaults alone
     * @throws ConfigException naming the offending key (or the file, when it cannot be read or parsed)
     */
    public ServerConfig load(Path file) {
        RawConfig raw = embeddedDefaults();
        if (file != null) {
            raw.overlay(parse(read(file), file.toString(), file.toAbsolutePath().getParent()));
        }
        raw.applyEnvironment(env, workingDir);
        return bind(raw);
    }

    private ServerConfig bind(RawConfig raw) {
        ConfigBinder binder = new ConfigBinder(raw);
        SwitchboardOptions options = binder.options();
        JwtOptions jwt = binder.jwt();
        WarmupOptions warmup = binder.warmup();
        if (warmup.enabled() && jwt != null && jwt.hmacSecret() == null) {
            throw new ConfigException("warmup.enabled", "needs token.hmac_secret: the warm-up signs the tokens "
                    + "of its own connections with it");
        }
        if (jwt != null) {
            return new ServerConfig(options, jwt, false, false, warmup);
        }
        byte[] secret = new byte[DEV_SECRET_BYTES];
        random.nextBytes(secret);
        String devSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new ServerConfig(options, JwtOptions.hmac(devSecret), true, true, warmup);
    }

    private static RawConfig embeddedDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE, Path.of(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "no such file");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static RawConfig parse(String yaml, String origin, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(origin, "is not valid YAML" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        return RawConfig.fromYaml(root, origin, baseDir);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
