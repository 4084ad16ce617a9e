package dev.ferry.example.harbor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The harbor's rules, configured in {@code application.properties}: here, how long a berth may be. */
@Component
public class HarborMaster {
    private final int metresPerBerth;

    public HarborMaster(@Value("${harbor.metres-per-berth}") int metresPerBerth) {
        this.metresPerBerth = metresPerBerth;
    }

    public int berthLength(int berth) {
        return metresPerBerth * (berth % 2 == 0 ? 2 : 1);
    }
}
