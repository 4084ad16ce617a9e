package dev.ferry.verify;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code verify integrity} checks beyond the declared foreign keys.
 *
 * @param relations undeclared references to check for orphans, as {@code table.column=parent.column}
 * @param uniques natural keys that must not repeat, as {@code table:column1,column2}
 * @param rulesDir a folder of rule files ({@code *.yaml}); {@code null} for none
 */
public record IntegrityOptions(List<String> relations, List<String> uniques, Path rulesDir) {
    public static final IntegrityOptions NONE = new IntegrityOptions(List.of(), List.of(), null);
}
