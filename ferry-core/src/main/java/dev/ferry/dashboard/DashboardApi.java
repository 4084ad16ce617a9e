package dev.ferry.dashboard;

import dev.ferry.FerryException;
import java.util.Map;

/** The JSON API: each {@code GET /api/...} path and the dashboard call behind it (the README lists them). */
final class DashboardApi {
    private DashboardApi() {
    }

    static Object get(Dashboard d, String path, Map<String, String> query) {
        String env = query.get("env");
        String[] parts = path.substring("/api/".length()).split("/");
        return switch (parts[0]) {
            case "environments" -> d.environments();
            case "migrations" -> d.migrations(env);
            case "drift" -> d.drift(env);
            case "transfers" -> parts.length == 1 ? d.transferRuns()
                    : parts.length == 3 && parts[2].equals("rejects") ? d.rejects(DashboardServer.segment(path, 2))
                    : d.transfer(DashboardServer.segment(path, 2));
            case "verifications" -> d.verifications();
            case "backups" -> d.backups(env);
            case "snapshots" -> d.snapshots(env);
            case "doctor" -> d.doctor(env);
            case "audit" -> d.audit(env);
            default -> throw FerryException.invalidInput("There is no API " + path + "; the README's Dashboard section lists them");
        };
    }
}
