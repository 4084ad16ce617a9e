package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchServerTest {
    private final Path state = Path.of("project", ".ferry");

    @Test
    void replaysRunOnTheProjectsOwnEmbeddedServerByDefault() {
        assertThat(SchemaDrift.scratchServer(state, null)).isEqualTo(state.resolve("embedded"));
        assertThat(SchemaDrift.scratchServer(state, " ")).isEqualTo(state.resolve("embedded"));
    }

    @Test
    void theVariableNamesOneServerForEveryProject() {
        assertThat(SchemaDrift.scratchServer(state, "/var/cache/ferry-scratch")).isEqualTo(Path.of("/var/cache/ferry-scratch"));
    }
}
