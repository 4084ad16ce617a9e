package dev.ferry.example.harbor;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /boats}: the berth list. */
@RestController
public class BoatController {
    private final BoatRepository boats;

    public BoatController(BoatRepository boats) {
        this.boats = boats;
    }

    @GetMapping("/boats")
    public List<Boat> boats() {
        return boats.findAll();
    }
}
