package dev.ferry.example.harbor;

/** A boat with its berth and home port. */
public record Boat(String name, int berth, String homePort) {
}
