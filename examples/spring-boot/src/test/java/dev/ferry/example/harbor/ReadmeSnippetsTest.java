package dev.ferry.example.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every code block of the README's Spring Boot section, but the shell commands, is the text of a file of this example. */
class ReadmeSnippetsTest {
    private static final String SECTION = "### Using Ferry with Spring Boot";

    @Test
    void theReadmeShowsThisExamplesOwnFiles() throws IOException {
        List<String> snippets = snippets(Files.readString(Path.of("../../README.md")));
        List<String> files = exampleFiles();

        assertThat(snippets).hasSizeGreaterThanOrEqualTo(4);
        for (String snippet : snippets) {
            assertThat(files).as("a file of examples/spring-boot holding:%n%s", snippet).anyMatch(f -> f.contains(snippet));
        }
    }

    private static List<String> snippets(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("the README has the section " + SECTION).isNotNegative();
        int end = readme.indexOf("\n### ", start + SECTION.length());
        String[] parts = readme.substring(start, end < 0 ? readme.length() : end).split("```");
        List<String> blocks = new ArrayList<>();
        for (int i = 1; i < parts.length; i += 2) {
            String block = parts[i];
            if (!block.startsWith("sh\n")) {   // commands to type, not files
                blocks.add(normalized(block.substring(block.indexOf('\n') + 1)));
            }
        }
        return blocks;
    }

    private static List<String> exampleFiles() throws IOException {
        try (Stream<Path> paths = Stream.concat(Stream.of(Path.of("pom.xml")), Files.walk(Path.of("src")))) {
            return paths.filter(Files::isRegularFile).map(ReadmeSnippetsTest::read).map(ReadmeSnippetsTest::normalized).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines without their indentation, so a snippet may be shown less indented than in its file. */
    private static String normalized(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining("\n")).strip();
    }
}
