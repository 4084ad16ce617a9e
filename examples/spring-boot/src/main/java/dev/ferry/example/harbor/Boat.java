package dev.ferry.example.harbor;

/** A boat with its berth, home port and the berth's length in metres. */
public record Boat(String name, int berth, String homePort, int berthLength) {
}
