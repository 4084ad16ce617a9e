package dev.ferry.spring.boot.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small application whose start-up reads a table that only Ferry's migrations create. */
@SpringBootApplication
public class ShopApplication {
}
