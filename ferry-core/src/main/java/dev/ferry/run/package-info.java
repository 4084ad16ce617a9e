/**
 * Internal: run ids, the JSON-lines journal under {@code .ferry/logs/} and the reports under
 * {@code .ferry/reports/} that every state-changing command writes.
 */
package dev.ferry.run;
