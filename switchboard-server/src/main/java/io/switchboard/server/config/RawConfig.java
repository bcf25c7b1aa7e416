package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.config.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.switchboard.server.config.ConfigKeys.NAMESPACES;
import static io.switchboard.server.config.ConfigKeys.NAMESPACE_KEYS;

/**
 * Settings as written, before they are typed: each known key with its text (or list of texts) and
 * where it came from. Unknown keys are refused here, so that typing only ever sees known ones.
 */
final class RawConfig {

    /**
     * One value as written.
     *
     * @param origin  the file or environment variable it came from, for error messages
     * @param baseDir what relative paths in it are relative to
     */
    record Setting(String key, String text, List<String> list, String origin, Path baseDir) {
        boolean fromEnvironment() {
            return origin.startsWith(ConfigKeys.ENV_PREFIX);
        }
    }

    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final Set<String> namespaces = new LinkedHashSet<>();
    private boolean namespacesGiven;

    Setting get(String key) {
        return settings.get(key);
    }

    /** Namespace names in the order they were written. */
    Set<String> namespaces() {
        return namespaces;
    }

    /** Reads a parsed YAML document; {@code null} or a missing node is an empty document. */
    static RawConfig fromYaml(JsonNode root, String origin, Path baseDir) {
        RawConfig raw = new RawConfig();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return raw;
        }
        if (!root.isObject()) {
            throw new ConfigException(origin, "must be a mapping of configuration keys");
        }
        raw.readSection("", root, origin, baseDir);
        return raw;
    }

    private void readSection(String prefix, JsonNode section, String origin, Path baseDir) {
        for (Map.Entry<String, JsonNode> field : section.properties()) {
            String name = field.getKey();
            String key = prefix + name;
            JsonNode value = field.getValue();
            if (prefix.isEmpty() && name.equals(NAMESPACES)) {
                readNamespaces(value, origin, baseDir);
            } else if (prefix.isEmpty() && ConfigKeys.SECTIONS.contains(name)) {
                if (!value.isNull()) {
                    requireMapping(key, value);
                    readSection(key + ".", value, origin, baseDir);
                }
            } else if (ConfigKeys.isKey(key) && !name.contains(".")) {
                put(leaf(key, value, origin, baseDir));
            } else {
                throw unknownKey(key, prefix.isEmpty() ? topLevelNames() : childNames(prefix));
            }
        }
    }

    private void readNamespaces(JsonNode value, String origin, Path baseDir) {
        namespacesGiven = true;
        if (value.isNull()) {
            return;
        }
        requireMapping(NAMESPACES, value);
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String ns = entry.getKey();
            namespaces.add(ns);
            JsonNode body = entry.getValue();
            if (body.isNull()) {
                continue;
            }
            requireMapping(NAMESPACES + "." + ns, body);
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                String key = ConfigKeys.namespaceKey(ns, field.getKey());
                if (!NAMESPACE_KEYS.contains(field.getKey())) {
                    throw unknownKey(key, NAMESPACE_KEYS.stream().map(k -> ConfigKeys.namespaceKey(ns, k)).toList());
                }
                put(leaf(key, field.getValue(), origin, baseDir));
            }
        }
    }

    private static Setting leaf(String key, JsonNode value, String origin, Path baseDir) {
        boolean isList = ConfigKeys.LIST_KEYS.contains(key);
        if (value.isNull()) {
            throw new ConfigException(key, "has no value (remove the key to use the default)");
        }
        if (value.isObject()) {
            throw new ConfigException(key, "must be a single value, not a mapping");
        }
        if (value.isArray()) {
            if (!isList) {
                throw new ConfigException(key, "must be a single value, not a list");
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new ConfigException(key, "must be a list of single values");
                }
                items.add(item.asText().trim());
            }
            return new Setting(key, null, items, origin, baseDir);
        }
        return text(key, value.asText(), origin, baseDir);
    }

    private static Setting text(String key, String text, String origin, Path baseDir) {
        if (ConfigKeys.LIST_KEYS.contains(key)) {
            return new Setting(key, null, ConfigValues.commaList(text), origin, baseDir);
        }
        return new Setting(key, text, null, origin, baseDir);
    }

    private void put(Setting s) {
        settings.put(s.key(), s);
    }

    /**
     * Lays {@code top} over this configuration: its keys win, and when it has a {@code namespaces}
     * key its namespaces replace these entirely.
     */
    void overlay(RawConfig top) {
        if (top.namespacesGiven) {
            settings.keySet().removeIf(k -> k.startsWith(NAMESPACES + "."));
            namespaces.clear();
            namespacesGiven = true;
        }
        namespaces.addAll(top.namespaces);
        settings.putAll(top.settings);
    }

    /**
     * Applies {@code SWITCHBOARD_*} variables. Names are matched against the known keys (and the keys
     * of the namespaces that exist) rather than converted, because keys contain underscores.
     */
    void applyEnvironment(Map<String, String> env, Path workingDir) {
        Map<String, String> keyByEnv = new HashMap<>();
        Map<String, List<String>> clashes = new HashMap<>();
        List<String> known = new ArrayList<>(ConfigKeys.KEYS);
        for (String ns : namespaces) {
            for (String k : NAMESPACE_KEYS) {
                known.add(ConfigKeys.namespaceKey(ns, k));
            }
        }
        for (String key : known) {
            String previous = keyByEnv.putIfAbsent(ConfigKeys.envName(key), key);
            if (previous != null) {
                clashes.computeIfAbsent(ConfigKeys.envName(key), n -> new ArrayList<>(List.of(previous))).add(key);
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ConfigKeys.ENV_PREFIX)) {
                continue;
            }
            String key = keyByEnv.get(name);
            if (key == null) {
                String hint = ConfigKeys.closest(name, keyByEnv.keySet());
                throw new ConfigException(name, "unknown environment variable: no configuration key matches it"
                        + (hint == null ? "" : " (did you mean " + hint + "?)"));
            }
            if (clashes.containsKey(name)) {
                throw new ConfigException(name, "is ambiguous: it matches " + String.join(" and ", clashes.get(name)));
            }
            put(text(key, e.getValue(), name, workingDir));
        }
    }

    private static void requireMapping(String key, JsonNode value) {
        if (!value.isObject()) {
            throw new ConfigException(key, "must be a mapping of keys");
        }
    }

    private static ConfigException unknownKey(String key, List<String> siblings) {
        String hint = ConfigKeys.closest(key, siblings);
        return new ConfigException(key, "unknown key" + (hint == null ? "" : " (did you mean " + hint + "?)"));
    }

    private static List<String> topLevelNames() {
        List<String> names = new ArrayList<>();
        for (String k : ConfigKeys.KEYS) {
            if (!k.contains(".")) {
                names.add(k);
            }
        }
        names.addAll(ConfigKeys.SECTIONS);
        names.add(NAMESPACES);
        return names;
    }

    private static List<String> childNames(String prefix) {
        return ConfigKeys.KEYS.stream().filter(k -> k.startsWith(prefix)).toList();
    }
}
