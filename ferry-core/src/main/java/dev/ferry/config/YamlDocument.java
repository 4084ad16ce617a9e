package dev.ferry.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A YAML file read into typed records, strictly: unknown keys and wrong types fail with the file,
 * line and column, and {@code ${env:VAR}} is resolved as it is read. ferry.yaml and transfer plans
 * both go through here, so their errors look alike. The text is kept so that later checks (an
 * unknown entity, say) can point at a line too.
 */
public final class YamlDocument {
    private final Path file;
    private final String text;

    private YamlDocument(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    public static YamlDocument read(Path file) {
        try {
            return new YamlDocument(file, Files.readString(file));
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public boolean isBlank() {
        return text.isBlank();
    }

    public String text() {
        return text;
    }

    public Path file() {
        return file;
    }

    public <T> T bind(Class<T> type, Map<String, String> env) {
        return bind(type, env, null);
    }

    /** Binds like {@link #bind(Class, Map)}, collecting in {@code unset} the missing variables it defers instead of failing. */
    <T> T bind(Class<T> type, Map<String, String> env, UnsetVariables unset) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(new SimpleModule("ferry-env").addDeserializer(String.class, new EnvReferenceDeserializer()));
        try {
            return mapper.readerFor(type).withAttribute(EnvReferenceDeserializer.ENV_ATTRIBUTE, env)
                    .withAttribute(EnvReferenceDeserializer.UNSET_ATTRIBUTE, unset).readValue(text);
        } catch (JsonProcessingException e) {
            throw FerryException.invalidInput(describe(e));
        }
    }

    /** "transfer.yaml:12:5" for a key path such as entities.orders.columns, or just the file name. */
    public String where(List<String> path) {
        JsonLocation at = YamlLocator.locate(text, path);
        return file.getFileName() + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr());
    }

    private String describe(JsonProcessingException e) {
        String syntax = YamlMessages.syntax(e, file.getFileName().toString());
        if (syntax != null) {
            return syntax;
        }
        JsonLocation at = e.getLocation();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            JsonLocation exact = YamlLocator.locate(text, pathOf(mapping));
            at = exact != null ? exact : at;
        }
        String where = file.getFileName() + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return where + ": unknown key '" + unknown.getPropertyName() + "'" + inPath(unknown)
                    + (known.isEmpty() ? "" : "; known keys here: " + known);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String plain = YamlMessages.wrongShape(mismatch, pathOf(mismatch), YamlLocator.valueAt(text, pathOf(mismatch)));
            if (plain != null) {
                return where + ": " + plain;
            }
        }
        if (e instanceof JsonMappingException mapping) {
            return where + ": " + mapping.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "")
                    .replace("java.lang.", "").replace("java.util.", "").strip() + inPath(mapping);
        }
        return where + ": " + e.getOriginalMessage();
    }

    private static List<String> pathOf(JsonMappingException e) {
        List<String> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path;
    }

    private static String inPath(JsonMappingException e) {
        List<String> parts = pathOf(e);
        if (e instanceof UnrecognizedPropertyException && !parts.isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts.isEmpty() ? "" : " (at " + String.join(".", parts) + ")";
    }
}
