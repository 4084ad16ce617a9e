/**
 * Internal: the embedded PostgreSQL (real binaries from Maven Central, data under {@code .ferry/}),
 * used when an environment has no URL.
 */
package dev.ferry.db.embedded;
