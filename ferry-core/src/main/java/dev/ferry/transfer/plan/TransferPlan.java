package dev.ferry.transfer.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked transfer plan: connections, settings, and entities in dependency order (parents
 * before children). {@code checksum} identifies the plan's content, so a resumed run can tell
 * whether the plan changed under it.
 *
 * @param backup {@code backup: true}: take an archive backup of the target tables before a new run writes anything
 * @param groups named sets of entities ({@code groups: {core: [offices, profiles]}}), run with {@code --group NAME}
 */
public record TransferPlan(
        Path file,
        ConnectionSpec source,
        ConnectionSpec target,
        PlanSettings settings,
        boolean backup,
        List<EntityPlan> entities,
        String checksum,
        Map<String, List<String>> groups) {

    public Optional<EntityPlan> entity(String name) {
        return entities.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
