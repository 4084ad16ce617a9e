/**
 * Internal: the clinic example data behind {@code ferry demo} and the benchmarks.
 */
package dev.ferry.examples;
