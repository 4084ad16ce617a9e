package dev.ferry.verify;

import dev.ferry.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code verify integrity} checks beyond the declared foreign keys.
 *
 * @param relations undeclared references to check for orphans, as {@code table.column=parent.column}
 * @param uniques natural keys that must not repeat, as {@code table:column1,column2}
 * @param rulesDir a folder of rule files ({@code *.yaml}); {@code null} for none. A folder that does
 *                 not exist is invalid input: checking no rules because of a typo would read as clean.
 */
public record IntegrityOptions(List<String> relations, List<String> uniques, Path rulesDir) {
    public static final IntegrityOptions NONE = new IntegrityOptions(List.of(), List.of(), null);

    public IntegrityOptions {
        if (rulesDir != null && !Files.isDirectory(rulesDir)) {
            throw FerryException.invalidInput("--rules: " + rulesDir + " is not a folder of rule files; check the path (the default, "
                    + "rules/ in the project, is used only when it exists)");
        }
    }
}
