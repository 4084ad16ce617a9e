package dev.ferry.example.harbor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A harbor's berth list: Ferry migrates its schema at start-up, before the repository reads it. */
@SpringBootApplication
public class HarborApplication {
    public static void main(String[] args) {
        SpringApplication.run(HarborApplication.class, args);
    }
}
