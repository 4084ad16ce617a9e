package dev.ferry.rekey;

import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.RekeySql.SyncReference;
import dev.ferry.db.RekeySql.SyncSpec;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan laid over the database: each planned table with the foreign keys that point at planned
 * keys (declared in the catalog or given in the plan), parents first, and the declared foreign keys
 * from tables outside the plan, which would lose their target at the switch.
 */
final class RekeyModel {
    /** One planned table and the references it holds to planned keys. */
    record Keyed(RekeyTable plan, TableRef ref, List<Reference> references) {
        SyncSpec sync() {
            return sync(false);
        }

        SyncSpec sync(boolean switched) {
            return new SyncSpec(plan.key(), plan.keyUuid(), plan.entity(), references.stream().map(Reference::sync).toList(), switched);
        }
    }

    /** A reference from {@code column} to {@code parent}'s key; {@code constraint} is the declared integer foreign key, if any. */
    record Reference(String column, RekeyTable parent, TableRef parentRef, String constraint) {
        String uuidColumn() {
            return RekeyNames.uuidColumn(column);
        }

        SyncReference sync() {
            return new SyncReference(column, uuidColumn(), parentRef, parent.key(), parent.keyUuid(), parent.entity());
        }
    }

    private final String schema;
    private final List<Keyed> tables;
    private final List<ForeignKey> outsiders;

    private RekeyModel(String schema, List<Keyed> tables, List<ForeignKey> outsiders) {
        this.schema = schema;
        this.tables = tables;
        this.outsiders = outsiders;
    }

    static RekeyModel read(Connection c, Dialect d, RekeyPlan plan) throws SQLException {
        String schema = d.currentSchema(c);
        List<ForeignKey> declared = d.foreignKeys(c, schema);
        List<Keyed> tables = new ArrayList<>();
        List<ForeignKey> outsiders = new ArrayList<>();
        for (RekeyTable t : plan.tables()) {
            List<Reference> refs = new ArrayList<>();
            for (ForeignKey fk : declared) {
                if (fk.table().equals(t.table()) && fk.columns().size() == 1) {
                    plan.table(fk.refTable()).filter(p -> p.key().equals(fk.refColumn()))
                            .ifPresent(p -> refs.add(new Reference(fk.column(), p, new TableRef(schema, p.table()), fk.name())));
                }
            }
            // After the switch only Ferry's UUID foreign keys are declared; each still names its integer twin.
            for (ForeignKey fk : declared) {
                String twin = integerTwin(fk, t);
                if (twin != null && refs.stream().noneMatch(x -> x.column().equals(twin))) {
                    plan.table(fk.refTable()).filter(p -> p.keyUuid().equals(fk.refColumn()))
                            .ifPresent(p -> refs.add(new Reference(twin, p, new TableRef(schema, p.table()), null)));
                }
            }
            for (RekeyReference r : plan.references()) {
                if (r.table().equals(t.table()) && refs.stream().noneMatch(x -> x.column().equals(r.column()))) {
                    RekeyTable p = plan.table(r.parent()).orElseThrow();
                    refs.add(new Reference(r.column(), p, new TableRef(schema, p.table()), null));
                }
            }
            tables.add(new Keyed(t, new TableRef(schema, t.table()), List.copyOf(refs)));
        }
        for (ForeignKey fk : declared) {
            if (plan.table(fk.table()).isEmpty() && plan.table(fk.refTable()).isPresent()) {
                outsiders.add(fk);
            }
        }
        return new RekeyModel(schema, List.copyOf(tables), List.copyOf(outsiders));
    }

    /** The integer column a Ferry UUID foreign key of {@code t} stands for, or {@code null} when it is not one. */
    private static String integerTwin(ForeignKey fk, RekeyTable t) {
        String suffix = RekeyNames.uuidColumn("");
        if (!fk.table().equals(t.table()) || fk.columns().size() != 1 || !fk.column().endsWith(suffix)) {
            return null;
        }
        String twin = fk.column().substring(0, fk.column().length() - suffix.length());
        return fk.name().equals(RekeyNames.foreignKey(t.table(), twin)) ? twin : null;
    }

    String schema() {
        return schema;
    }

    List<Keyed> tables() {
        return tables;
    }

    /** Declared foreign keys from tables outside the plan to a planned key. */
    List<ForeignKey> outsiders() {
        return outsiders;
    }
}
