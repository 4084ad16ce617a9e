package dev.ferry.transfer.plan;

import java.util.List;

/**
 * A starting transfer plan written by {@code transfer init}.
 *
 * @param entities the entities written, each a target table with the source table it matched
 * @param unmatchedTargets target tables no source table matched, left as TODO comments
 * @param unusedSources source tables no entity reads
 * @param todos every TODO line written, as it reads in the file
 */
public record ScaffoldResult(String file, List<String> entities, List<String> unmatchedTargets, List<String> unusedSources,
                             List<String> todos) {
}
