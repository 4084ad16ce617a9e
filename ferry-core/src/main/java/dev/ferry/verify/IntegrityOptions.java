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
 * @param tenants tenant columns whose rows-per-tenant spread to report, as {@code column=tenant_table.key}:
 *                every table with that column is checked
 */
public record IntegrityOptions(List<String> relations, List<String> uniques, Path rulesDir, List<String> tenants) {
    public static final IntegrityOptions NONE = new IntegrityOptions(List.of(), List.of(), null);

    public IntegrityOptions(List<String> relations, List<String> uniques, Path rulesDir) {
        this(relations, uniques, rulesDir, List.of());
    }

    public IntegrityOptions {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        tenants.forEach(IntegrityOptions::parseTenant);
        if (rulesDir != null && !Files.isDirectory(rulesDir)) {
            throw FerryException.invalidInput("--rules: " + rulesDir + " is not a folder of rule files; check the path (the default, "
                    + "rules/ in the project, is used only when it exists)");
        }
    }

    /** {@code column=table.key} as its three names; invalid input otherwise. */
    static String[] parseTenant(String spec) {
        String[] parts = spec.split("=");
        String[] tenant = parts.length == 2 ? parts[1].strip().split("\\.") : new String[0];
        if (tenant.length != 2 || parts[0].isBlank() || parts[0].contains(".")) {
            throw FerryException.invalidInput("--tenants: '" + spec + "' is not a tenant column; write column=tenant_table.key, "
                    + "e.g. office_id=offices.id");
        }
        return new String[] {parts[0].strip(), tenant[0], tenant[1]};
    }
}
