package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ferry schema diff --format markdown}: a diff grouped by kind, readable in a pull request. */
class MarkdownDiffTest {

    @Test
    void changesAreCountedAndGroupedByKindTablesFirst() {
        List<SchemaChange> changes = List.of(
                new SchemaChange(SchemaChange.Change.ADDED, "public", "index", "patients_by_birth", null,
                        "CREATE INDEX patients_by_birth ON public.patients USING btree (date_of_birth)"),
                new SchemaChange(SchemaChange.Change.CHANGED, "public", "column", "patients.email", "text", "text not null"),
                new SchemaChange(SchemaChange.Change.REMOVED, "public", "policy", "patients.mine", "permissive for all to public", null),
                new SchemaChange(SchemaChange.Change.ADDED, "public", "table", "notes", null, ""));

        String md = MarkdownDiff.render(changes, "migrations", "env:production");

        assertThat(md).startsWith("### Schema changes from `migrations` to `env:production`\n\n4 difference(s): 2 added, 1 removed, 1 changed.\n");
        assertThat(md).contains("#### Columns\n\n| change | name | definition |\n| --- | --- | --- |\n"
                + "| changed | `public.patients.email` | `text` → `text not null` |\n");
        assertThat(md).contains("#### Indexes").contains("#### Policies").contains("| added | `public.notes` |  |");
        assertThat(md.indexOf("#### Tables")).isLessThan(md.indexOf("#### Columns"));
        assertThat(md.indexOf("#### Columns")).isLessThan(md.indexOf("#### Indexes"));
    }

    @Test
    void definitionsStayInsideTheirCell() {
        String body = "CREATE FUNCTION f() RETURNS int\n LANGUAGE sql\nAS $$ SELECT 1 | 2 $$" + " -- padding".repeat(20);
        String md = MarkdownDiff.render(List.of(
                new SchemaChange(SchemaChange.Change.ADDED, "shop", "function", "f()", null, body),
                new SchemaChange(SchemaChange.Change.ADDED, "shop", "view", "v", null, "select `t`.`a` AS `a` from `t`")), "a.json", "env:dev");

        String row = md.lines().filter(l -> l.startsWith("| added | `shop.f()`")).findFirst().orElseThrow();
        assertThat(row).contains("SELECT 1 \\| 2").doesNotContain("\n").contains("…").endsWith("` |");
        assertThat(md).contains("| added | `shop.v` | `` select `t`.`a` AS `a` from `t` `` |");
    }

    @Test
    void noDifferenceSaysSo() {
        assertThat(MarkdownDiff.render(List.of(), "migrations", "env:dev")).contains("No difference.");
    }
}
