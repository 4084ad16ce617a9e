import org.flywaydb.core.Flyway;

/** Runs flyway-core the way the Ferry benchmark runs Ferry: one command per process. */
public final class FlywayRunner {
    public static void main(String[] args) {
        String url = args[0];
        String user = args[1];
        String command = args[2];
        String location = args[3];
        Flyway flyway = Flyway.configure()
                .dataSource(url, user, null)
                .locations("filesystem:" + location)
                .load();
        switch (command) {
            case "migrate" -> System.out.println("flyway applied " + flyway.migrate().migrationsExecuted);
            case "info" -> System.out.println("flyway info " + flyway.info().all().length + " migrations");
            default -> throw new IllegalArgumentException(command);
        }
    }
}
