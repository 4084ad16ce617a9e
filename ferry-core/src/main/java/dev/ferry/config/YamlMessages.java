package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Plain words for what Jackson and SnakeYAML report in their own terms: a value of the wrong
 * shape becomes "'environments' must be a map of names to settings, found a list", a syntax error
 * becomes one line with where it is and how to fix it.
 */
final class YamlMessages {
    private YamlMessages() {
    }

    /** "'key' must be EXPECTED, found WHAT", or {@code null} when the target type has no plain description. */
    static String wrongShape(MismatchedInputException e, List<String> path, YamlLocator.Found found) {
        String expected = expected(e.getTargetType(), declaredType(e));
        if (expected == null || found == null) {
            return null;
        }
        String subject = path.isEmpty() ? "the file" : "'" + String.join(".", path).replace(".[", "[") + "'";
        return subject + " must be " + expected + ", found " + describe(found);
    }

    /** The position SnakeYAML marks (1-based) and its problem in one line, or {@code null} when it gave none. */
    static String syntax(Throwable error, String fileName) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof MarkedYAMLException)) {
            cause = cause.getCause();
        }
        if (!(cause instanceof MarkedYAMLException yaml) || yaml.getProblemMark() == null) {
            return null;
        }
        Mark mark = yaml.getProblemMark();
        String problem = yaml.getProblem() == null ? "not valid YAML" : yaml.getProblem();
        if (problem.contains("\\t(TAB)") || problem.contains("\t")) {
            problem = "a tab is used for indentation; YAML indents with spaces only";
        } else if (yaml.getContext() != null && yaml.getContextMark() != null) {
            problem = problem + " (" + yaml.getContext() + " that starts at line " + (yaml.getContextMark().getLine() + 1)
                    + ", column " + (yaml.getContextMark().getColumn() + 1) + ")";
        }
        return fileName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": " + problem;
    }

    private static String describe(YamlLocator.Found found) {
        JsonToken t = found.value();
        if (t == JsonToken.START_ARRAY) {
            return "a list";
        }
        if (t == JsonToken.START_OBJECT) {
            return "a map";
        }
        if (t == null || t == JsonToken.VALUE_NULL || found.text() == null) {
            return "nothing";
        }
        String text = found.text().length() > 40 ? found.text().substring(0, 40) + "..." : found.text();
        return "'" + text + "'";
    }

    private static String expected(Class<?> target, Type declared) {
        if (target == null) {
            return null;
        }
        if (Map.class.isAssignableFrom(target)) {
            Type values = declared instanceof ParameterizedType pt && pt.getActualTypeArguments().length == 2 ? pt.getActualTypeArguments()[1] : null;
            return values == null || values == String.class ? "a map of names to values" : "a map of names to settings";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "a list";
        }
        if (target == String.class) {
            return "a single value";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        if (target.isRecord()) {
            return "a map of settings";
        }
        return null;
    }

    /** The generic type of the record component the failing value belongs to, when Jackson says which record that is. */
    private static Type declaredType(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        if (refs.isEmpty()) {
            return null;
        }
        JsonMappingException.Reference last = refs.get(refs.size() - 1);
        Object from = last.getFrom();
        Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        if (owner == null || !owner.isRecord() || last.getFieldName() == null) {
            return null;
        }
        for (RecordComponent rc : owner.getRecordComponents()) {
            JsonProperty name = rc.getAnnotation(JsonProperty.class);
            if (last.getFieldName().equals(name != null ? name.value() : rc.getName())) {
                return rc.getGenericType();
            }
        }
        return null;
    }
}
