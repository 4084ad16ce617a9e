package dev.ferry.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of MariaDB's re-keying SQL that are pure text: compatibility URLs and the shape of the sync triggers. */
class MariaDbRekeySqlTest {
    private final RekeySql sql = new MariaDbDialect().rekey();

    @Test
    void theCompatUrlNamesTheVersionsDatabaseAndKeepsTheOtherParameters() {
        assertThat(sql.urlWithSchema("jdbc:mariadb://db.example:3306/shop", "shop_v1", "shop", "ferry-compat-v1"))
                .isEqualTo("jdbc:mariadb://db.example:3306/shop_v1?connectionAttributes=program_name:ferry-compat-v1");
        assertThat(sql.urlWithSchema("jdbc:mariadb://db.example/shop?sslMode=verify-full", "shop_v2", "shop", "ferry-compat-v2"))
                .isEqualTo("jdbc:mariadb://db.example/shop_v2?sslMode=verify-full&connectionAttributes=program_name:ferry-compat-v2");
        assertThat(sql.urlWithSchema("jdbc:mysql://a:3306,b:3306/shop", "shop_v1", "shop", "ferry-compat-v1"))
                .startsWith("jdbc:mysql://a:3306,b:3306/shop_v1?");
    }

    @Test
    void eachTableGetsAnInsertAndAnUpdateTriggerReplacedInPlace() {
        TableRef orders = new TableRef("shop", "dispatch_order");
        RekeySql.SyncSpec spec = new RekeySql.SyncSpec("id", "id_uuid", "orders", List.of(new RekeySql.SyncReference("patient_id",
                "patient_id_uuid", new TableRef("shop", "dispatch_patient"), "id", "id_uuid", "patients")), false);

        List<String> ddl = sql.syncTrigger(orders, spec);

        assertThat(ddl).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("CREATE OR REPLACE TRIGGER").contains("SIGNAL SQLSTATE '45000'"));
        assertThat(ddl.get(0)).contains("BEFORE INSERT").doesNotContain("OLD.");
        assertThat(ddl.get(1)).contains("BEFORE UPDATE").contains("OLD.`patient_id_uuid`");
        assertThat(sql.dropSyncTrigger(orders)).containsExactly("DROP TRIGGER IF EXISTS `shop`.`ferry_rekey_dispatch_order_ins`",
                "DROP TRIGGER IF EXISTS `shop`.`ferry_rekey_dispatch_order_upd`");
    }
}
